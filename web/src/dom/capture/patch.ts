// Wrapping the page's prototypes without owning them. A wrapper calls the original first and
// then notifies capture, swallowing capture's own errors so the page never sees them. Teardown
// puts the original back, unless the page has wrapped ours since, in which case ours stays in
// the chain but turns into a pure pass-through.

/** Wrap method `name` of `target`; `after(self, result, args)` runs after the original. */
export function patchMethod<T extends object>(
  // The receiver's type is the caller's to name (an Element, a CSSStyleSheet, ...).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  target: T, name: string, after: (self: any, result: unknown, args: unknown[]) => void,
): () => void {
  const slots = target as Record<string, unknown>;
  const orig = slots[name];
  if (typeof orig !== 'function') return () => {};
  let live = true;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    const result = orig.apply(this, args);
    if (live) {
      try { after(this, result, args); } catch { /* capture's problem, never the page's */ }
    }
    return result;
  };
  slots[name] = wrapper;
  return () => {
    live = false;
    if (slots[name] === wrapper) slots[name] = orig;
  };
}

/** Wrap the setter of accessor `prop` on `target`; `after(self)` runs after each set. */
// The receiver's type is the caller's to name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function patchSetter<T extends object>(target: T, prop: string, after: (self: any) => void): () => void {
  const desc = Object.getOwnPropertyDescriptor(target, prop);
  if (!desc || !desc.set || !desc.configurable) return () => {};
  const set = desc.set;
  let live = true;
  const wrapped: PropertyDescriptor = {
    ...desc,
    set(this: unknown, v: unknown) {
      set.call(this, v);
      if (live) {
        try { after(this); } catch { /* never the page's problem */ }
      }
    },
  };
  Object.defineProperty(target, prop, wrapped);
  return () => {
    live = false;
    const now = Object.getOwnPropertyDescriptor(target, prop);
    if (now && now.set === wrapped.set) Object.defineProperty(target, prop, desc);
  };
}
