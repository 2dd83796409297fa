"""The offline kiosk edition (`make kiosk`), opened over file:// with every other request aborted.

The bundle is built once per session with the real command (`python -m scripts kiosk`); a
second, English-only bundle of a project copy has a short idle time and planted external links.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

import a11y
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, edit, english_only, page_url_path, run
from qrcodes import decode_qr
from scripts import content

SHOTS = ROOT / "reports" / "kiosk"
LAUNCHER = ROOT / "scripts" / "kiosk_bundle" / "launch-kiosk.sh"
# Lists a kiosk has no use for: printing is not offered there.
PUBLIC_ONLY = {"assets/stylesheets/print.css"}
TOUCH = {"viewport": {"width": 1280, "height": 800}, "has_touch": True}
PLANTED_IDLE_SECONDS = 4


def site_url() -> str:
    return content.load_config()["site_url"]


def kiosk_file(lang: str, name: str) -> str:
    """Bundle path of a page: `procedure.md` in `es` -> `es/procedure.html` (no directory URLs)."""
    stem = name[:-3]
    return stem + ".html" if lang == content.DEFAULT_LANGUAGE else f"{lang}/{stem}.html"


# --------------------------------------------------------------------------- builds

@pytest.fixture(scope="session")
def kiosk_out(tmp_path_factory) -> Path:
    """The output of `python -m scripts kiosk` (what `make kiosk` runs): kiosk/ and the zip."""
    out = tmp_path_factory.mktemp("kiosk")
    started = time.monotonic()
    result = run([sys.executable, "-m", "scripts", "kiosk", "--out", str(out)])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"\nkiosk build: {time.monotonic() - started:.0f} s; {result.stdout.strip().splitlines()[-2]}")
    return out


@pytest.fixture(scope="session")
def bundle(kiosk_out) -> Path:
    return kiosk_out / "kiosk"


PLANTED = """

