"""The build's one entry (the only file under `hooks:` in mkdocs.yml and mkdocs.kiosk.yml).

It owns the order of events. Once per build (on_config): the trimmed stylesheet's name, from the
build's inputs. Then every page goes through, in this order:
1. its languages, resolved once in on_pre_page (`page_languages` returns them: the reader's and the text's);
2. content: glossary tooltips, the labelled picture, sources (kiosk: links out become QR codes);
3. templates: the review line, notices and disclaimer in the reader's language;
4. output: print QR code (public) or kiosk chrome (kiosk), per-language search, lean page
   (which links the trimmed stylesheet by that name);
5. the Content-Security-Policy, last, so it hashes every inline script the steps above added.
After the build: per-language search and sitemaps, the trimmed stylesheet's content, the kiosk's files;
no finished page is rewritten.

The kiosk edition is an option of this entry (`extra: kiosk: enabled: true` in mkdocs.kiosk.yml).
Material's and static-i18n's internals are reached only through scripts/theme_anchors.py.

`scripts` is imported from the project root, which is on sys.path because every build runs
`python -m mkdocs` from there (scripts/__main__.py: build, serve, kiosk; tests and bench too).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import NamedTuple

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

try:
    from scripts import content, glossary, kiosk_edition, lean, page_parts, per_language, print_qr, signoff
    from scripts import theme_anchors as anchors
except ModuleNotFoundError as error:  # pragma: no cover - only when run from elsewhere
    if error.name != "scripts":
        raise
    raise PluginError("overrides/hooks/guide.py cannot import `scripts`: run the build from the project root "
                      "with `python -m mkdocs` (make build does)") from error


class Languages(NamedTuple):
    """A page's reader language (its URL, the UI), content language (the text's file), and its URL
    inside the reader's language folder (the same in every language)."""

    reader: str
    text: str
    path: str

    @property
    def fallback(self) -> bool:
        # static-i18n serves the English file when a language has no page of its own.
        return self.reader != self.text


# Each page's languages, resolved by on_pre_page before any other step of the page; keyed by URL,
# which is unique across every language's build, and emptied when a build starts.
_PAGE_LANGUAGES: dict[str, Languages] = {}


def resolve_languages(page, config) -> Languages:
    """Work out a page's languages from its URL (reader) and its file's locale (text)."""
    first = page.url.split("/", 1)[0]
    reader = first if first in anchors.i18n_locales(config, content.DEFAULT_LANGUAGE) else content.DEFAULT_LANGUAGE
    path = page.url[len(reader) + 1:] if reader != content.DEFAULT_LANGUAGE else page.url
    return Languages(reader, anchors.file_locale(page, config) or reader, path)


def page_languages(page) -> Languages:
    """The one answer to "which language?" for a page, as resolved once: every step below asks this."""
    try:
        return _PAGE_LANGUAGES[page.url]
    except KeyError:
        raise PluginError(f"{page.file.src_uri}: its language was asked for before on_pre_page resolved it — "
                          f"a step of overrides/hooks/guide.py runs before on_pre_page") from None


def _lang(page) -> str:
    return page_languages(page).reader


def _is_fallback(page) -> bool:
    return page_languages(page).fallback


def _kiosk(config) -> bool:
    return kiosk_edition.enabled(config)


# --------------------------------------------------------------------------- config

# The trimmed stylesheet's name, from the build's inputs (scripts/lean.py), set once per build.
_STYLESHEET: dict[str, str] = {}


def on_config(config):
    # make build refuses these before MkDocs starts; this covers make serve and any other way in.
    linked = content.symlink_problems(Path(config.config_file_path).parent)
    if linked:
        raise PluginError("\n".join(str(problem) for problem in linked))
    if _kiosk(config):
        kiosk_edition.configure(config)
    _STYLESHEET["name"] = lean.stylesheet_name(Path(config.config_file_path).parent)
    forget_cached()
    return config


def forget_cached() -> None:
    """`make serve` rebuilds in one process: an edited glossary or sources registry must show."""
    glossary.terms.cache_clear()
    page_parts.registry.cache_clear()


# Browser code the build inlines or merges into Material's worker: inputs of the build, not files of the site.
_BUILD_ONLY_ASSETS = (lean.LAZY_SEARCH, per_language.STEMMING_JS)


@event_priority(-200)
def on_files(files, config):
    # After static-i18n (-100), which rebuilds the file list for each language.
    theme_dir = Path(config.theme.custom_dir).resolve()
    for path in _BUILD_ONLY_ASSETS:
        uri = path.relative_to(theme_dir).as_posix()
        found = files.get_file_from_path(uri)
        if found is None:
            raise PluginError(f"{uri}: not among the theme's files — keep it under {theme_dir.name}/ "
                              f"(scripts/lean.py and scripts/per_language.py name its path)")
        files.remove(found)
    return files


@event_priority(-100)
def on_pre_build(config):
    _PAGE_LANGUAGES.clear()
    if _kiosk(config):
        kiosk_edition.check_offline(config)


# --------------------------------------------------------------------------- languages

