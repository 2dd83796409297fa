// The guide's small scripts, in one file so each page makes one request for them.
(function () {
  "use strict";

  // Material fetches "<href>/sitemap.xml" for every <link rel="alternate"> when the page is
  // ready; ours are hreflang links to the same page in other languages, which have no such
  // file. Hide them from that one query and put them back right after it.
  var alternates = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"][hreflang]'));
  alternates.forEach(function (link) { link.setAttribute("rel", "x-alternate"); });
  document.addEventListener("DOMContentLoaded", function () {
    setTimeout(function () {
      alternates.forEach(function (link) { link.setAttribute("rel", "alternate"); });
    }, 0);
  });
})();