See [the NHS page on back pain](https://www.nhs.uk/conditions/back-pain/), or <https://example.org/a?b=1&c=2>,
or [write to us](mailto:info@example.org).
"""


@pytest.fixture(scope="session")
def planted_bundle(tmp_path_factory) -> Path:
    """English only, idle time set to a few seconds in mkdocs.kiosk.yml, external links on about.md."""
    project = copy_project(tmp_path_factory.mktemp("kiosk-project"))
    edit(project / "mkdocs.kiosk.yml", "[KIOSK_IDLE_SECONDS, 90]", f"[KIOSK_IDLE_SECONDS, {PLANTED_IDLE_SECONDS}]")
    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + PLANTED, encoding="utf-8")
    config = english_only(project, "mkdocs.kiosk.yml")
    out = project / "dist"
    result = run([sys.executable, "-m", "scripts", "kiosk", "--config", config, "--out", str(out)], cwd=project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "kiosk"


# --------------------------------------------------------------------------- browser

class Offline:
    """A touch-screen browser context where every request to a network is aborted and logged."""

    # Every scheme that reaches a network; file, data and blob are local. Routing only these keeps
    # the bundle's own files off Playwright's interception path, which doubles page load times.
    NETWORK = ("http://**", "https://**", "ws://**", "wss://**", "ftp://**")

    def __init__(self, browser, **options):
        self.context = browser.new_context(**{**TOUCH, **options})
        self.blocked, self.requests, self.errors = [], [], []
        for pattern in self.NETWORK:
            self.context.route(pattern, self._abort)

    def _abort(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def page(self):
        page = self.context.new_page()
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self._failed(r))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        return page

    def _failed(self, request) -> None:
        # Chromium cancels a favicon still loading when the test moves on; the reader sees nothing.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/favicon.svg"):
            return
        self.errors.append(f"failed {request.url}: {request.failure}")

    def network(self) -> list[str]:
        """Every attempt to reach anything but a file."""
        return self.blocked + [u for u in self.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser):
    session = Offline(browser)
    yield session
    session.close()


def here(page) -> str:
    """The address the page really shows (location.replace can leave Playwright's page.url behind)."""
    return page.evaluate("location.href")


def header_toggle(page, toggle: str):
    """The header control opening the drawer or search (a label, or a11y.js's button in its place)."""
    return page.locator(f".md-header :is(label[for={toggle}], button[data-guide-for={toggle}]):visible").first


def wait_for_path(page, suffix: str, timeout: float = 10_000) -> None:
    page.wait_for_function("s => decodeURIComponent(location.pathname).endsWith(s)", arg=suffix, timeout=timeout)
    page.wait_for_load_state("load")


# --------------------------------------------------------------------------- config and bundle

def _config_line(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def test_kiosk_config_keeps_the_public_lists():
    """INHERIT replaces lists, so mkdocs.kiosk.yml repeats mkdocs.yml's; none may go missing."""
    public = content.load_config(ROOT / "mkdocs.yml")
    kiosk_path = ROOT / "mkdocs.kiosk.yml"
    kiosk = content.load_config(kiosk_path)
    problems = []
    for key in ("hooks", "extra_css", "extra_javascript"):
        for entry in public.get(key) or []:
            if entry not in (kiosk.get(key) or []) and entry not in PUBLIC_ONLY:
                problems.append(f"mkdocs.kiosk.yml:{_config_line(kiosk_path, key)}: `{entry}` from mkdocs.yml's "
                                f"`{key}` is missing — add it to the kiosk's `{key}` list too")
    assert not problems, "\n".join(problems)
    # The languages come from mkdocs.yml itself: the kiosk file has no plugin list of its own.
    assert not re.search(r"^plugins:", kiosk_path.read_text(encoding="utf-8"), re.M)
    assert content.languages(kiosk_path) == content.languages()


def test_make_kiosk_writes_the_folder_and_the_zip(kiosk_out, bundle, languages, english_pages):
    archive = kiosk_out / "si-joint-guide-kiosk.zip"
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        launcher = zipped.getinfo("si-joint-guide-kiosk/launch-kiosk.sh")
        assert (launcher.external_attr >> 16) & 0o111, "launch-kiosk.sh is not executable in the zip"
    expected = {"start.html", "launch-kiosk.sh", "KIOSK.md"} | {
        kiosk_file(lang, name) for lang in languages for name in english_pages}
    missing = sorted(e for e in expected if f"si-joint-guide-kiosk/{e}" not in names)
    assert not missing, f"missing from the zip: {missing}"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    folder = {f"si-joint-guide-kiosk/{p.relative_to(bundle).as_posix()}" for p in files}
    assert names == folder, f"the zip and dist/kiosk/ differ: {sorted(names ^ folder)[:10]}"
    folder_mb = sum(p.stat().st_size for p in files) / 1e6
    zip_mb = archive.stat().st_size / 1e6
    print(f"\nkiosk bundle: {len(files)} files, {folder_mb:.1f} MB unzipped, {zip_mb:.2f} MB zip")
    assert zip_mb < 10, "the zip grew past 10 MB: check for source maps or copied build output"


def test_no_link_or_resource_leads_out_of_the_bundle(bundle):
    """No escape: every link and resource is a file of the bundle; nothing opens a window or a download."""
    problems = []
    pages = sorted(bundle.rglob("*.html"))
    assert pages, f"no HTML in {bundle}"
    for path in pages:
        where = path.relative_to(bundle).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("a", "href"), ("script", "src"), ("link", "href"), ("img", "src"),
                               ("iframe", "src"), ("source", "src"), ("form", "action")):
            for element in soup.find_all(tag, attrs={attribute: True}):
                value = element[attribute]
                # Canonical and hreflang addresses tell search engines about the public site; nothing loads them.
                if tag == "link" and set(element.get("rel", [])) & {"canonical", "alternate"}:
                    continue
                parts = urlsplit(value)
                if parts.scheme in ("data",) or (tag == "a" and value.startswith("#")):
                    continue
                if parts.scheme or parts.netloc:
                    problems.append(f"{where}: <{tag} {attribute}={value!r}> leaves the bundle")
                    continue
                target = (path.parent / unquote(parts.path)).resolve()
                if bundle.resolve() not in target.parents or not target.is_file():
                    problems.append(f"{where}: <{tag} {attribute}={value!r}> is not a file of the bundle")
                elif tag == "a" and target.suffix != ".html":
                    problems.append(f"{where}: <a href={value!r}> would open a download or a viewer")
        for element in soup.select("a[target], a[download], [onclick]"):
            problems.append(f"{where}: {str(element)[:80]} opens a window, a download or runs inline code")
        if "unpkg.com" in path.read_text(encoding="utf-8"):
            problems.append(f"{where}: mentions unpkg.com (the offline plugin's CDN worker shim)")
    assert not problems, "\n".join(problems[:40])


def test_every_language_has_a_search_index_script(bundle, languages):
    for lang in languages:
        folder = bundle if lang == content.DEFAULT_LANGUAGE else bundle / lang
        script = (folder / "search" / "search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = "), lang
        index = json.loads(script[len("var __index = "):])
        assert index == json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8")), lang
        others = [code for code in languages if code != content.DEFAULT_LANGUAGE]
        assert index["docs"] and not any(d["location"].startswith(tuple(f"{o}/" for o in others)) for d in index["docs"]), \
            f"{lang}: its index holds other languages' pages"


# --------------------------------------------------------------------------- over file://

@pytest.mark.browser
def test_every_page_offline_no_requests_no_errors_and_its_qr_code(browser, bundle, languages, english_pages):
    """Every page from disk with the network blocked: zero attempts, no errors, a QR code of its public page.

    The code is decoded from a screenshot on one page per language (a different page each time);
    on every page its label must name the same address, in the page's language.
    """
    base = site_url().rstrip("/") + "/"
    problems, visited, decoded = [], 0, 0
    started = time.monotonic()
    session = Offline(browser)
    try:
        page = session.page()
        page.goto((bundle / "start.html").as_uri())
        for number, lang in enumerate(languages):
            strings = content.locale_strings(lang)
            for position, name in enumerate(english_pages):
                path = kiosk_file(lang, name)
                page.goto((bundle / path).as_uri(), wait_until="load")
                visited += 1
                expected = base + page_url_path(lang, name)
                figure = page.locator(".kiosk-phone")
                label = figure.locator("svg").get_attribute("aria-label")
                if label != f"{strings['qr_code']}: {expected}":
                    problems.append(f"{path}: QR code labelled {label!r}, expected the address {expected}")
                if position == number % len(english_pages):
                    codes = decode_qr(figure.locator("svg"))
                    decoded += 1
                    if codes != [expected]:
                        problems.append(f"{path}: QR code reads {codes}, expected {expected}")
                shown = figure.locator("figcaption").inner_text().strip()
                if shown != strings["kiosk_phone"]:
                    problems.append(f"{path}: caption {shown!r}, expected {strings['kiosk_phone']!r}")
        page.wait_for_timeout(300)  # late script errors of the last page
    finally:
        session.close()
    problems += [f"network: {u}" for u in session.network()] + session.errors
    print(f"\n{visited} kiosk pages over file:// ({decoded} QR codes decoded) in {time.monotonic() - started:.1f} s")
    assert visited == len(languages) * len(english_pages) and decoded == len(languages)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.browser
def test_a_planted_web_request_is_caught(browser, bundle, tmp_path):
    """The request log above sees an attempt to reach the web, so that test can fail."""
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    page_file = copy / "procedure.html"
    html = page_file.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page_file.write_text(html.replace("</body>", '<img src="http://203.0.113.7/x.png" alt=""></body>'), encoding="utf-8")
    session = Offline(browser)
    try:
        session.page().goto(page_file.as_uri())
    finally:
        session.close()
    assert any("203.0.113.7" in u for u in session.network())


@pytest.mark.browser
def test_start_screen_buttons_and_navigation_switcher(offline, bundle):
    """Start screen -> English -> a page -> the language menu -> the same page in Arabic, all without history."""
    names = {item["locale"]: item["name"] for item in content.language_entries()}
    page = offline.page()
    page.goto((bundle / "start.html").as_uri())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "start.png")
    buttons = page.locator(".kiosk-language")
    assert buttons.count() == len(names)
    for i in range(buttons.count()):
        button = buttons.nth(i)
        lang = button.get_attribute("lang")
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (lang, box)
        assert button.locator(".kiosk-language__name").inner_text().strip() == names[lang]
        assert (button.get_attribute("dir") == "rtl") == (lang == "ar"), lang
    history = page.evaluate("history.length")

    page.locator(".kiosk-language[lang=en]").tap()
    wait_for_path(page, "/index.html")
    page.locator(".md-sidebar--primary .md-nav__link[href$='procedure.html']").first.tap()
    wait_for_path(page, "/procedure.html")
    page.locator(".md-select button").tap()
    menu = page.locator(".md-select__link[hreflang=ar]")
    menu.wait_for(state="visible")  # opened by a tap, not a hover
    menu.tap()
    wait_for_path(page, "/ar/procedure.html")
    assert page.evaluate("[document.documentElement.lang, getComputedStyle(document.body).direction]") == ["ar", "rtl"]
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / "arabic-page.png")
    assert page.evaluate("history.length") == history, "navigation added history entries (Back would work)"
    page.evaluate("localStorage.setItem('reader', 'previous')")
    page.locator(".kiosk-start-over").tap()  # "Start over" resets at once
    wait_for_path(page, "/start.html")
    assert page.evaluate("[history.length, localStorage.length]") == [history, 0]
    assert not offline.network() and not offline.errors, offline.network() + offline.errors


