// The SDK's loader, `/sdk/tandem.js`: the one script tag sites add, at a stable URL (the only
// file browsers revalidate). Written so that even a very old browser can run it (ES5, no
// modern syntax — esbuild keeps it so): it checks what co-browsing needs and loads the
// launcher (page.ts, a module with a content-hashed name), or, when the browser is too old,
// stays inactive and tells the server, so the agent sees "not available for this customer's
// browser" instead of a button that fails.
/* eslint-disable no-var */
/** The launcher's file name, content-hashed (set by web/build.mjs). */
declare var __TANDEM_LAUNCHER__: string;
(function () {
  // Untyped on purpose: an old browser may lack what the DOM types promise, which is what it probes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  var w = window as any;
  var d = document;
  if (w.Tandem) return;
  var script = (d.currentScript as HTMLScriptElement) || d.querySelector('script[src*="/sdk/tandem.js"]');
  var src = script ? script.src : '/sdk/tandem.js';
  var queue: unknown[] = [];
  w.Tandem = {
    q: queue,
    init: function (o: unknown) {
      queue.push(o);
    },
    visitorId: function () {
      return visitor();
    },
    invite: function () {
      w.Tandem.i = 1;
    },
  };

  function visitor(): string {
    try {
      var id = w.localStorage.getItem('tandem.visitor');
      if (id && /^[0-9a-f]{32}$/.test(id)) return id;
      var bytes = new Uint8Array(16);
      w.crypto.getRandomValues(bytes);
      id = '';
      for (var i = 0; i < bytes.length; i++) id += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
      w.localStorage.setItem('tandem.visitor', id);
      return id;
    } catch (e) {
      return '';
    }
  }

  // A browser that runs module scripts has ES2015 (Promise, Map) and MutationObserver too.
  function missing(): string {
    if (typeof w.WebSocket !== 'function') return 'no WebSocket';
    if (!w.Element || typeof w.Element.prototype.attachShadow !== 'function') return 'no Shadow DOM';
    if (!('noModule' in d.createElement('script'))) return 'no module scripts';
    try {
      new Function('var a = {}; return a?.b ?? 1')();
    } catch (e) {
      // A page whose Content-Security-Policy forbids eval cannot run the check (EvalError);
      // only a syntax error says the browser is too old.
      if (e instanceof SyntaxError) return 'no ES2020 syntax';
    }
    return '';
  }

  // In a same-origin frame of a page that runs Tandem itself, the top page's capture already
  // shares this frame (and its remote control reaches in); a second instance here would take
  // the session over with the frame's document.
  try {
    if (w.frameElement && w.parent.document.querySelector('script[src*="/sdk/tandem"]')) return;
  } catch (e) {
    /* a cross-origin parent: this page co-browses on its own */
  }

  var why = missing();
  if (why) {
    var id = visitor();
    var url = src.replace(/\/sdk\/tandem\.js.*$/, '/api/visitors/' + id + '/support');
    if (id && w.navigator && w.navigator.sendBeacon) w.navigator.sendBeacon(url, why);
    return;
  }
  var launcher = d.createElement('script');
  launcher.type = 'module';
  launcher.src = src.replace(/tandem\.js[^/]*$/, __TANDEM_LAUNCHER__);
  (d.head || d.documentElement).appendChild(launcher);
})();
