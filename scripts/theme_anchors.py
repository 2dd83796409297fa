"""Every place the build leans on Material's or mkdocs-static-i18n's internals, and nowhere else.

Each anchor is a markup pattern, an asset name or a private attribute the build depends on. When
one is missing the build stops with an error naming the anchor and the installed versions, never a
silent no-op. tests/test_theme_anchors.py checks every anchor against the installed theme, so a
version bump says which anchor moved before any page is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError


@lru_cache(maxsize=None)
def versions() -> str:
    """The installed versions, for error messages."""
    found = []
    for dist in ("mkdocs-material", "mkdocs-static-i18n"):
        try:
            found.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            found.append(f"{dist} not installed")
    return ", ".join(found)


class AnchorMissing(PluginError):
    """A theme internal the build relies on is gone (usually after a version bump)."""


def missing(name: str, where: str) -> AnchorMissing:
    return AnchorMissing(f"theme anchor `{name}` not found in {where} ({versions()}) — Material or static-i18n "
                         f"changed; update scripts/theme_anchors.py and run `pytest tests/test_theme_anchors.py`")


@lru_cache(maxsize=None)
def material_dir() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


# --------------------------------------------------------------------------- markup

@dataclass(frozen=True)
class Markup:
    """A pattern in Material's rendered HTML; `template` and `probe` locate it in the installed theme."""

    name: str
    pattern: re.Pattern
    template: str
    probe: str

    def search(self, text: str, where: str) -> re.Match:
        match = self.pattern.search(text)
        if match is None:
            raise missing(self.name, where)
        return match

    def sub(self, repl, text: str, where: str, count: int = 1) -> str:
        """re.sub that must match: a substitution that changed nothing is a build error."""
        out, found = self.pattern.subn(repl, text, count=count)
        if not found:
            raise missing(self.name, where)
        return out


CONFIG = Markup("config-script", re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S),
                "base.html", '<script id="__config" type="application/json">')
SEARCH_WORKER = Markup("search-worker", re.compile(r'("search": ")([^"]*/workers/)(search\.[0-9a-f]+\.min\.js)(")'),
                       "base.html", "assets/javascripts/workers/search.")
BUNDLE = Markup("bundle-script", re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>'),
                "base.html", "assets/javascripts/bundle.")
THEME_CSS = Markup("main-stylesheet",
                   re.compile(r'<link rel="stylesheet" href="([^":]*assets/stylesheets/main\.[0-9a-f]+\.min\.css)">'),
                   "base.html", "assets/stylesheets/main.")
# Both the stylesheet link and its preload hint point at main.css; lean.page points both at the trimmed file.
MAIN_HREF = Markup("main-stylesheet-href", re.compile(r'(href="[^"]*assets/stylesheets/)main\.[0-9a-f]+\.min\.css"'),
                   "base.html", "assets/stylesheets/main.")
PALETTE_CSS = Markup("palette-stylesheet",
                     re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/stylesheets/palette\.[0-9a-f]+\.min\.css">'),
                     "base.html", "assets/stylesheets/palette.")
ARTICLE = Markup("article", re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S),
                 "base.html", '<article class="md-content__inner md-typeset">')
FAVICON = Markup("favicon-link", re.compile(r'(<link rel="icon" href=)"([^"]+)"'), "base.html", '<link rel="icon" href=')
CHARSET = Markup("charset-meta", re.compile(r'\s*<meta charset="[^"]+">'), "base.html", '<meta charset="utf-8">')
ALTERNATE = Markup("hreflang-alternate", re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">'),
                   "base.html", '<link rel="alternate" href="{{ alt.link | url }}" hreflang=')
BODY_END = Markup("body-end", re.compile(r"</body>"), "base.html", "</body>")

# Every external script after the stylesheet gets a preload hint (lean.preload_hints); the bundle is one.
SCRIPT_SRC = Markup("script-src", re.compile(r'<script src="([^":]+)"></script>'), "base.html", "script_tag")
MARKUP = (SCRIPT_SRC, CONFIG, SEARCH_WORKER, BUNDLE, THEME_CSS, MAIN_HREF, PALETTE_CSS, ARTICLE, FAVICON, CHARSET, ALTERNATE, BODY_END)


def extra_link(kind: str, name: str) -> re.Pattern:
    """Material's link to an extra_css (kind "css") or extra_javascript ("js") file."""
    if kind == "css":
        return re.compile(rf'<link rel="stylesheet" href="([^"]*{re.escape(name)})">')
    return re.compile(rf'<script src="([^"]*{re.escape(name)})"></script>')



# --------------------------------------------------------------------------- assets

@dataclass(frozen=True)
class Asset:
    """A file (glob) in the built site, which Material or static-i18n writes."""

    name: str
    glob: str
    # The same glob under the installed theme; None for files written at build time.
    in_theme: str | None

    def find(self, site: Path) -> list[Path]:
        found = sorted(Path(site).glob(self.glob))
        if not found:
            raise missing(self.name, str(Path(site) / self.glob))
        return found


MAIN_CSS_FILE = Asset("main-stylesheet-file", "assets/stylesheets/main.*.min.css", "assets/stylesheets/main.*.min.css")
PALETTE_CSS_FILE = Asset("palette-stylesheet-file", "assets/stylesheets/palette.*.min.css",
                         "assets/stylesheets/palette.*.min.css")
SEARCH_WORKER_FILE = Asset("search-worker-file", "assets/javascripts/workers/search.*.min.js",
                           "assets/javascripts/workers/search.*.min.js")
LUNR_DIR = Asset("lunr-languages", "assets/javascripts/lunr", "assets/javascripts/lunr")


