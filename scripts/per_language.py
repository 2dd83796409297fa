"""Per-language output: one search index and one sitemap per language.

Search: one lunr index per language, each with its own stemmer and separator.

mkdocs-static-i18n merges every language into one `search/search_index.json`, so a search
on a Spanish page would return English pages and load every language's lunr files. After
the build, `split_search()` writes `<lang>/search/search_index.json` holding only that language's
pages (locations relative to the language folder), and the hook points each page's Material
config `base` at its language folder, so Material fetches that index and nothing else.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import theme_anchors as anchors

# Material's worker keeps only the pipeline steps listed and loads lunr.<lang>.min.js for every
# entry of `lang` except "en"; the separator splits text into words before that. Material's own
# per-language settings (theme_anchors.theme_language) are the base; these are our deliberate
# differences, each with its reason.
_STEMMED = ["trimmer", "stopWordFilter", "stemmer"]
_OUR_SEARCH = {
    # Stemming (with the query-side stemming in
    # overrides/assets/javascripts/search/stemming-worker.js, so prefix search still
    # works) lets "injections" find "injection"; Material only filters stop words.
    "en": {"pipeline": _STEMMED},
    "es": {"pipeline": _STEMMED},
    "ru": {"pipeline": _STEMMED},
    # And "l'ablation" is two words, so "ablation" finds it.
    "fr": {"pipeline": _STEMMED, "separator": r"[\s\-'’]+"},
    # Vietnamese words are syllables separated by spaces; lunr.vi has no stemmer to apply.
    "vi": {"pipeline": ["trimmer", "stopWordFilter"]},
    # Material falls back to English for Korean and Arabic; lunr-languages has both, with stemmers.
    "ko": {"lang": ["ko"], "pipeline": _STEMMED},
    # Arabic's comma, semicolon and question mark end words too.
    "ar": {"lang": ["ar"], "separator": r"[\s\-،؛؟]+", "pipeline": _STEMMED},
    # Chinese has no spaces: Material's search plugin segments words with jieba at build time and
    # joins them with U+200B. Full-width colon and brackets end words too, and jieba's words are
    # indexed as they are (Material would run English's stemmer on them).
    "zh": {"separator": r"[\s\u200b\u3000\-、。，．？！；：（）]+", "pipeline": []},
}


def material_search(lang: str) -> dict:
    """Material's own search settings for a language."""
    pipeline = anchors.theme_language(lang, "search.config.pipeline")
    return {
        "lang": [anchors.theme_language(lang, "search.config.lang")],
        "separator": anchors.theme_language(lang, "search.config.separator"),
        "pipeline": [step.strip() for step in pipeline.split(",") if step.strip()],
    }


def search_settings(lang: str) -> dict:
    """The search settings of a language's index: Material's, with our deliberate differences."""
    return {**material_search(lang), **_OUR_SEARCH.get(lang, {})}


INDEX = Path("search") / "search_index.json"


def language_base(base: str, lang: str) -> str:
    """Material `base` (relative path to the site root) turned into the language folder."""
    base = base.rstrip("/") or "."
    return f"{base}/{lang}/" if base != "." else f"./{lang}/"


def split_search(site: Path, languages: list[str], built: list[str] | None = None) -> dict[str, Path]:
    """Write one index per built language from the merged index; return the paths written.

    `languages` are all configured ones, the default first (it sits at the root of the site).
    """
    merged_path = anchors.SEARCH_INDEX.find(site)[0]
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    default, others = languages[0], languages[1:]
    buckets: dict[str, list] = {lang: [] for lang in languages}
    for doc in merged["docs"]:
        lang = next((code for code in others if doc["location"].startswith(f"{code}/")), default)
        if lang != default:
            doc = dict(doc, location=doc["location"][len(lang) + 1:])
        buckets[lang].append(doc)
    written = {}
    for lang, docs in buckets.items():
        if built is not None and lang not in built:
            continue
        config = dict(merged["config"])
        config.update(search_settings(lang))
        path = site / INDEX if lang == default else site / lang / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False,
                                   separators=(",", ":")), encoding="utf-8")
        written[lang] = path
    return written


_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>")


def split_sitemap(site: Path, site_url: str, languages: list[str], built: list[str] | None = None) -> dict[str, Path]:
    """Write `<lang>/sitemap.xml` with that language's pages and their hreflang alternates.

    Material's language switcher fetches `sitemap.xml` beside each language's root; the root
    sitemap keeps every URL, so search engines find all languages from one file.
    """
    if not site_url:
        return {}
    root = anchors.SITEMAP.find(site)[0]
    text = root.read_text(encoding="utf-8")
    head, tail = text[: text.index("<url>")].rstrip(" "), "\n</urlset>\n"
    written = {}
    for lang in [lang for lang in languages[1:] if built is None or lang in built]:
        prefix = site_url.rstrip("/") + f"/{lang}/"
        entries = [u for u in _URL.findall(text) if _LOC.search(u).group(1).startswith(prefix)]
        path = site / lang / "sitemap.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(head + "".join(entries).lstrip("\n") + tail, encoding="utf-8")
        written[lang] = path
    return written


# Browser code appended to Material's search worker (overrides/hooks/guide.py keeps it off the site as a file).
STEMMING_JS = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/search/stemming-worker.js"
STEMMING_WORKER = "search-stemmed.js"


def use_stemming_worker(page_html: str, where: str = "page") -> str:
    """Point Material's config at the stemming wrapper of its search worker."""
    return anchors.SEARCH_WORKER.sub(lambda m: m.group(1) + m.group(2) + STEMMING_WORKER + m.group(4), page_html, where)


def write_stemming_worker(site: Path) -> Path | None:
    """Write the wrapper beside Material's worker, which it loads first."""
    workers = anchors.SEARCH_WORKER_FILE.find(site)
    path = workers[0].with_name(STEMMING_WORKER)
    path.write_text(f'importScripts("{workers[0].name}");\n' + STEMMING_JS.read_text(encoding="utf-8"), encoding="utf-8")
    return path
