// Search costs nothing until a reader opens it: Material's index request and search worker wait
// for the search toggle, as Material itself does on file://. Inlined before Material's bundle.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var params = new URLSearchParams(location.search);
  // Highlighting (?h=) and shared searches (?q=) need the index at once.
  if (location.protocol === "file:" || !toggle || params.has("h") || params.has("q")) return;
  var opened = false;
  var waiting = [];
  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (start) { start(); });
  }
  toggle.addEventListener("change", function () { if (toggle.checked) open(); });

  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.guideUrl = String(url);
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!opened && /\/search\/search_index\.json$/.test(request.guideUrl || "")) {
      waiting.push(function () { xhrSend.apply(request, args); });
      return;
    }
    return xhrSend.apply(request, args);
  };

  // The worker starts with the first message Material sends it, which follows the index.
  var RealWorker = window.Worker;
  window.Worker = function (url, options) {
    if (!/\/workers\/search[^/]*\.js$/.test(String(url))) return new RealWorker(url, options);
    var proxy = new EventTarget();
    var worker = null;
    proxy.postMessage = function (data) {
      if (!worker) {
        worker = new RealWorker(url, options);
        worker.addEventListener("message", function (event) {
          proxy.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        worker.addEventListener("error", function () { proxy.dispatchEvent(new Event("error")); });
      }
      worker.postMessage(data);
    };
    proxy.terminate = function () { if (worker) worker.terminate(); };
    return proxy;
  };
})();
