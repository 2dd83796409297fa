"""The offline kiosk edition, switched on by `extra: kiosk: enabled: true` in mkdocs.kiosk.yml.

Called by the build hook (overrides/hooks/guide.py), which decides when each step runs:
- switches on Material's offline plugin (no directory URLs, search index as a script);
- external links become plain text followed by a QR code of their address (no way out);
- every page shows a QR code of the same page on the public site ("continue on your phone"),
  a "start over" button and the idle countdown, in the reader's language;
- writes the start screen (start.html) with one large button per language;
- writes `search/search_index.js` beside every language's index, which Material loads over file://.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from . import content, qr
from . import theme_anchors as anchors

START_PAGE = "start.html"
OFFLINE = anchors.OFFLINE
DEFAULT_IDLE_SECONDS = 90
IDLE_RANGE = (3, 3600)
# The countdown shows for the last 10 seconds, or the last half of a shorter timeout.
COUNTDOWN_SECONDS = 10

_settings = {"idle_seconds": DEFAULT_IDLE_SECONDS}


def enabled(config) -> bool:
    """The kiosk edition is an option of the build: `extra: kiosk: enabled: true` (mkdocs.kiosk.yml)."""
    return bool((config.extra.get("kiosk") or {}).get("enabled"))


def _config_line(config, key: str) -> str:
    """`file:line` of a key in the config file or the files it INHERITs, for error messages."""
    first = path = Path(config.config_file_path or "mkdocs.kiosk.yml")
    for _ in range(10):
        try:
            text = path.read_text(encoding="utf-8")
            node = yaml.compose(text, Loader=content.TolerantLoader)
        except (OSError, yaml.YAMLError):
            break
        line = _key_line(node, key)
        if line:
            return f"{path.name}:{line}"
        parent = next((value.value for name, value in getattr(node, "value", []) if name.value == "INHERIT"), None)
        if not isinstance(parent, str):
            break
        path = path.parent / parent
    return first.name


def _key_line(node, key: str) -> int | None:
    """Line of the first `key:` anywhere under a YAML node."""
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if name.value == key:
                return name.start_mark.line + 1
            found = _key_line(value, key)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        return next((line for item in node.value if (line := _key_line(item, key))), None)
    return None


# --------------------------------------------------------------------------- config

def configure(config) -> None:
    """Check the idle timeout and switch on Material's offline plugin."""
    kiosk = config.extra.get("kiosk") or {}
    value = kiosk.get("idle_seconds", DEFAULT_IDLE_SECONDS)
    low, high = IDLE_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        source = " (from KIOSK_IDLE_SECONDS)" if os.environ.get("KIOSK_IDLE_SECONDS") else ""
        raise PluginError(f"{_config_line(config, 'idle_seconds')}: extra.kiosk.idle_seconds is {value!r}{source} — "
                          f"set a whole number of seconds from {low} to {high} (90 suits a waiting room)")
    _settings["idle_seconds"] = value
    # static-i18n renames the site per language while it builds; the start screen wants the default's.
    _settings.setdefault("site_name", config.site_name)
    _add_offline_plugin(config)


def _add_offline_plugin(config) -> None:
    """Switch on Material's offline plugin, as `- offline` in a plugins list would.

    A `plugins:` list in mkdocs.kiosk.yml would replace mkdocs.yml's whole list (INHERIT does not
    merge lists), and its copy of the languages would drift from the public site's.
    """
    if OFFLINE in config.plugins:
        return
    plugin = anchors.offline_plugin_class()()
    errors, warnings = plugin.load_config({}, config.config_file_path)
    if errors:
        raise PluginError(f"the offline plugin refused its default settings: {errors}")
    # Registering adds its events; its on_config may or may not still run in this round, so run it
    # now (it is idempotent: it only sets use_directory_urls and the worker polyfill).
    config.plugins[OFFLINE] = plugin
    plugin.on_config(config)


def check_offline(config) -> None:
    # The offline plugin is what makes file:// work; fail loudly if it did not take effect.
    if config.use_directory_urls or OFFLINE not in config.plugins:
        raise PluginError("scripts/kiosk_edition.py: Material's offline plugin is not active (directory URLs are "
                          "still on) — the kiosk would not open from disk; check the hook's _add_offline_plugin()")


# --------------------------------------------------------------------------- page content

