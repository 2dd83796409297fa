// Accessibility fixes to Material's behaviour (WCAG 2.2 AA); tests/test_a11y*.py prove each one.
(function () {
  "use strict";

  function byId(id) {
    return document.getElementById(id);
  }

  function shown(element) {
    return element.checkVisibility ? element.checkVisibility({ checkVisibilityCSS: true }) : element.offsetWidth > 0;
  }

  function firstShown(root) {
    if (!root) return null;
    var links = root.querySelectorAll("a[href], button");
    for (var i = 0; i < links.length; i++) if (shown(links[i])) return links[i];
    return null;
  }

  function setToggle(input, checked) {
    if (input && input.checked !== checked) {
      input.checked = checked;
      input.dispatchEvent(new Event("change"));
    }
  }

  // Material opens the drawer, search and the phone table of contents with <label for=...>, which
  // the keyboard cannot reach (2.1.1): a real button with the same look takes each label's place.
  function labelButton(label, name, onOpen) {
    var input = byId(label.getAttribute("for"));
    if (!input || label.hidden) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " guide-toggle";
    button.setAttribute("data-guide-for", input.id);
    if (name) button.setAttribute("aria-label", name);
    button.setAttribute("aria-expanded", String(input.checked));
    Array.prototype.forEach.call(label.childNodes, function (node) { button.appendChild(node.cloneNode(true)); });
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(input.checked));
      if (input.checked && onOpen && document.activeElement === button) setTimeout(onOpen, 0);
    });
    label.parentNode.insertBefore(button, label);
    label.hidden = true;
    return button;
  }

  function fixControls() {
    var search = document.querySelector(".md-search");
    var query = document.querySelector(".md-search__input");
    var nav = document.querySelector(".md-nav--primary");
    var toc = document.querySelector(".md-nav--primary .md-nav--secondary");
    // The search dialog is named after its field, in the page's language (4.1.2).
    if (search && query && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", query.getAttribute("aria-label") || query.placeholder);
    }
    document.querySelectorAll('.md-header label.md-header__button[for="__drawer"]').forEach(function (label) {
      // Focus moves into the opened drawer, so the next Tab does not land behind the overlay.
      labelButton(label, nav && nav.getAttribute("aria-label"), function () {
        var first = firstShown(document.querySelector(".md-sidebar--primary .md-nav__list"));
        if (first) first.focus();
      });
    });
    document.querySelectorAll('.md-header label.md-header__button[for="__search"]').forEach(function (label) {
      labelButton(label, query && query.getAttribute("aria-label"), function () {
        if (query) query.focus();
      });
    });
    document.querySelectorAll('.md-nav--primary label.md-nav__link[for="__toc"]').forEach(function (label) {
      labelButton(label, null, function () {
        var first = firstShown(toc);
        if (first) first.focus();
      });
    });
  }

  // Escape closes the phone table of contents, then the drawer; leaving either with Tab closes it,
  // and focus goes back to the button that opened it (2.1.2, 2.4.3, 2.4.11).
  function drawerKeys() {
    var drawer = byId("__drawer");
    var tocToggle = byId("__toc");
    var sidebar = document.querySelector(".md-sidebar--primary");
    var toc = document.querySelector(".md-nav--primary .md-nav--secondary");
    var button = document.querySelector('.guide-toggle[data-guide-for="__drawer"]');
    var tocButton = document.querySelector('.guide-toggle[data-guide-for="__toc"]');
    if (!drawer || !sidebar || !button) return;
    function tocOpen() {
      return tocToggle && tocToggle.checked && tocButton && shown(tocButton);
    }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      if (tocOpen() && toc.contains(document.activeElement)) {
        setToggle(tocToggle, false);
        tocButton.focus();
      } else {
        setToggle(drawer, false);
        if (shown(button)) button.focus();
      }
    });
    sidebar.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (!next) return;
      if (tocOpen() && toc.contains(event.target) && !toc.contains(next)) setToggle(tocToggle, false);
      if (!sidebar.contains(next) && next !== button) setToggle(drawer, false);
    });
  }

  // Closing search with Escape puts focus back on the search button where there is one (2.4.3).
  function searchKeys() {
    var search = byId("__search");
    var button = document.querySelector('.guide-toggle[data-guide-for="__search"]');
    if (!search || !button) return;
    search.addEventListener("change", function () {
      // Material blurs the field right after closing; look once it has.
      setTimeout(function () {
        var active = document.activeElement;
        if (!search.checked && (!active || active === document.body) && shown(button)) button.focus();
      }, 0);
    });
  }

  // Single-key shortcuts (f, s, /, n, p, ...) fire on speech input too; only modified keys stay (2.1.4).
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
    var target = event.target;
    var editable = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement || (target && target.isContentEditable);
    if (!editable) event.stopPropagation();
  }, true);

  // Glossary tooltips: Escape hides the open one without moving focus or the pointer (1.4.13).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".md-tooltip2--active").forEach(function (tip) {
      tip.classList.add("guide-tooltip--dismissed");
    });
  });
  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest(".guide-term")) {
        document.querySelectorAll(".guide-tooltip--dismissed").forEach(function (tip) {
          tip.classList.remove("guide-tooltip--dismissed");
        });
      }
    });
  });

  // Material adds each tooltip at the end of the page, outside every landmark. Its text already reaches
  // screen readers as the description of the focused term (aria-describedby), so browse mode skips it (1.3.1).
  function hideTooltips(root) {
    if (root.nodeType !== 1) return;
    var tips = root.matches(".md-tooltip2") ? [root] : root.querySelectorAll(".md-tooltip2");
    Array.prototype.forEach.call(tips, function (tip) { tip.setAttribute("aria-hidden", "true"); });
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) { change.addedNodes.forEach(hideTooltips); });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // Question-list checkboxes take their question as their name (1.3.1, 4.1.2).
  function nameCheckboxes() {
    document.querySelectorAll(".task-list-item").forEach(function (item, index) {
      var box = item.querySelector(":scope > .task-list-control input[type=checkbox]");
      if (!box || box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) return;
      if (!item.id) item.id = "guide-task-" + (index + 1);
      box.setAttribute("aria-labelledby", item.id);
    });
  }

  // Material shows the palette toggle beside the palette in use but, when the palette comes from the
  // system setting, checks no radio: Tab then lands on a hidden one. Check the one whose label shows (2.4.7).
  function checkPalette() {
    var inputs = document.querySelectorAll('input.md-option[name="__palette"]');
    if (Array.prototype.some.call(inputs, function (input) { return input.checked; })) return;
    inputs.forEach(function (input) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL" && !label.hidden) input.checked = true;
    });
  }

  var started = false;
  function fix() {
    fixControls();
    checkPalette();
    nameCheckboxes();
    if (!started) {
      started = true;
      drawerKeys();
      searchKeys();
    }
    // Tests wait for this mark, so they check the page after the fixes above.
    document.documentElement.setAttribute("data-guide-a11y", "ready");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
