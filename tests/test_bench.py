"""The bench machinery (`python -m scripts bench`) on small inputs, and the lean-page budgets on the built site.

No test here times anything: they check what is counted, compressed, generated and loaded.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import material
import pytest

from conftest import ROOT
from scripts import content, lean, per_language
from scripts.bench import budgets, default_material, loads, projects, report, scale, serving, sizes

MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def _get(url: str, gzip_ok: bool) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:
        return dict(response.headers), response.read()


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# --------------------------------------------------------------------------- machinery

@pytest.fixture
def tiny_site(tmp_path) -> Path:
    """A page with a stylesheet, an image, a script, and a worker that imports a script and fetches JSON."""
    site = tmp_path / "tiny"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><html><head><title>t</title><link rel='stylesheet' href='style.css'></head><body>"
        + "<p>Sacroiliac joint rhizotomy. </p>" * 200
        + "<img src='dot.png' alt=''><script src='main.js'></script></body></html>", encoding="utf-8")
    (site / "style.css").write_text("p { color: #123456; margin: 0 0 1em; }\n" * 50, encoding="utf-8")
    (site / "dot.png").write_bytes(bytes(range(256)) * 4)
    (site / "main.js").write_text("new Worker('worker.js');\n", encoding="utf-8")
    (site / "worker.js").write_text("importScripts('imported.js'); fetch('data.json');\n", encoding="utf-8")
    (site / "imported.js").write_text("self.imported = true;\n" * 20, encoding="utf-8")
    (site / "data.json").write_text(json.dumps({"docs": ["rhizotomy"] * 100}), encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><title>404</title>", encoding="utf-8")
    return site


def test_server_compresses_text_like_github_pages_and_logs_both_sizes(tiny_site):
    server = serving.GzipServer(tiny_site)
    try:
        headers, body = _get(server.url, gzip_ok=True)
        original = (tiny_site / "index.html").read_bytes()
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == original
        assert len(body) < len(original) / 5
        headers, body = _get(server.url + "dot.png", gzip_ok=True)
        assert "Content-Encoding" not in headers and body == (tiny_site / "dot.png").read_bytes()
        headers, body = _get(server.url + "style.css", gzip_ok=False)
        assert "Content-Encoding" not in headers and body == (tiny_site / "style.css").read_bytes()
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(server.url + "nowhere/", gzip_ok=True)
        assert missing.value.code == 404
        log = {(e["path"], e["gzip"]): e for e in server.log}
        assert log[("/", True)]["sent"] == len(gzip.compress(original, 6, mtime=0))
        assert log[("/", True)]["raw"] == len(original)
        assert log[("/style.css", False)]["sent"] == log[("/style.css", False)]["raw"]
    finally:
        server.close()


@pytest.mark.browser
def test_page_load_counts_every_request_including_the_worker_ones(browser, tiny_site):
    server = serving.GzipServer(tiny_site)
    try:
        load = loads.measure_load(browser, server, "", throttle=False, quiet=0.5)
    finally:
        server.close()
    paths = sorted(f["path"] for f in load["files"])
    # The worker script, its importScripts() and its fetch() count like the page's own requests.
    assert {"/", "/style.css", "/dot.png", "/main.js", "/worker.js", "/imported.js", "/data.json"} <= set(paths)
    assert load["requests"] == len(paths)
    files = {"/": "index.html", "/style.css": "style.css", "/main.js": "main.js", "/worker.js": "worker.js",
             "/imported.js": "imported.js", "/data.json": "data.json", "/dot.png": "dot.png"}
    expected = sum((tiny_site / name).stat().st_size if name.endswith(".png") else _gz((tiny_site / name).read_bytes())
                   for path, name in files.items())
    extra = sum(f["sent"] for f in load["files"] if f["path"] not in files)  # e.g. a browser's /favicon.ico
    assert load["sent_bytes"] == expected + extra
    assert load["raw_bytes"] > load["sent_bytes"]
    assert load["dcl_ms"] > 0 and load["lcp_ms"] >= 0


@pytest.mark.browser
def test_table_budgets_and_json_are_made_from_the_measurements(browser, tiny_site, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    (small / "index.html").write_text("<!doctype html><title>s</title><p>Short page.</p>", encoding="utf-8")
    servers = [serving.GzipServer(tiny_site), serving.GzipServer(small)]
    try:
        big = loads.measure_load(browser, servers[0], "", throttle=False, quiet=0.5)
        lean_load = loads.measure_load(browser, servers[1], "", throttle=False, quiet=0.5)
    finally:
        for server in servers:
            server.close()
    languages = content.languages()
    # The tiny site plays "ours" against a one-file "default": every budget on size must fail.
    figures = {"load": {"conditions": "test", "pages": [loads.load_row("en", "", big, lean_load, languages)]}}
    figures["budgets"] = budgets.budgets(figures)
    text = report.render(figures)
    ratio = round(big["sent_bytes"] / lean_load["sent_bytes"], 2)
    row = next(line for line in text.splitlines() if line.startswith("en "))
    assert f"{big['sent_bytes'] / 1024:.1f}" in row and f"{lean_load['sent_bytes'] / 1024:.1f}" in row
    assert str(ratio) in row and str(big["requests"]) in row
    status = {b["budget"].split(" ")[0]: b["met"] for b in figures["budgets"]}
    assert status["compressed"] is False and status["<="] is False
    out = report.write_report(figures, tmp_path / "reports" / "bench.json")
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["load"]["pages"][0]["ours"]["sent_bytes"] == big["sent_bytes"]
    assert saved["load"]["pages"][0]["ratio"]["sent_bytes"] == ratio


def test_large_fixture_has_n_generated_pages_in_m_languages(tmp_path):
    project = scale.make_large_fixture(tmp_path / "large", pages=3, langs=2)
    langs = content.languages(project / "mkdocs.yml")
    assert langs == content.languages()[:2]
    assert sorted(p.name for p in (project / "docs").iterdir()) == sorted(langs)
    for lang in langs:
        generated = sorted(p.name for p in (project / "docs" / lang).glob("generated-*.md"))
        assert generated == ["generated-0001.md", "generated-0002.md", "generated-0003.md"]
    config = content.load_config(project / "mkdocs.yml")
    assert config["nav"][-1] == {"Generated 1-3": ["generated-0001.md", "generated-0002.md", "generated-0003.md"]}
    assert "navigation.prune" in config["theme"]["features"]
    # It builds (strict), with every page in every kept language.
    site = tmp_path / "large-site"
    projects.run_build(project, site)
    english = len(list((project / "docs" / langs[0]).glob("*.md")))
    for index, lang in enumerate(langs):
        folder = site if index == 0 else site / lang
        built = {p.parent.name for p in folder.glob("generated-*/index.html")}
        assert built == {"generated-0001", "generated-0002", "generated-0003"}
    assert len(list(site.rglob("index.html"))) == english * len(langs)


def test_build_only_locale_overlay_lands_in_the_i18n_plugin(tmp_path):
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    name = content.config_overlay(tmp_path, "es", {}, build_only_locale="es")
    loaded = content.load_config(tmp_path / name)
    i18n = content.i18n_options(loaded)
    assert i18n["build_only_locale"] == "es" and len(i18n["languages"]) == len(content.languages())
    assert loaded["nav"] == content.load_config()["nav"], "INHERIT keeps what the overlay does not change"


def test_linear_fit_reports_slope_and_linearity():
    fit = scale._fit([(50, 10.0), (100, 20.0), (200, 40.0)])
    assert fit["slope_s"] == 0.2 and fit["r2"] == 1.0 and fit["largest_vs_line"] == 0
    # A curve bending upward: R² stays high, but the largest point is 50 % above the line.
    bent = scale._fit([(1, 10.0), (4, 40.0), (8, 120.0)])
    assert bent["largest_vs_line"] == 0.5
    assert scale.is_linear(fit) is True
    # Straight by R² (>= 0.98) yet its largest point 21 % above the line: the second test catches it.
    upturn = scale._fit([(x, 10.0 * x) for x in range(1, 40)] + [(40, 484.0)])
    assert upturn["r2"] >= scale.LINEAR_R2_MIN and upturn["largest_vs_line"] > scale.LINEAR_TOLERANCE
    assert scale.is_linear(upturn) is False
    # Two sizes always fit a line exactly: no verdict, not a pass.
    assert scale.is_linear(scale._fit([(1, 5.0), (8, 9.0)])) is None
    figures = {"large": {"linear": None, "fit_pages": fit, "fit_languages": fit}}
    assert not [b for b in budgets.budgets(figures) if "linearly" in b["budget"]]


def test_build_timing_reports_cpu_seconds_of_the_child(tmp_path):
    wall, cpu = projects.timed([sys.executable, "-c", "sum(range(3_000_000))"], tmp_path, "busy loop")
    assert 0 < cpu <= wall + 0.5
    with pytest.raises(RuntimeError, match="busy loop failed"):
        projects.timed([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, "busy loop")


# --------------------------------------------------------------------------- trimmed stylesheet

def test_css_trimming_keeps_what_can_match_and_drops_what_cannot():
    known = {"classes": {"md-nav", "js"}, "ids": {"__search"}, "palette": {"data-md-color-primary": {"indigo"}}}
    css = (".md-nav{a:1}.md-tabs{b:2}.md-nav,.md-tabs .x{c:3}a:not(.unused){d:4}#__search{e:5}#gone{f:6}"
           "[data-md-color-primary=indigo]{g:7}[data-md-color-primary=red]{h:8}@media print{.md-tabs{i:9}}"
           ":root{--used:1;--unused:2}.md-nav{color:var(--used)}@keyframes spin{to{x:1}}@keyframes gone{to{x:1}}"
           ".md-nav{animation:spin 1s}")
    out = lean.lean_css(css, known, "")
    for kept in (".md-nav{a:1}", ".md-nav{c:3}", "a:not(.unused){d:4}", "#__search{e:5}",
                 "[data-md-color-primary=indigo]{g:7}", "--used:1", "@keyframes spin"):
        assert kept in out, kept
    for dropped in (".md-tabs", "#gone", "=red", "@media print", "--unused", "@keyframes gone"):
        assert dropped not in out, dropped


# --------------------------------------------------------------------------- the built site's budgets

def test_no_source_maps_and_one_theme_stylesheet_named_from_the_inputs(site, all_pages):
    assert sizes.source_maps(site) == []
    styles = site / "assets" / "stylesheets"
    assert not list(styles.glob("main.*.min.css")) and not list(styles.glob("palette.*.min.css"))
    # Named before any page was built, so each page linked it as it was written (no pass rewrote them).
    name = lean.stylesheet_name(ROOT)
    assert [p.name for p in styles.glob("main.*.lean.css")] == [name]
    for path in [Path(path, "index.html") for _, path in all_pages] + [Path("404.html")]:
        text = (site / path).read_text(encoding="utf-8")
        assert text.count(f'assets/stylesheets/{name}"') == 2, f"{path}: no link and preload hint for {name}"


def test_build_only_browser_code_is_not_published_as_files(site):
    """Inlined into each page or merged into the search worker, never a file of its own."""
    for path in (lean.LAZY_SEARCH, per_language.STEMMING_JS):
        assert not list(site.rglob(path.name)), f"{path.name} was published as a file"
    worker = (site / "assets/javascripts/workers" / per_language.STEMMING_WORKER).read_text(encoding="utf-8")
    assert per_language.STEMMING_JS.read_text(encoding="utf-8") in worker


def test_inlined_favicon_is_a_valid_data_url(site, all_pages):
    """A raw space is not allowed in a URL: the HTML checker rejects the icon's href."""
    for lang, path in all_pages:
        icons = re.findall(r'<link rel="icon" href="([^"]*)"', (site / path / "index.html").read_text(encoding="utf-8"))
        assert len(icons) == 1 and icons[0].startswith("data:image/svg+xml,"), (path, icons)
        assert not re.search(r"\s", icons[0]), f"{path}: the favicon's data URL has a raw space"
        assert "<svg" in urllib.parse.unquote(icons[0])


