// Kiosk only: pages opened from file:// may not start web workers, so Material's search
// worker runs in a hidden iframe instead. Listed in extra.polyfills of mkdocs.kiosk.yml; its
// name contains "iframe-worker" so Material's offline plugin does not add its CDN copy.
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.IFrameWorker === "function") return;

  // Loads one script into the iframe's document and settles when it has run; `track` counts
  // the loads still running, so the worker is ready only once its own imports have run too.
  function load(doc, url, track) {
    track.pending += 1;
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); track.done(); };
      script.onerror = function () { reject(new Error("could not load " + url)); track.done(); };
      doc.body.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var worker = this;
      this.url = new URL(String(url), location.href).href;
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.title = "search";
      this.frame.tabIndex = -1;
      this.frame.setAttribute("aria-hidden", "true");
      document.body.appendChild(this.frame);
      var win = this.frame.contentWindow;
      var doc = this.frame.contentDocument;
      // The worker's globals: replies come back here; imports resolve like a worker's would.
      win.postMessage = function (data) {
        var copy = structuredClone(data);
        setTimeout(function () { worker.emit(new MessageEvent("message", { data: copy })); }, 0);
      };
      var track = { pending: 0, done: function () {} };
      // Unlike a worker's, these imports cannot block: they return a promise (Material awaits it).
      win.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        track.pending += 1;
        var all = urls.reduce(function (done, next) {
          return done.then(function () { return load(doc, new URL(next, worker.url).href, track); });
        }, Promise.resolve());
        all.then(track.done, track.done);
        return all;
      };
      win.addEventListener("error", function (ev) {
        worker.emit(new ErrorEvent("error", { message: ev.message, filename: ev.filename, error: ev.error }));
      });
      this.ready = new Promise(function (resolve) {
        track.done = function () {
          track.pending -= 1;
          if (track.pending === 0) resolve();
        };
      });
      load(doc, this.url, track).catch(function (error) {
        worker.emit(new ErrorEvent("error", { message: String(error), error: error }));
      });
    }

    emit(event) {
      this.dispatchEvent(event);
      var handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
    }

    postMessage(data) {
      var worker = this;
      var copy = structuredClone(data);
      this.ready.then(function () {
        var win = worker.frame.contentWindow;
        if (win) win.dispatchEvent(new win.MessageEvent("message", { data: copy }));
      });
    }

    terminate() {
      this.frame.remove();
    }
  }

  // Material's search worker looks for `IFrameWorker` on its parent to find its lunr files.
  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