def lunr_files(search_langs: list[str]) -> set[str]:
    """The files under LUNR_DIR Material's search worker loads for an index's `lang` list."""
    needed = {f"lunr.{code}.min.js" for code in search_langs if code != "en"}
    if "ja" in search_langs:
        needed.add("tinyseg.js")
    if {"hi", "th"} & set(search_langs):
        needed.add("wordcut.js")
    if len(search_langs) > 1:
        needed.add("lunr.multi.min.js")
    # The worker loads the stemmer support first, whenever it loads anything.
    return needed | {"lunr.stemmer.support.min.js"} if needed else needed


# What lunr_files() mirrors, as it reads in the installed worker's code.
LUNR_LOADER_PROBES = ('case"ja":', "/tinyseg.js", 'case"hi":case"th":', "/wordcut.js", '!=="en"',
                      "/min/lunr.multi.min.js", "/min/lunr.stemmer.support.min.js")
# static-i18n merges every language's entries into the root index; the sitemap comes from Material.
SEARCH_INDEX = Asset("merged-search-index", "search/search_index.json", None)
SITEMAP = Asset("sitemap", "sitemap.xml", "sitemap.xml")

# Over file://, Material's bundle loads search/search_index.js and reads the index from `var __index`.
OFFLINE_INDEX_FILE = "search_index.js"
OFFLINE_INDEX_VARIABLE = "__index"
OFFLINE_INDEX_PROBE = 'search/search_index.js",'

ASSETS = (MAIN_CSS_FILE, PALETTE_CSS_FILE, SEARCH_WORKER_FILE, LUNR_DIR, SEARCH_INDEX, SITEMAP)


# --------------------------------------------------------------------------- per-language data

# Material's per-language data the build reads (partials/languages/<lang>.html).
LANGUAGE_KEYS = ("direction", "search.config.lang", "search.config.separator", "search.config.pipeline")


@lru_cache(maxsize=None)
def _language_macro(lang: str):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(material_dir())))
    try:
        return env.get_template(f"partials/languages/{lang}.html").module.t
    except jinja2.TemplateNotFound as error:
        raise missing(f"partials/languages/{lang}.html", "the installed Material's templates") from error


def theme_language(lang: str, key: str) -> str:
    """Material's value of `key` for a language, English filling the gaps as partials/language.html does."""
    if key not in LANGUAGE_KEYS:
        raise KeyError(f"{key} is not one of theme_anchors.LANGUAGE_KEYS")
    value = str(_language_macro(lang)(key)) or str(_language_macro("en")(key))
    if not value:
        raise missing(f"language key {key}", f"partials/languages/{lang}.html and en.html")
    return value


def is_right_to_left(lang: str) -> bool:
    """Material's text direction for a language (Arabic, Hebrew, Persian, Urdu: right to left)."""
    return theme_language(lang, "direction") == "rtl"


# --------------------------------------------------------------------------- private attributes

I18N = "i18n"
OFFLINE = "material/offline"


def i18n_plugin(config):
    return config.plugins.get(I18N)


def _attribute(owner, name: str, anchor: str, where: str):
    """A private attribute the build reads; gone is a build error naming it."""
    if not hasattr(owner, name):
        raise missing(anchor, where)
    return getattr(owner, name)


def i18n_building(config) -> bool:
    """True while static-i18n builds the other languages inside the default language's build."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return False
    return bool(_attribute(plugin, "building", "i18n-plugin.building", "the i18n plugin"))


def i18n_current_language(config) -> str | None:
    """The language static-i18n is building now (None without the plugin)."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return None
    return _attribute(plugin, "current_language", "i18n-plugin.current_language", "the i18n plugin")


def i18n_languages(config) -> list:
    """static-i18n's parsed `languages:` entries (locale, name, default, build)."""
    return list(_attribute(i18n_plugin(config).config, "languages", "i18n-config.languages", "the i18n plugin's config"))


def i18n_build_only_locale(config) -> str | None:
    return _attribute(i18n_plugin(config).config, "build_only_locale", "i18n-config.build_only_locale",
                      "the i18n plugin's config")


def i18n_locales(config, default: str) -> list[str]:
    """Every configured language (the URL folders a page may sit in), the default first."""
    if i18n_plugin(config) is None:
        return [default]
    items = sorted(i18n_languages(config), key=lambda item: not item.default)
    return [item.locale for item in items if item.locale != "null"]


def i18n_built_locales(config, default: str) -> list[str]:
    """The languages this build writes: `build: true`, and only `build_only_locale` when it is set."""
    if i18n_plugin(config) is None:
        return [default]
    built = {item.locale for item in i18n_languages(config) if item.build}
    only = i18n_build_only_locale(config)
    return [locale for locale in i18n_locales(config, default) if locale in built and (not only or locale == only)]


def file_locale(page, config) -> str | None:
    """The language of the file behind a page: static-i18n's `File.locale` (English on a fallback page)."""
    if i18n_plugin(config) is None:
        return None
    return _attribute(page.file, "locale", "i18n-file.locale", page.file.src_uri)


def alternates(config) -> list | None:
    """static-i18n's language menu: `extra.alternate`, set as an attribute, which templates read first.

    None only where static-i18n sets none: no i18n plugin, or one language built.
    """
    value = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    if not value and i18n_plugin(config) is not None and len(i18n_built_locales(config, "")) > 1:
        raise missing("i18n-extra.alternate", "the config static-i18n reconfigured for this language")
    return value


def set_alternates(config, value: list) -> None:
    config.extra["alternate"] = value
    setattr(config.extra, "alternate", value)


def offline_plugin_class():
    """Material's offline plugin, registered by the kiosk edition (see kiosk_edition.py)."""
    try:
        from material.plugins.offline.plugin import OfflinePlugin
    except ImportError as error:
        raise missing("material.plugins.offline.plugin.OfflinePlugin", "the installed Material") from error
    return OfflinePlugin