def _query(folder: Path) -> str:
    """A word of the language's own index: the longest word of the procedure page's title."""
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    title = next(d["title"] for d in index["docs"] if d["location"] == "procedure.html")
    words = [w for w in re.split(index["config"]["separator"], re.sub(r"<[^>]+>", "", title)) if w]
    return max(words, key=len)


@pytest.mark.browser
def test_search_works_in_every_language_over_file(offline, bundle, languages):
    problems = []
    page = offline.page()
    for lang in languages:
        folder = bundle if lang == content.DEFAULT_LANGUAGE else bundle / lang
        query = _query(folder)
        page.goto((folder / "index.html").as_uri())
        box = page.locator("input[data-md-component=search-query]")
        box.tap()
        box.fill(query)
        box.press("End")  # Material searches on key-up; a touch keyboard sends one too
        try:
            page.locator(".md-search-result__link").first.wait_for(timeout=10_000)
        except Exception:  # noqa: BLE001 - reported below with the language
            problems.append(f"{lang}: no result for {query!r} ({page.locator('.md-search-result__meta').inner_text()})")
            continue
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        outside = []
        for url in links:
            path = Path(unquote(urlsplit(url).path))
            inside = folder.resolve() in path.parents and (
                lang != content.DEFAULT_LANGUAGE or path.relative_to(bundle.resolve()).parts[0] not in languages)
            if not inside:
                outside.append(url)
        if outside:
            problems.append(f"{lang}: results from another language: {outside[:3]}")
    problems += [f"network: {u}" for u in offline.network()] + offline.errors
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_touch_first_sizes(offline, bundle):
    """Larger text than the public site and 44 px targets for the controls a reader taps."""
    page = offline.page()
    page.set_viewport_size({"width": 800, "height": 1280})  # portrait: drawer and search icon
    page.goto((bundle / "procedure.html").as_uri())
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content article > p')).fontSize)")
    assert size >= 18, f"body text is {size}px"
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.md-header__button, .kiosk-start-over, .md-footer__link, .md-select__link, .md-nav__link')]
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map(e => { const r = e.getBoundingClientRect(); return [e.className + ' ' + e.textContent.trim().slice(0, 20), r.width, r.height]; })
        .filter(([, w, h]) => w < 44 || h < 44)""")
    assert not small, f"targets under 44x44 px: {small}"
    header_toggle(page, "__drawer").tap()
    page.locator(".md-nav--primary .md-nav__link[href$='glossary.html']").first.wait_for(state="visible")


# --------------------------------------------------------------------------- idle reset

# What a page looks like as the kiosk leaves it, kept in window.name (which outlives the page).
RECORD = """
window.addEventListener('pagehide', () => {
  if (!document.querySelector('.kiosk-idle')) return;  // kiosk pages only, not blank or start pages
  const query = document.querySelector('[data-md-component=search-query]');
  window.name = JSON.stringify({
    path: location.pathname,
    query: query ? query.value : null,
    search: document.getElementById('__search') ? document.getElementById('__search').checked : null,
    drawer: document.getElementById('__drawer') ? document.getElementById('__drawer').checked : null,
    scrollY: window.scrollY,
    stored: localStorage.length + sessionStorage.length,
  });
});
"""


@pytest.mark.browser
def test_idle_reset_starts_over_for_the_next_reader(browser, planted_bundle):
    session = Offline(browser, viewport={"width": 800, "height": 1000})
    try:
        session.context.add_init_script(RECORD)
        page = session.page()
        page.goto((planted_bundle / "start.html").as_uri())
        history = page.evaluate("history.length")
        page.locator(".kiosk-language").first.tap()
        wait_for_path(page, "/index.html")
        header_toggle(page, "__drawer").tap()
        page.locator(".md-nav--primary .md-nav__link[href$='procedure.html']").first.tap()
        wait_for_path(page, "/procedure.html")
        # A reader leaves traces: search open with a query, the menu open, scrolled, storage used.
        header_toggle(page, "__search").tap()
        box = page.locator("input[data-md-component=search-query]")
        box.fill("nerve")
        box.press("End")
        page.locator(".md-search-result__link").first.wait_for()
        page.evaluate("localStorage.setItem('reader', 'previous'); sessionStorage.setItem('reader', 'previous')")
        page.locator(".md-search-result__meta").tap()  # the reader's last touch
        touched = time.monotonic()
        page.evaluate("document.getElementById('__drawer').checked = true; window.scrollTo(0, 600)")

        panel = page.locator(".kiosk-idle")
        panel.wait_for(state="visible", timeout=PLANTED_IDLE_SECONDS * 1000 + 2000)
        shown_after = time.monotonic() - touched
        assert content.locale_strings("en")["kiosk_idle_title"] in panel.inner_text()
        assert page.locator("[data-kiosk-seconds]").inner_text().strip() in {"1", "2"}
        assert shown_after >= PLANTED_IDLE_SECONDS / 2 - 0.6, f"countdown after {shown_after:.1f} s"
        page.locator("[data-kiosk-keep]").tap()  # "Keep reading" starts the time again
        kept = time.monotonic()
        assert panel.is_hidden() and here(page).endswith("/procedure.html")

        wait_for_path(page, "/start.html", timeout=PLANTED_IDLE_SECONDS * 1000 + 4000)
        waited = time.monotonic() - kept
        assert waited >= PLANTED_IDLE_SECONDS - 0.6, f"reset {waited:.1f} s after the last touch"
        assert page.evaluate("history.length") == history, "Back could return to the previous reader's pages"
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        page.go_back()  # to what was before the kiosk started (Playwright's blank page), not a reader's page
        page.wait_for_timeout(300)
        assert here(page) == "about:blank" or here(page).endswith("/start.html"), here(page)
        last = json.loads(page.evaluate("window.name") or "{}")
        assert last.get("path", "").endswith("/procedure.html"), last
        assert last == {**last, "query": "", "search": False, "drawer": False, "scrollY": 0, "stored": 0}, last
    finally:
        session.close()
    assert not session.network() and not session.errors, session.network() + session.errors


def test_idle_time_is_set_at_build_time(bundle, planted_bundle):
    default = re.search(r'data-kiosk-idle="(\d+)"', (bundle / "procedure.html").read_text(encoding="utf-8"))
    planted = re.search(r'data-kiosk-idle="(\d+)"', (planted_bundle / "procedure.html").read_text(encoding="utf-8"))
    assert default and default.group(1) == "90"
    assert planted and planted.group(1) == str(PLANTED_IDLE_SECONDS)


def test_a_bad_idle_time_fails_the_build_with_where_and_how(project):
    edit(project / "mkdocs.kiosk.yml", "[KIOSK_IDLE_SECONDS, 90]", "[KIOSK_IDLE_SECONDS, soon]")
    config = english_only(project, "mkdocs.kiosk.yml")
    result = run([sys.executable, "-m", "scripts", "kiosk", "--config", config, "--out", str(project / "dist")],
                 cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"mkdocs\.kiosk\.yml:\d+: extra\.kiosk\.idle_seconds is 'soon' — set a whole number", output), output[-2000:]


# --------------------------------------------------------------------------- external links

@pytest.mark.browser
def test_external_links_are_text_with_a_qr_code(offline, planted_bundle):
    page = offline.page()
    page.goto((planted_bundle / "about.html").as_uri())
    assert page.locator("article a[href^='http'], article a[href^='mailto']").count() == 0
    links = page.locator(".kiosk-link")
    found = {}
    for i in range(links.count()):
        link = links.nth(i)
        address = link.locator(".kiosk-link__url").inner_text().strip()
        found[address] = decode_qr(link.locator("svg"))
    assert found == {
        "https://www.nhs.uk/conditions/back-pain/": ["https://www.nhs.uk/conditions/back-pain/"],
        "https://example.org/a?b=1&c=2": ["https://example.org/a?b=1&c=2"],
        "info@example.org": ["mailto:info@example.org"],
    }
    assert "the NHS page on back pain" in links.first.inner_text()
    before = here(page)
    links.first.locator(".kiosk-link__text").tap()
    links.first.locator(".kiosk-link__url").tap()
    page.wait_for_timeout(500)
    assert here(page) == before and len(offline.context.pages) == 1
    page.evaluate("window.open('https://www.nhs.uk/'); window.print()")
    page.wait_for_timeout(300)
    assert len(offline.context.pages) == 1, "window.open opened a window"
    assert not offline.network() and not offline.errors, offline.network() + offline.errors


# --------------------------------------------------------------------------- launcher

def launcher_command(bundle: Path, tmp_path: Path) -> list[str]:
    result = subprocess.run([str(LAUNCHER), "--print", "--bundle", str(bundle), "--browser", CHROMIUM],
                            capture_output=True, text=True, env=dict(os.environ, XDG_RUNTIME_DIR=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    return shlex.split(result.stdout)


def test_launcher_builds_a_kiosk_command_line(bundle, tmp_path):
    command = launcher_command(bundle, tmp_path)
    assert command[0] == CHROMIUM
    assert command[-1] == (bundle / "start.html").resolve().as_uri()
    for flag in ("--kiosk", "--incognito", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--overscroll-history-navigation=0"):
        assert flag in command, flag
    assert f"--user-data-dir={tmp_path}/si-joint-guide-kiosk-profile" in command
    assert not [a for a in command if re.match(r"https?://", a)]
    missing = subprocess.run([str(LAUNCHER), "--print", "--bundle", str(tmp_path)], capture_output=True, text=True)
    assert missing.returncode == 1 and "no start.html in" in missing.stderr


@pytest.mark.browser
def test_launcher_command_really_has_no_network(bundle, tmp_path):
    """Chromium run with the launcher's flags reaches no server; the same page without them does."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    fake = tmp_path / "bundle with space"
    fake.mkdir()
    (fake / "start.html").write_text(
        f'<!doctype html><title>probe</title><h1>kiosk probe</h1><img src="http://127.0.0.1:{port}/img.png" alt="">'
        f'<script>fetch("http://127.0.0.1:{port}/fetch").catch(() => {{}})</script>', encoding="utf-8")
    command = launcher_command(fake, tmp_path)
    headless = ["--headless=new", "--dump-dom", "--virtual-time-budget=2000", *CHROMIUM_ARGS]
    try:
        result = subprocess.run(command[:-1] + headless + command[-1:], capture_output=True, text=True, timeout=90)
        assert "kiosk probe" in result.stdout, result.stderr[-2000:]  # the start page did open
        assert hits == [], f"the launcher's Chromium reached the network: {hits}"
        control = [command[0], *headless, f"--user-data-dir={tmp_path / 'control'}", command[-1]]
        subprocess.run(control, capture_output=True, text=True, timeout=90)
        assert sorted(hits) == ["/fetch", "/img.png"], f"control run: {hits}"
    finally:
        server.shutdown()