def test_downloads_are_hinted_before_the_parser_can_block_and_charset_stays_first(site, all_pages):
    """Chromium preloads nothing after a meta CSP: hints ahead of the stylesheet keep the downloads parallel."""
    problems = []
    for lang, path in all_pages:
        html = (site / path / "index.html").read_text(encoding="utf-8")
        head = html[:html.index('<link rel="stylesheet"')]
        wanted = re.findall(r'<script src="([^"]+)"></script>', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
        problems += [f"{path}: no preload hint for {src}" for src in wanted if f'<link rel="preload" href="{src}"' not in head]
        if not 0 <= html.encode("utf-8").find(b'<meta charset="utf-8">') < 1024:
            problems.append(f"{path}: <meta charset> is not within the first 1024 bytes")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_first_view_in_every_language_is_within_budget(browser, site, languages):
    server = serving.GzipServer(site)
    problems = []
    try:
        for lang in languages:
            load = loads.measure_load(browser, server, loads.page_path(lang, "index.md"), throttle=False, quiet=0.5)
            paths = [f["path"] for f in load["files"]]
            if load["requests"] > budgets.BUDGET_REQUESTS:
                problems.append(f"{lang}: {load['requests']} requests {paths}")
            problems += [f"{lang}: loaded {p} (another language)" for p in loads.foreign_requests(load["files"], lang, languages)]
            problems += [f"{lang}: {f['status']} {f['path']}" for f in load["files"] if f["status"] >= 400]
            problems += [f"{lang}: search loaded before it was opened: {p}" for p in paths
                         if re.search(r"search_index|/workers/|/lunr/", p)]
    finally:
        server.close()
    assert not problems, "\n".join(problems)


_HEADER_BOXES = """() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    boxes: [...document.querySelectorAll('.md-header__title, .md-header__option, .md-select, .md-header [for=__search], .md-header [data-guide-for=__search]')]
        .filter(e => !e.hidden).map(e => { const r = e.getBoundingClientRect();
            return `${e.className.split(' ')[0]} ${Math.round(r.left)}..${Math.round(r.right)}`; })
        .filter(box => !box.endsWith(' 0..0'))})"""


@pytest.mark.browser
def test_header_does_not_shift_when_scripts_run_on_a_phone(browser, site, languages):
    """Lighthouse's layout-shift score: the header keeps its layout from first paint to after the scripts."""
    server = serving.GzipServer(site)
    problems = []
    try:
        for lang in languages:
            url = server.url + loads.page_path(lang, "index.md")
            states = {}
            for scripts in (False, True):
                context = browser.new_context(**loads.PHONE)
                try:
                    page = context.new_page()
                    if not scripts:
                        # The first paint: Material's bundle and a11y.js have not run (small inline scripts have).
                        page.route("**/*.js", lambda route: route.abort())
                    page.goto(url, wait_until="load")
                    if scripts:
                        page.wait_for_selector("html[data-guide-a11y=ready]")
                    states[scripts] = page.evaluate(_HEADER_BOXES)
                finally:
                    context.close()
            before, after = states[False], states[True]
            if before["overflow"] > 0:
                problems.append(f"{lang}: before scripts run the page is {before['overflow']}px wider than the phone, "
                                "so it moves when they run")
            if [b.split()[0] for b in before["boxes"]] == [b.split()[0] for b in after["boxes"]]:
                moved = [f"{b} -> {a.split()[1]}" for b, a in zip(before["boxes"], after["boxes"]) if b != a]
            else:
                moved = [f"{before['boxes']} -> {after['boxes']}"]
            problems += [f"{lang}: header moves when scripts run: {m}" for m in moved]
    finally:
        server.close()
    assert not problems, "\n".join(problems) + "\nKeep room for script-shown controls in guide.css (scripting: enabled)."


@pytest.mark.browser
def test_search_loads_on_first_use_and_still_finds_and_highlights(browser, site):
    server = serving.GzipServer(site)
    try:
        for lang, word in (("en", "rhizotomy"), ("es", "rizotomía")):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # empty cache
            page = context.new_page()
            page.goto(server.url + loads.page_path(lang, "procedure.md"), wait_until="networkidle")
            mark = server.mark()
            page.fill('input[data-md-component="search-query"]', word)
            page.wait_for_selector(".md-search-result__item", timeout=30000)
            loaded = [e["path"] for e in server.since(mark)]
            index = "/search/search_index.json" if lang == "en" else f"/{lang}/search/search_index.json"
            assert index in loaded and any("/workers/search." in p for p in loaded), loaded
            if lang == "es":
                assert "/assets/javascripts/lunr/min/lunr.es.min.js" in loaded
            context.close()
        # A result link carries ?h=, and the opened page highlights the word.
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "procedure/?h=rhizotomy", wait_until="networkidle")
        page.wait_for_selector("article mark", timeout=20000)
        context.close()
    finally:
        server.close()