@event_priority(100)
def on_pre_page(page, config, files):
    # First event of every page: static-i18n has set its file's locale (on_files) by now.
    _PAGE_LANGUAGES[page.url] = resolve_languages(page, config)
    return page


# --------------------------------------------------------------------------- Markdown

def glossary_list(lang: str) -> str:
    """The glossary page's definition list, built from the same data as the tooltips."""
    out = []
    for entry in content.locale_strings(lang).get("glossary", []):
        term, definition = str(entry.get("term", "")), str(entry.get("definition") or "")
        out += [f"{term[:1].upper()}{term[1:]}", f":   {definition}", ""]
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    # Parts inside the page's text are in the text's language: on a fallback page all of it is the
    # English that main.html marks lang="en"; the notices and review line around it stay the reader's.
    lang = page_languages(page).text
    if page.file.src_uri.endswith("glossary.md"):
        markdown = markdown.rstrip() + "\n\n" + glossary_list(lang) + "\n"
    # The labelled picture and the clinic's phone number replace their placeholders.
    return page_parts.markdown(markdown, lang, config.extra.get("clinic_phone") or None)


def on_page_content(html_text, page, config, files):
    langs = page_languages(page)
    # Python-Markdown's abbr needs word boundaries, which Chinese, Korean and Arabic text lacks.
    # A fallback page is English text, so it gets the English glossary.
    marked = glossary.mark(html_text, langs.text)
    # What each added sentence rests on, then the definitions that only paper needs.
    # The glossary page prints its own list of every definition.
    printed = "" if page.file.src_uri.endswith("glossary.md") else page_parts.print_terms(html_text, langs.text)
    html_text = marked + page_parts.basis_list(html_text, langs.text, page.url, config.use_directory_urls,
                                                langs.reader) + printed
    if _kiosk(config):
        # Links out of the bundle become text and QR codes, labelled like the text around them.
        html_text = kiosk_edition.unlink_external(html_text, langs.text)
    return html_text


# --------------------------------------------------------------------------- templates

def _date(value, lang: str) -> str | None:
    day = content.as_date(value)
    return format_date(day, format="long", locale=lang) if day else None


def _same_page_alternates(page, config) -> None:
    """Language menu and hreflang links to this very page in every language.

    static-i18n leaves English pages (and the home page) pointing at each language's root, as
    an absolute path that breaks the kiosk over file://; site-root-relative links fix both.
    """
    alternates = anchors.alternates(config)
    if not alternates:
        return
    path = page_languages(page).path
    fixed = [
        dict(alt, link=(path if alt["lang"] == content.DEFAULT_LANGUAGE else f"{alt['lang']}/{path}") or ".")
        for alt in alternates
    ]
    anchors.set_alternates(config, fixed)


def on_page_context(context, page, config, nav):
    _same_page_alternates(page, config)
    lang = _lang(page)
    strings = content.locale_strings(lang)
    meta = page.meta or {}
    status = meta.get("translation_status")
    # Sign-offs, not front matter, say who checked the page: a later change makes them stale.
    records, _ = signoff.load()
    english = content.DOCS / content.DEFAULT_LANGUAGE / page.file.src_uri.split("/", 1)[-1]
    clinical = signoff.current(records, english, "clinical") if english.exists() else None
    translated = (signoff.current(records, Path(page.file.abs_src_path), "translation")
                  if lang != content.DEFAULT_LANGUAGE and not _is_fallback(page) else None)
    context["guide"] = {
        "lang": lang,
        "t": strings,
        "last_reviewed": _date(meta.get("last_reviewed"), lang),
        "last_reviewed_iso": str(meta.get("last_reviewed") or ""),
        "next_review_due": _date(meta.get("next_review_due"), lang),
        "next_review_due_iso": str(meta.get("next_review_due") or ""),
        "reviewer": f"{clinical.name}, {clinical.role} ({_date(clinical.date, lang)})" if clinical else strings["pending_review"],
        "reviewer_pending": clinical is None,
        "clinical_review_pending": clinical is None,
        "translation_signed_off": strings["translation_signed_off"].format(
            name=translated.name, role=translated.role, date=_date(translated.date, lang)) if translated else "",
        "sources": meta.get("sources") or [],
        "machine_assisted": status in content.TRANSLATION_STATES and translated is None,
        "fallback": _is_fallback(page),
        "original_url": _english_url(page, config),
        "og_locale": og_locale(lang),
    }
    return context


def og_locale(lang: str) -> str:
    """Open Graph's language_TERRITORY, from CLDR's most likely territory (ko_KR, vi_VN, zh_CN)."""
    # Open Graph names Arabic for every region ar_AR; CLDR would say Egypt.
    if lang == "ar":
        return "ar_AR"
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    return f"{lang}_{likely.territory}" if likely.territory else lang


def _english_url(page, config) -> str:
    """Relative link from this page to the same page in English."""
    url = page_languages(page).path
    depth = page.url.count("/")
    return "../" * depth + url if depth else (url or "./")


# --------------------------------------------------------------------------- output

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>", re.S)
_CSP_PLACEHOLDER = '<meta http-equiv="Content-Security-Policy" content="__CSP__">'


