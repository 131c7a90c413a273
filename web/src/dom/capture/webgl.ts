// WebGL canvases read back blank once their frame is shown unless made with
// `preserveDrawingBuffer`, so, as rrweb does, contexts made while capture runs keep their
// drawing buffer (a small cost on the GPU). Part of the capture itself, not of the canvas chunk
// (canvas.ts): a context made before that chunk arrives must keep its buffer too.

const GL = /^(?:webgl2?|experimental-webgl)$/;

/** Makes `view`'s WebGL contexts keep their drawing buffer. Returns the teardown. */
export function patchWebGl(view: Window & typeof globalThis): () => void {
  const canvasProto = view.HTMLCanvasElement?.prototype;
  const getContext = canvasProto?.getContext;
  if (canvasProto && typeof getContext === 'function') {
    const wrapper = function (this: HTMLCanvasElement, ...args: unknown[]) {
      const [type, attrs] = args;
      if (typeof type === 'string' && GL.test(type) && (attrs === undefined || (attrs !== null && typeof attrs === 'object'))) {
        return (getContext as (...a: unknown[]) => unknown).call(this, type, { ...(attrs as object | undefined), preserveDrawingBuffer: true });
      }
      return (getContext as (...a: unknown[]) => unknown).apply(this, args);
    };
    (canvasProto as unknown as Record<string, unknown>).getContext = wrapper;
    return () => {
      if ((canvasProto as unknown as Record<string, unknown>).getContext === wrapper) {
        (canvasProto as unknown as Record<string, unknown>).getContext = getContext;
      }
    };
  }
  return () => {};
}
