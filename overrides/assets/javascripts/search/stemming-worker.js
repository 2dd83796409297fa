// Material's search worker, plus query-side stemming. Written next to Material's worker by the
// build hook (overrides/hooks/guide.py), which puts the worker's file name on the first line.
//
// Material appends "*" to every typed word for search-as-you-type, and lunr skips its pipeline
// (the stemmer) for wildcard terms; an index of stems would then never match a fully typed word
// ("fisioterapia*" against the stem "fisioterapi"). Stemming the word before the "*" restores
// both: prefixes while typing, and every inflection of a finished word.
//
// The stemming happens where lunr parses a query, not on the query string, because Material parses
// the query a second time to tell which words a result matched; those words become the result link's
// "?h=" highlight on the opened page, and an unstemmed word ("rhizotomy") never matched a stem
// ("rhizotomi"), so the opened page highlighted nothing.
(function () {
  "use strict";
  var lunr = self.lunr;
  // The search pipeline (stemmer included) of the index Material builds in this worker (no prebuilt index).
  var pipeline = null;

  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    var index = build.apply(this, arguments);
    pipeline = index.pipeline;
    return index;
  };

  // The stem, or the part it shares with the typed word where the stemmer rewrote an ending
  // ("rhizotomy" -> "rhizotomi"): the opened page marks that prefix, and it is on the page.
  function stem(clause) {
    var match = /^([^*]+)\*$/.exec(clause.term);
    if (!match || !pipeline) return;
    var word = match[1], out = pipeline.runString(word), stemmed = out.length && out[0];
    if (!stemmed) return;
    var shared = 0;
    while (shared < word.length && shared < stemmed.length && word[shared] === stemmed[shared]) shared++;
    var prefix = stemmed.slice(0, shared);
    clause.term = (prefix.length >= 3 && prefix.length >= stemmed.length - 2 ? prefix : stemmed) + "*";
  }

  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var before = this.query.clauses.length;
    var query = parse.apply(this, arguments);
    this.query.clauses.slice(before).forEach(stem);
    return query;
  };
})();