def csp_for(output: str, untrusted: str = "") -> str:
    """A policy allowing only this site, plus the hashes of the page's own inline scripts.

    Scripts found in `untrusted` (the HTML made from the page's Markdown) get no hash: the
    browser blocks a script an editor slipped past `python -m scripts check`.
    """
    refused = set(_INLINE_SCRIPT.findall(untrusted))
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(output) if body not in refused
    )
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        # Material sets style attributes from JavaScript (tooltips, scroll offsets).
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def _absolute_alternates(output: str, canonical: str, where: str) -> str:
    """hreflang links must be absolute URLs for search engines (and Lighthouse's audit)."""
    from urllib.parse import urljoin

    return anchors.ALTERNATE.sub(
        lambda m: f'<link rel="alternate" href="{urljoin(canonical, m.group(1))}" hreflang="{m.group(2)}">',
        output, where, count=0)


_SVG = re.compile(r"<svg\b([^>]*)>(.*?)</svg>", re.S)
_SVG_NAMED = re.compile(r"\b(?:role|aria-label|aria-labelledby|aria-hidden)=")


def hide_decorative_svg(output: str) -> str:
    """Nameless inline SVGs (Material's icons) are decoration: aria-hidden keeps screen readers quiet about them."""
    def hide(match):
        if _SVG_NAMED.search(match.group(1)) or "<title" in match.group(2):
            return match.group(0)
        return f'<svg aria-hidden="true"{match.group(1)}>{match.group(2)}</svg>'

    return _SVG.sub(hide, output)


def on_post_page(output, page, config):
    # After the search plugin read the page, so nothing added here is indexed as page text.
    langs, where = page_languages(page), page.file.src_uri
    # Page chrome first: the CSP below must see every inline script any step adds.
    if _kiosk(config):
        output = kiosk_edition.add_chrome(output, page.url, config.site_url, langs.reader, where)
    else:
        output = print_qr.add(output, page.url, config.site_url, langs.reader, where)
    if langs.reader != content.DEFAULT_LANGUAGE:
        # Point Material's search (and its sitemap lookups) at this language's own folder.
        def rebase(match):
            data = json.loads(match.group(2))
            if "base" not in data:
                raise anchors.missing("config-script base", where)
            data["base"] = per_language.language_base(data["base"], langs.reader)
            return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

        output = anchors.CONFIG.sub(rebase, output, where)
    output = per_language.use_stemming_worker(output, where)
    output = hide_decorative_svg(output)
    # Material writes the hreflang links only when static-i18n gave it alternates (not in a one-language build).
    if page.canonical_url and anchors.alternates(config):
        output = _absolute_alternates(output, page.canonical_url, where)
    # Inline small assets and defer search (public site only).
    output = lean.page(output, page.url, config, _STYLESHEET["name"], where)
    return _with_csp(output, page.content or "", where)


def _with_csp(output: str, untrusted: str = "", where: str = "page") -> str:
    """Fill the policy placeholder: always the last step, so every inline script is hashed."""
    if _CSP_PLACEHOLDER not in output:
        # A page without a policy would run any script: overrides/main.html must keep the placeholder.
        raise PluginError(f"{where}: no `{_CSP_PLACEHOLDER}` to fill — overrides/main.html must keep it in its "
                          "site_meta block")
    return output.replace(_CSP_PLACEHOLDER, _CSP_PLACEHOLDER.replace("__CSP__", html.escape(csp_for(output, untrusted))))


def on_post_template(output, template_name, config):
    # 404.html gets no page events, and each language's build writes it to the same root file.
    if template_name != "404.html":
        return output
    if anchors.i18n_current_language(config) not in (None, content.DEFAULT_LANGUAGE):
        # MkDocs does not write an empty template, so the root keeps the default language's 404 page.
        return ""
    output = hide_decorative_svg(output)
    # As on every page: the charset back in the first 1024 bytes, downloads hinted after the policy.
    output = lean.preload_hints(output, "404.html")
    if lean.is_public(config):
        output = lean.trimmed_stylesheet(output, _STYLESHEET["name"], "404.html")
    return _with_csp(output, where="404.html")


@event_priority(-200)
def on_post_build(config):
    # Runs after static-i18n (-100) has built every language and merged their search entries,
    # and after Material's offline plugin (-100) in the kiosk.
    if anchors.i18n_building(config):
        return
    # Languages as MkDocs loaded them: all of them route URLs; only the built ones get files.
    site = Path(config.site_dir)
    langs = anchors.i18n_locales(config, content.DEFAULT_LANGUAGE)
    built = anchors.i18n_built_locales(config, content.DEFAULT_LANGUAGE)
    per_language.split_search(site, langs, built)
    per_language.split_sitemap(site, config.site_url or "", langs, built)
    per_language.write_stemming_worker(site)
    # One trimmed stylesheet, no source maps, no unused stemmers (scripts/lean.py).
    lean.site(site, built, config, _STYLESHEET["name"])
    if _kiosk(config):
        kiosk_edition.post_build(config)
