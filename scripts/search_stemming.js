// Material's search worker, plus query-side stemming. Written next to Material's worker by the
// build hook (overrides/hooks/guide.py), which puts the worker's file name on the first line.
//
// Material appends "*" to every typed word for search-as-you-type, and lunr skips its pipeline
// (the stemmer) for wildcard terms; an index of stems would then never match a fully typed word
// ("fisioterapia*" against the stem "fisioterapi"). Stemming the word before the "*" restores
// both: prefixes while typing, and every inflection of a finished word.
(function () {
  "use strict";
  var search = self.lunr.Index.prototype.search;
  self.lunr.Index.prototype.search = function (query) {
    var pipeline = this.pipeline;
    var stemmed = String(query).replace(/(^|[\s+\-:])([^\s*:^~+\-]+)\*/g, function (all, before, word) {
      var out = pipeline.runString(word);
      return out.length && out[0] ? before + out[0] + "*" : all;
    });
    return search.call(this, stemmed);
  };
})();