def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def unlink_external(html_text: str, lang: str) -> str:
    """External links as their text, their address and a QR code of it; nothing to tap out through."""
    if "href" not in html_text:
        return html_text
    soup = BeautifulSoup(html_text, "html.parser")
    label = content.locale_strings(lang)["qr_code"]
    changed = False
    for link in soup.find_all("a", href=True):
        href = link["href"].strip()
        # New windows and downloads have no place on a kiosk, even for links inside the bundle.
        for attribute in ("target", "download"):
            if link.has_attr(attribute):
                del link[attribute]
                changed = True
        if not _is_external(href):
            continue
        changed = True
        shown = re.sub(r"^(mailto|tel):", "", href)
        text = link.get_text(" ", strip=True)
        span = soup.new_tag("span", attrs={"class": "kiosk-link"})
        if text and text != shown:
            words = soup.new_tag("span", attrs={"class": "kiosk-link__text"})
            words.extend(list(link.contents))
            span.append(words)
            span.append(" ")
        address = soup.new_tag("span", attrs={"class": "kiosk-link__url", "dir": "ltr", "translate": "no"})
        address.string = shown
        span.append(address)
        span.append(" ")
        if urlsplit(href).scheme.lower() in ("http", "https", "mailto", "tel"):
            span.append(BeautifulSoup(qr.svg(href, f"{label}: {shown}", "kiosk-link__qr"), "html.parser"))
        link.replace_with(span)
    return str(soup) if changed else html_text


# --------------------------------------------------------------------------- page chrome

_EXTERNAL_HREF = re.compile(r'<a\b[^>]*\bhref="((?:[a-z][a-z0-9+.-]*:|//)[^"]*)"', re.I)