def _header_button(toggle: str) -> str:
    # Material's label, or the keyboard-reachable button that may take its place.
    return f'.md-header [data-guide-for="{toggle}"], .md-header label[for="{toggle}"]:not([hidden])'


@pytest.mark.browser
def test_trimmed_stylesheet_keeps_every_theme_class_the_live_page_uses(browser, site):
    """Search results, tooltips, the phone drawer and dark mode: their classes survive the trimming."""
    material = set(re.findall(r"\.([A-Za-z_][\w-]*)", "".join(p.read_text(encoding="utf-8")
                                                               for p in MATERIAL_CSS.glob("*.min.css"))))
    trimmed = next((site / "assets" / "stylesheets").glob("main.*.lean.css")).read_text(encoding="utf-8")
    server = serving.GzipServer(site)
    seen: set[str] = set()
    collect = "() => [...document.querySelectorAll('[class]')].flatMap(e => [...e.classList])"
    try:
        for scheme, viewport in (("light", {"width": 1280, "height": 900}), ("dark", {"width": 412, "height": 823})):
            context = browser.new_context(viewport=viewport, color_scheme=scheme)
            page = context.new_page()
            page.goto(server.url + "procedure/", wait_until="networkidle")
            if viewport["width"] < 600:
                page.click(_header_button("__drawer"))
                seen |= set(page.evaluate(collect))
                page.keyboard.press("Escape")
                page.reload(wait_until="networkidle")
                page.click(_header_button("__search"))
            page.fill('input[data-md-component="search-query"]', "nerve")
            page.wait_for_selector(".md-search-result__item", timeout=30000)
            seen |= set(page.evaluate(collect))
            page.keyboard.press("Escape")
            page.locator("article abbr").first.hover()
            page.wait_for_timeout(300)
            seen |= set(page.evaluate(collect))
            scheme_now = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            assert scheme_now == ("slate" if scheme == "dark" else "default")
            context.close()
    finally:
        server.close()
    missing = sorted(c for c in seen & material if not re.search(rf"\.{re.escape(c)}(?![\w-])", trimmed))
    assert not missing, f"classes in use but trimmed from the stylesheet: {missing}"
    assert "[data-md-color-scheme=slate]" in trimmed


@pytest.mark.browser
def test_first_view_costs_at_most_ninety_percent_of_default_material(browser, site, tmp_path):
    default_site = default_material.build_default(default_material.default_material_project(tmp_path / "default", "en"))
    servers = [serving.GzipServer(site), serving.GzipServer(default_site)]
    try:
        ours = loads.measure_load(browser, servers[0], "", throttle=False, quiet=0.5)
        default = loads.measure_load(browser, servers[1], "", throttle=False, quiet=0.5)
    finally:
        for server in servers:
            server.close()
    assert default["requests"] >= 5  # HTML, CSS, bundle, worker, index: Material's defaults did load
    assert ours["sent_bytes"] <= budgets.BUDGET_BYTES_RATIO * default["sent_bytes"], (ours["files"], default["files"])
