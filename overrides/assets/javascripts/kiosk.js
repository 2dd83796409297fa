// Kiosk edition only (mkdocs.kiosk.yml): keeps each reader's visit private and inside the bundle.
(function () {
  "use strict";

  var resetting = false;
  var resetNow = null;  // set once the page's idle timer is ready

  function forgetStorage() {
    try { localStorage.clear(); } catch (e) { /* storage may be disabled: nothing to forget */ }
    try { sessionStorage.clear(); } catch (e) { /* as above */ }
  }

  // Every navigation replaces the current history entry, so Back never shows a previous reader's page.
  function go(url) {
    location.replace(url);
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
    if (!link || ev.button !== 0) return;
    ev.preventDefault();
    if (link.hasAttribute("data-kiosk-reset") && resetNow) {
      resetNow();
      return;
    }
    var url = new URL(link.href, location.href);
    if (url.protocol === "file:") go(url.href);
  }, true);

  // No new windows, tabs, long-press menus, drags or print dialogs.
  ["auxclick", "contextmenu", "dragstart"].forEach(function (type) {
    document.addEventListener(type, function (ev) { ev.preventDefault(); }, true);
  });
  window.open = function () { return null; };
  window.print = function () {};

  if (document.body.classList.contains("kiosk-start")) {
    forgetStorage();
    return;
  }

  // The countdown panel comes after the scripts at the end of the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startIdleTimer);
  } else {
    startIdleTimer();
  }

  function startIdleTimer() {
    var panel = document.querySelector(".kiosk-idle[data-kiosk-idle]");
    if (!panel) return;
    var idleMs = Number(panel.getAttribute("data-kiosk-idle")) * 1000;
    var warnMs = Number(panel.getAttribute("data-kiosk-countdown")) * 1000;
    var start = panel.getAttribute("data-kiosk-start");
    var seconds = panel.querySelector("[data-kiosk-seconds]");
    var timer = 0, ticker = 0, deadline = 0;

    function setToggle(id, value) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked !== value) {
        toggle.checked = value;
        toggle.dispatchEvent(new Event("change"));
      }
    }

    // Puts the screen back as the next reader should find it, then goes to the start screen.
    function reset() {
      if (resetting) return;
      resetting = true;
      clearTimeout(timer);
      clearInterval(ticker);
      var query = document.querySelector("[data-md-component=search-query]");
      if (query) {
        query.value = "";
        query.dispatchEvent(new Event("input"));
      }
      setToggle("__search", false);
      setToggle("__drawer", false);
      Array.prototype.forEach.call(document.querySelectorAll("input.md-nav__toggle, input.md-toggle"), function (toggle) {
        if (toggle.id !== "__search" && toggle.id !== "__drawer") toggle.checked = false;
      });
      Array.prototype.forEach.call(document.querySelectorAll("details[open]"), function (details) {
        details.open = false;
      });
      if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      window.scrollTo(0, 0);
      forgetStorage();
      go(new URL(start, location.href).href);
    }

    function tick() {
      var left = Math.ceil((deadline - Date.now()) / 1000);
      if (left <= 0) {
        reset();
        return;
      }
      seconds.textContent = String(left);
    }

    function warn() {
      panel.hidden = false;
      tick();
      ticker = setInterval(tick, 200);
    }

    // Any touch, key, wheel or typing counts as someone reading.
    function arm() {
      if (resetting) return;
      clearTimeout(timer);
      clearInterval(ticker);
      panel.hidden = true;
      deadline = Date.now() + idleMs;
      timer = setTimeout(warn, Math.max(0, idleMs - warnMs));
    }

    // Not "scroll": the page scrolls itself too (anchors, menus); a reader's scroll starts with a touch.
    // A touch on the panel waits for its click, so the panel is not gone before the tap lands.
    function activity(ev) {
      if (!panel.hidden && ev.target instanceof Node && panel.contains(ev.target)) return;
      arm();
    }
    ["pointerdown", "touchstart", "keydown", "wheel", "input"].forEach(function (type) {
      window.addEventListener(type, activity, { capture: true, passive: true });
    });
    panel.addEventListener("click", arm);
    resetNow = reset;
    // A page restored from the back-forward cache starts its timer afresh.
    window.addEventListener("pageshow", arm);
    arm();
  }
})();