def kiosk_chrome(page_url: str, site_url: str, lang: str) -> tuple[str, str]:
    """(top of the article, end of the body) for one page, in the reader's language."""
    t = content.locale_strings(lang)
    url = qr.public_url(site_url or "", page_url)
    start = "../" * page_url.count("/") + START_PAGE
    top = (
        f'<div class="kiosk-top">'
        f'<a class="kiosk-start-over md-button" href="{start}" data-kiosk-reset>{html.escape(t["kiosk_start_over"])}</a>'
        f'<figure class="kiosk-phone" data-kiosk-url="{html.escape(url)}">'
        f'{qr.svg(url, t["qr_code"] + ": " + url, "kiosk-phone__qr")}'
        f'<figcaption class="kiosk-phone__caption">{html.escape(t["kiosk_phone"])}</figcaption>'
        f"</figure></div>"
    )
    idle = _settings["idle_seconds"]
    countdown = min(COUNTDOWN_SECONDS, max(1, idle // 2))
    bottom = (
        f'<div class="kiosk-idle" role="status" hidden data-kiosk-idle="{idle}" data-kiosk-countdown="{countdown}" '
        f'data-kiosk-start="{start}">'
        f'<p class="kiosk-idle__title">{html.escape(t["kiosk_idle_title"])}</p>'
        f'<p class="kiosk-idle__text">{html.escape(t["kiosk_idle_text"])}</p>'
        f'<p class="kiosk-idle__count" aria-hidden="true"><span data-kiosk-seconds>{countdown}</span></p>'
        f'<button type="button" class="kiosk-idle__keep" data-kiosk-keep>'
        f'{html.escape(t["kiosk_keep_reading"])}</button>'
        f"</div>"
    )
    return top, bottom


def add_chrome(output: str, page_url: str, site_url: str, lang: str, where: str) -> str:
    """Start over, the phone QR code and the idle countdown; then refuse any link out of the bundle."""
    top, bottom = kiosk_chrome(page_url, site_url, lang)
    output = anchors.ARTICLE.sub(lambda m: m.group(1) + top + m.group(2) + m.group(3), output, where)
    output = anchors.BODY_END.sub(lambda m: bottom + m.group(0), output, where)
    # Links from the theme (header, footer) are not Markdown, so catch them here.
    body = output[output.find("<body"):]
    leaks = sorted(set(_EXTERNAL_HREF.findall(body)))
    if leaks:
        raise PluginError(f"{where}: the kiosk page links out of the bundle to {', '.join(leaks)} — "
                          "remove the link from the template or config for the kiosk (mkdocs.kiosk.yml)")
    return output


# --------------------------------------------------------------------------- after the build

def _languages(config) -> list[dict]:
    """Built languages in the order of the switcher: locale, name, link to their home page."""
    if anchors.i18n_plugin(config) is None:
        return [{"locale": content.DEFAULT_LANGUAGE, "name": "English", "home": "index.html"}]
    entries = {item.locale: item for item in anchors.i18n_languages(config)}
    return [{"locale": locale, "name": entries[locale].name or locale,
             "home": "index.html" if entries[locale].default else f"{locale}/index.html"}
            for locale in anchors.i18n_built_locales(config, content.DEFAULT_LANGUAGE)]


def start_page(config) -> str:
    """The start screen: the guide's name and one large button per language, each in its own script."""
    languages = _languages(config)
    site_name = _settings.get("site_name") or config.site_name
    default = content.locale_strings(content.DEFAULT_LANGUAGE)
    prompts, buttons = [], []
    for item in languages:
        t = content.locale_strings(item["locale"])
        direction = ' dir="rtl"' if anchors.is_right_to_left(item["locale"]) else ""
        prompts.append(f'<span lang="{item["locale"]}"{direction}>{html.escape(t["kiosk_choose_language"])}</span>')
        buttons.append(
            f'<li><a class="kiosk-language" href="{item["home"]}" lang="{item["locale"]}" hreflang="{item["locale"]}"{direction}>'
            f'<span class="kiosk-language__name">{html.escape(item["name"])}</span>'
            f'<span class="kiosk-language__action">{html.escape(t["kiosk_read_guide"])}</span></a></li>'
        )
    policy = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
              "connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")
    return (
        "<!doctype html>\n"
        f'<html lang="{content.DEFAULT_LANGUAGE}" dir="ltr">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{html.escape(site_name)}</title>\n"
        '<link rel="icon" href="assets/favicon.svg">\n'
        '<link rel="stylesheet" href="assets/stylesheets/kiosk.css">\n'
        "</head>\n"
        '<body class="kiosk-start">\n<main class="kiosk-start__main">\n'
        f'<h1 class="kiosk-start__title">{html.escape(site_name)}</h1>\n'
        f'<p class="kiosk-start__prompt">{" · ".join(prompts)}</p>\n'
        f'<ul class="kiosk-start__languages" aria-label="{html.escape(default["kiosk_choose_language"])}">\n'
        + "\n".join(buttons)
        + "\n</ul>\n</main>\n"
        '<script src="assets/javascripts/kiosk.js"></script>\n'
        "</body>\n</html>\n"
    )


def post_build(config) -> None:
    """Search indexes as scripts, workers without imports, no 404 page, the start screen."""
    site = Path(config.site_dir)
    anchors.SEARCH_INDEX.find(site)
    anchors.SEARCH_WORKER_FILE.find(site)
    for index in sorted(site.glob("**/search/search_index.json")):
        # Material reads `__index` from this script over file://, where it cannot fetch JSON.
        data = json.loads(index.read_text(encoding="utf-8"))
        script = f"var {anchors.OFFLINE_INDEX_VARIABLE} = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        index.with_name(anchors.OFFLINE_INDEX_FILE).write_text(script + "\n", encoding="utf-8")
    for worker in sorted((site / "assets" / "javascripts" / "workers").glob("*.js")):
        inline_top_imports(worker)
    # No server ever answers "not found" from a folder; its root-absolute links would be broken.
    (site / "404.html").unlink(missing_ok=True)
    (site / START_PAGE).write_text(start_page(config), encoding="utf-8")


_TOP_IMPORT = re.compile(r"""\AimportScripts\((["'])([^"']+)\1\);?[ \t]*\n""")


def inline_top_imports(worker: Path) -> bool:
    """Put the scripts a worker imports on its first lines into the worker file itself.

    Over file:// the worker runs in an iframe (kiosk-iframe-worker.js), where importScripts
    cannot block, so code after it would run before the imported script.
    """
    text = worker.read_text(encoding="utf-8")
    changed = False
    while match := _TOP_IMPORT.match(text):
        imported = (worker.parent / match.group(2)).resolve()
        if not imported.is_file() or worker.parent.resolve() not in imported.parents:
            raise PluginError(f"{worker.name}: imports {match.group(2)}, which is not beside it in the bundle — "
                              "the kiosk cannot inline it; keep worker imports in assets/javascripts/workers/")
        text = imported.read_text(encoding="utf-8").rstrip() + "\n;\n" + text[match.end():]
        changed = True
    if changed:
        worker.write_text(text, encoding="utf-8")
    return changed
