"""Sizes of the built site: per-language search indexes, source maps and Material features nothing uses."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from .. import content


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def site_sizes(site: Path, languages: list[str]) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    indexes = {}
    for lang in languages:
        index = site / ("" if lang == languages[0] else lang) / "search" / "search_index.json"
        if index.exists():
            indexes[lang] = {"raw_bytes": index.stat().st_size, "gzip_bytes": gz_size(index)}
    return {
        "total_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
        "search_index": indexes,
    }


def source_maps(folder: Path) -> list[str]:
    """Source map files, and CSS/JS files that still point at one."""
    found = [str(p.relative_to(folder)) for p in folder.rglob("*.map")]
    for path in folder.rglob("*"):
        if path.suffix in (".js", ".css") and path.is_file():
            if re.search(rb"[#@] sourceMappingURL=", path.read_bytes()[-400:]):
                found.append(f"{path.relative_to(folder)} (sourceMappingURL comment)")
    return sorted(found)


# Evidence in the built pages that an enabled Material feature does something here.
FEATURE_EVIDENCE = {
    "content.action.edit": r'class="md-content__button md-icon"[^>]*href=|href="[^"]*"[^>]*class="md-content__button',
    "content.action.view": r'class="md-content__button md-icon"',
    "content.tooltips": r"<abbr |\btitle=",
    "content.code.copy": r'<pre|class="highlight"',
    "content.code.annotate": r'class="md-annotation',
    "content.code.select": r'class="highlight"',
    "content.tabs.link": r'class="tabbed-set',
    "content.footnote.tooltips": r'class="footnote',
    "navigation.footer": r'class="md-footer__link',
    "navigation.instant": None,  # loads pages by XHR; a lean static guide has no use for it
    "navigation.instant.prefetch": None,
    "navigation.instant.progress": None,
    "navigation.tracking": r'class="md-nav__link" href="#',
    "navigation.top": r'class="md-top',
    "navigation.tabs": r'class="md-tabs',
    "navigation.sections": r'class="md-nav__item md-nav__item--section',
    "navigation.expand": r'md-nav__item--nested',
    "navigation.indexes": r'md-nav__container',
    "navigation.path": r'class="md-path',
    "navigation.prune": r'md-nav__item--nested',
    "toc.follow": r'class="md-nav__link" href="#',
    "toc.integrate": r'data-md-component="toc"',
    "search.highlight": r'data-md-component="search"',
    "search.suggest": r'data-md-component="search-suggest"',
    "search.share": r'data-md-component="search-share"',
    "header.autohide": r'data-md-component="header"',
    "announce.dismiss": r'data-md-component="announce"',
}


def unused_features(config: Path, site: Path) -> list[str]:
    """Enabled theme features with no use on any built page."""
    features = (content.load_config(config).get("theme") or {}).get("features") or []
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    unused = []
    for feature in features:
        pattern = FEATURE_EVIDENCE.get(feature, "")
        if pattern is None or (pattern and not any(re.search(pattern, html) for html in pages)):
            unused.append(feature)
    return unused