# --------------------------------------------------------------------------- accessibility

@pytest.mark.browser
def test_kiosk_pages_have_no_axe_violations(browser, bundle, languages, english_pages):
    """The accessibility issue's axe run (tests/a11y.py) on the start screen, one page per language
    (a different page each time) and the countdown panel."""
    targets = [(bundle / "start.html", None)] + [
        (bundle / kiosk_file(lang, english_pages[i % len(english_pages)]), None) for i, lang in enumerate(languages)]
    problems = []
    session = Offline(browser)
    try:
        page = session.page()
        for path, state in targets:
            page.goto(path.as_uri())
            where = path.relative_to(bundle).as_posix()
            problems += a11y.describe_violations(a11y.run_axe(page), f"kiosk {where}")
        # The countdown, on the real 90-second build: the page's clock is stopped 85 s in.
        page = session.page()
        page.clock.install(time=1_764_028_800_000)
        page.clock.pause_at(1_764_028_801_000)
        page.goto((bundle / "ar" / "procedure.html").as_uri())
        page.clock.run_for(85_000)
        assert page.locator(".kiosk-idle").is_visible()
        assert page.locator("[data-kiosk-seconds]").inner_text().strip() == "5"
        # axe waits on timers too: step the stopped clock by a millisecond at a time until it is done.
        a11y.start_axe(page)
        for _ in range(3000):
            if page.evaluate("() => window.__guideAxe !== null"):
                break
            page.clock.run_for(1)
        assert page.locator(".kiosk-idle").is_visible(), "the countdown ended before axe did"
        problems += a11y.describe_violations(a11y.axe_result(page), "kiosk ar/procedure.html (countdown)")
    finally:
        session.close()
    assert not problems, "\n".join(problems)


def test_no_english_interface_text_on_translated_kiosk_pages(bundle, languages, english_pages):
    from test_terms import english_interface_strings, visible_text

    english = english_interface_strings()
    found = []
    for lang in languages[1:]:
        for name in english_pages:
            text = visible_text((bundle / kiosk_file(lang, name)).read_text(encoding="utf-8"))
            found += [f"{lang}/{name}: {s!r}" for s in english if s in text]
    assert not found, "\n".join(found)


def test_where_this_comes_from_links_work_offline(bundle, languages):
    # The kiosk has no directory URLs and no network: each article link must open a page inside the bundle.
    for lang in languages:
        path = bundle / kiosk_file(lang, "procedure.md")
        box = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("details.guide-basis")
        assert box is not None, lang
        links = [a["href"] for a in box.select("a[href]") if not a["href"].startswith(("#", "http"))]
        assert links, lang
        for href in links:
            assert (path.parent / unquote(href.split("#")[0])).is_file(), (lang, href)
