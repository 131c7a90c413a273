// In-page instruments for the DOM benchmarks, injected next to the library under test as
// `window.BenchProbe`: a node counter, a long-task recorder, and a busy meter that times every
// animation-frame and timer callback (that is where time-sliced capture work runs). The probe's
// own waits use the timer it saw first, so the meter never times them.
(function () {
  var setTimeout0 = window.setTimeout.bind(window);

  function sleep(ms) { return new Promise(function (r) { setTimeout0(r, ms); }); }

  /** Every node of `root`, counting open shadow roots and same-origin frame documents. */
  function countNodes(root) {
    var n = 0;
    var stack = [root];
    while (stack.length) {
      var x = stack.pop();
      for (var c = x.firstChild; c; c = c.nextSibling) {
        n++;
        stack.push(c);
        if (c.nodeType === 1) {
          if (c.shadowRoot) { n++; stack.push(c.shadowRoot); }
          if (c.localName === 'iframe') {
            var d = null;
            try { d = c.contentDocument; } catch (e) { d = null; }
            if (d) { n++; stack.push(d); }
          }
        }
      }
    }
    return n;
  }

  function longTasks() {
    var tasks = [];
    var obs = new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) { tasks.push(e.duration); }); });
    obs.observe({ type: 'longtask', buffered: false });
    return { stop: function () { obs.takeRecords().forEach(function (e) { tasks.push(e.duration); }); obs.disconnect(); return tasks; } };
  }

  /** Times each rAF and setTimeout callback of `win` from now until stop(). */
  function busyMeter(win) {
    var raf = win.requestAnimationFrame, st = win.setTimeout;
    var slices = [];
    var wrap = function (cb) {
      return function () {
        var t = performance.now();
        try { return cb.apply(this, arguments); } finally { slices.push(performance.now() - t); }
      };
    };
    win.requestAnimationFrame = function (cb) { return raf.call(win, wrap(cb)); };
    win.setTimeout = function (cb, ms) {
      var rest = Array.prototype.slice.call(arguments, 2);
      return st.apply(win, [typeof cb === 'function' ? wrap(cb) : cb, ms].concat(rest));
    };
    return {
      slices: slices,
      stop: function () { win.requestAnimationFrame = raf; win.setTimeout = st; return slices; },
    };
  }

  /** Resolves once `last()` (a timestamp) is at least `ms` old. */
  async function quiet(last, ms) {
    for (;;) {
      await sleep(ms / 2);
      if (performance.now() - last() >= ms) return;
    }
  }

  /** After the next frame has been produced: rAF runs before paint, a message after it. */
  function nextFrame(win) {
    return new Promise(function (r) {
      win.requestAnimationFrame(function () {
        var ch = new MessageChannel();
        ch.port1.onmessage = function () { r(performance.now()); };
        ch.port2.postMessage(0);
      });
    });
  }

  function toBase64(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  function fromBase64(b64) {
    var s = atob(b64);
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  window.BenchProbe = { sleep: sleep, countNodes: countNodes, longTasks: longTasks, busyMeter: busyMeter, quiet: quiet, nextFrame: nextFrame, toBase64: toBase64, fromBase64: fromBase64 };
})();
