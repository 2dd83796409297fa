"""The one shared accessibility helper: axe-core, in-page probes, the page survey and the report.

- `run_axe(page)` injects axe-core and runs it with the rule tags below, minus the documented
  exclusions; every test in tests/test_a11y*.py goes through it.
- `probe()`, `focused()`, `reachable()`, `tab_walk()` (in-page JavaScript) measure what axe does
  not: text, icon and focus-ring contrast, target size, reflow and text zoom, headings, reduced
  motion, the focused element and the Tab order.
- `survey()` loads every built page once per (palette, width) in one reused browser context
  (two tabs side by side), runs axe and the probes on it, then opens the interactive states;
  results are cached for the session so both test files read the same run.
- `REPORT` collects every result; the session fixture `a11y_report` writes
  reports/a11y/a11y-report.json and reports/a11y/summary.md when the run ends (CI uploads them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "a11y"
REPORT_DIR = Path(os.environ.get("A11Y_REPORT_DIR", ROOT / "reports" / "a11y"))
PROBES = Path(__file__).resolve().parent / "a11y_probes"


def _script(name: str) -> str:
    """A probe from a11y_probes/NAME.js: browser code lives in .js files an editor can lint."""
    return (PROBES / f"{name}.js").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- axe-core

def _axe_path() -> Path:
    # The pinned, hash-checked wheel (requirements.txt) ships axe-core; AXE_CORE_JS may point at a newer axe.min.js.
    if os.environ.get("AXE_CORE_JS"):
        return Path(os.environ["AXE_CORE_JS"])
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


AXE_SOURCE = _axe_path().read_text(encoding="utf-8")
AXE_VERSION = re.search(r"axe v([\d.]+)", AXE_SOURCE[:200]).group(1)

# WCAG 2.0, 2.1 and 2.2 A + AA, plus Deque's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Rules switched off: rule id -> reason and link. Empty: every rule with the tags above runs.
DISABLED_RULES: dict[str, str] = {}

# Elements left out of every axe run: CSS selector -> reason and link. Empty: nothing is skipped.
EXCLUDED_ELEMENTS: dict[str, str] = {}

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": TAGS},
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
}
AXE_CONTEXT = {"exclude": [[selector] for selector in EXCLUDED_ELEMENTS]} if EXCLUDED_ELEMENTS else None

_START_AXE = _script("start_axe")


def start_axe(page, include: list[str] | None = None) -> None:
    """Inject axe-core (unless the context preloads it) and start a run without waiting for it.

    `include` limits the run to some parts of the page (the parts an interactive state changes).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    context = dict(AXE_CONTEXT or {})
    if include:
        context["include"] = [[selector] for selector in include]
    page.evaluate(_START_AXE, [context or None, AXE_OPTIONS])


def axe_result(page, timeout: float = 60) -> list[dict]:
    """The violations of the run `start_axe` started (polled: the site's CSP forbids string eval)."""
    deadline = time.monotonic() + timeout
    while True:
        result = page.evaluate("() => window.__guideAxe")
        if result is not None:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"axe did not finish on {page.url} within {timeout}s")
        time.sleep(0.02)
    if "error" in result:
        raise RuntimeError(f"axe failed on {page.url}: {result['error']}")
    return result["violations"]


def run_axe(page, include: list[str] | None = None) -> list[dict]:
    start_axe(page, include)
    return axe_result(page)


def describe_violations(violations: list[dict], where: str) -> list[str]:
    """One line per failing element: where, rule, element, what axe says, the rule's help page."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{where}: {v['id']} [{v['impact']}] {target} — {node['summary'][:300]} — {v['helpUrl']}")
    return lines


# --------------------------------------------------------------------------- in-page probes

# Colour maths and visibility, shared by the probes below (installed once per document).
_LIB = _script("lib")

_PROBE = _script("probe")

# The focused element and its focus indicator (2.4.7 Focus Visible, 2.4.11 Not Obscured, 1.4.11).
_FOCUS = _script("focus")

# What should be reachable by Tab: every visible, enabled control (2.1.1 Keyboard).
_REACHABLE = _script("reachable")


def install(page) -> None:
    page.evaluate(_LIB)


# Clipped text the reflow and text-zoom checks accept: selector -> reason and link.
CLIPPING_ALLOWED = {
    ".md-header__topic": "Material's one-line header repeats the site name (or, scrolled, the page title) beside "
    "four buttons and ends it with an ellipsis; the full text stays on the same page as the h1, the document "
    "title and the drawer heading, which a11y.css lets wrap. "
    "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html",
}


def probe(page, *parts: str) -> dict:
    """Run the named probes ('document', 'contrast', 'targets', 'overflow', 'motion') on the page."""
    install(page)
    return page.evaluate(_PROBE, {"parts": list(parts), "clipOk": list(CLIPPING_ALLOWED)})


def focused(page) -> dict:
    install(page)
    return page.evaluate(_FOCUS)


def reachable(page) -> dict:
    install(page)
    return page.evaluate(_REACHABLE)


def focus_problems(state: dict) -> list[str]:
    """What is wrong with one Tab stop: hidden, covered, or without a 3:1 focus ring."""
    problems = []
    if not state["visible"] or not state["inViewport"]:
        problems.append(f"{state['name']} takes focus but cannot be seen")
    elif not state["shown"]:
        problems.append(f"{state['name']} is covered by other content when focused")
    if state["ringWidth"] < 1:
        problems.append(f"{state['name']} shows no focus outline")
    elif state["ringStyle"] == "auto":
        problems.append(f"{state['name']} uses the browser's automatic outline, whose contrast cannot be checked")
    elif state["ringRatio"] < 3:
        problems.append(f"{state['name']} focus outline contrast {state['ringRatio']}:1 (needs 3:1)")
    return problems


def tab_walk(page, limit: int | None = None, reverse: bool = False) -> tuple[list[dict], str | None]:
    """Press Tab until focus comes back round; returns the stops and a keyboard-trap message, if any."""
    install(page)
    limit = limit or page.evaluate("() => document.querySelectorAll('a, button, input, select, textarea, summary, [tabindex]').length") * 2 + 20
    stops: list[dict] = []
    seen: set[int] = set()
    key = "Shift+Tab" if reverse else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        if state["key"] == 0:
            if stops:
                return stops, None  # past the last control: focus left the page, as it should
            continue
        if stops and state["key"] == stops[-1]["key"]:
            return stops, f"keyboard trap: Tab does not move focus away from {state['name']}"
        if state["key"] in seen:
            if state["key"] == stops[0]["key"]:
                return stops, None  # wrapped round to the first stop
            loop = [s["name"] for s in stops[[s["key"] for s in stops].index(state["key"]):]]
            return stops, f"keyboard trap: Tab cycles between {', '.join(loop[:6])} without reaching the rest of the page"
        seen.add(state["key"])
        stops.append(state)
    return stops, f"keyboard trap: {limit} Tab presses never left the page or came back to the start"


# --------------------------------------------------------------------------- browsing

PALETTES = ("light", "dark")
WIDTHS = (1280, 375)
SCHEME = {"light": "default", "dark": "slate"}
READY = "html[data-guide-a11y=ready]"


def new_context(browser, palette: str = "light", width: int = 1280, reduced_motion: str = "reduce", axe: bool = False):
    """Palette through prefers-color-scheme (Material's palette follows the media query until toggled)."""
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 600 else 812},
        color_scheme=palette,
        # Transitions finish at once, so colours and positions are measured at rest.
        reduced_motion=reduced_motion,
    )
    context.set_default_timeout(20_000)
    if axe:
        # Preloaded in every page: faster than sending 570 kB through the protocol after each load.
        context.add_init_script(AXE_SOURCE)
    return context


def wait_ready(page, selector: str = READY) -> None:
    page.wait_for_selector(selector, state="attached")


def load(page, url: str, selector: str = READY) -> None:
    page.goto(url, wait_until="load")
    wait_ready(page, selector)


# Material's own JavaScript has run (its palette component shows one toggle label).
MATERIAL_READY = '[data-md-component=palette] label:not([hidden])'
_FIX_STYLE = re.compile(r"<style>(?:(?!</style>).)*--guide-focus-width(?:(?!</style>).)*</style>|<link[^>]*a11y\.css[^>]*>", re.S)
_FIX_SCRIPT = re.compile(r"<script>(?:(?!</script>).)*data-guide-a11y(?:(?!</script>).)*</script>|<script[^>]*a11y\.js[^>]*></script>", re.S)


def load_without_fixes(page, url: str) -> None:
    """Load a built page with a11y.css and a11y.js taken out: Material's defaults, for tests that must fail."""

    def strip(route):
        response = route.fetch()
        body = response.text()
        stripped = _FIX_SCRIPT.sub("", _FIX_STYLE.sub("", body))
        assert stripped != body, "the page carries neither a11y.css nor a11y.js"
        route.fulfill(response=response, body=stripped)

    page.route(url, strip)
    try:
        load(page, url, MATERIAL_READY)
    finally:
        page.unroute(url)


def where(lang: str, path: str, palette: str, width: int, state: str = "loaded") -> str:
    shown = path if path.startswith(f"{lang}/") or lang == "en" else f"{lang}:{path}"
    return f"{shown or '/'} ({palette}, {width} px, {state})"


# --------------------------------------------------------------------------- report

@dataclass
class Report:
    """Every check on every page and state, for reports/a11y/."""

    started: float = field(default_factory=time.time)
    results: list[dict] = field(default_factory=list)

    def add(self, check: str, lang: str, path: str, problems: list[str], palette: str = "", width: int = 0,
            state: str = "loaded", **extra) -> None:
        self.results.append({"check": check, "lang": lang, "page": path or "", "palette": palette, "width": width,
                             "state": state, "passed": not problems, "problems": problems, **extra})

    def write(self, directory: Path = REPORT_DIR) -> None:
        if not self.results:
            return
        directory.mkdir(parents=True, exist_ok=True)
        seconds = round(time.time() - self.started, 1)
        axe_runs = [r for r in self.results if r["check"] == "axe"]
        meta = {
            "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "axe_core": AXE_VERSION, "tags": TAGS, "disabled_rules": DISABLED_RULES,
            "excluded_elements": EXCLUDED_ELEMENTS, "seconds": seconds,
            "axe_page_state_combinations": len(axe_runs),
            "checks": len(self.results), "failed": sum(not r["passed"] for r in self.results),
        }
        (directory / "a11y-report.json").write_text(json.dumps({"meta": meta, "results": self.results}, ensure_ascii=False, indent=1), encoding="utf-8")
        (directory / "summary.md").write_text(self.markdown(meta), encoding="utf-8")

    def markdown(self, meta: dict) -> str:
        columns = ["axe loaded", "axe states", "keyboard", "reflow 320", "text 200%", "target size",
                   "contrast", "motion", "title", "headings"]
        column_of = {"axe": None, "keyboard": "keyboard", "reflow": "reflow 320", "text-zoom": "text 200%",
                     "target-size": "target size", "contrast": "contrast", "motion": "motion", "title": "title",
                     "headings": "headings"}
        cells: dict[str, dict[str, list[bool]]] = {}
        for r in self.results:
            column = column_of.get(r["check"], r["check"])
            if r["check"] == "axe":
                column = "axe loaded" if r["state"] == "loaded" else "axe states"
            page = f"{r['lang']}: /{r['page']}" if r["lang"] else f"/{r['page']}"
            cells.setdefault(page, {}).setdefault(column, []).append(r["passed"])
        lines = [
            "# Accessibility report",
            "",
            f"axe-core {meta['axe_core']} ({', '.join(meta['tags'])}); {meta['axe_page_state_combinations']} page × palette × "
            f"width × state combinations through axe; {meta['checks']} checks in all, {meta['failed']} failed; "
            f"{meta['seconds']} s.",
            "",
            "Cells: passed/run. Details: a11y-report.json.",
            "",
            "| page | " + " | ".join(columns) + " |",
            "|---" * (len(columns) + 1) + "|",
        ]
        for page in sorted(cells):
            row = []
            for column in columns:
                runs = cells[page].get(column, [])
                row.append("·" if not runs else f"{'✅' if all(runs) else '❌'} {sum(runs)}/{len(runs)}")
            lines.append(f"| {page} | " + " | ".join(row) + " |")
        failures = [r for r in self.results if not r["passed"]]
        if failures:
            lines += ["", "## Failures", ""]
            for r in failures[:200]:
                for problem in r["problems"][:5]:
                    lines.append(f"- {r['check']}: {problem}")
        return "\n".join(lines) + "\n"


REPORT = Report()


@pytest.fixture(scope="session", autouse=True)
def a11y_report():
    """Writes the report when the session ends, whatever passed or failed."""
    yield REPORT
    REPORT.write()


# --------------------------------------------------------------------------- the survey

@dataclass
class Visit:
    lang: str
    path: str
    palette: str
    width: int
    state: str
    violations: list[dict]
    probes: dict

    @property
    def where(self) -> str:
        return where(self.lang, self.path, self.palette, self.width, self.state)


_SURVEYS: dict[tuple, list[Visit]] = {}
TABS = int(os.environ.get("A11Y_TABS", "2"))


def survey(browser, base_url: str, site: Path, all_pages: list[tuple[str, str]], palette: str, width: int) -> list[Visit]:
    """Every page as loaded, then the interactive states, in one context; cached per (palette, width)."""
    key = (base_url, palette, width)
    if key not in _SURVEYS:
        context = new_context(browser, palette, width, axe=True)
        try:
            visits = _survey_loads(context, base_url, all_pages, palette, width)
            visits += _survey_states(context, base_url, site, visits, palette, width)
        finally:
            context.close()
        _SURVEYS[key] = visits
        for v in visits:
            problems = [f"{v.where}: {p}" for p in v.probes.get("state_problems", [])]
            REPORT.add("axe", v.lang, v.path, problems + describe_violations(v.violations, v.where), v.palette, v.width, v.state)
    return _SURVEYS[key]


def _probes_for_load(page, palette: str, width: int) -> dict:
    parts = ["document", "contrast", "targets"]
    if palette == "light" and width < 600:
        parts.append("motion")  # read by the reduced-motion test, which surveys the phone width
    probes = probe(page, *parts)
    if palette == "light" and width < 600:
        # Reflow (1.4.10): the same page at 320 CSS px, then back.
        page.set_viewport_size({"width": 320, "height": 812})
        probes["reflow"] = probe(page, "overflow")["overflow"]
        page.set_viewport_size({"width": width, "height": 812})
    if palette == "light" and width > 600:
        # Resize text (1.4.4): every rem doubled, as a 200% browser text size does.
        page.evaluate("() => { const h = document.documentElement; h.style.fontSize = 2 * parseFloat(getComputedStyle(h).fontSize) + 'px'; }")
        probes["text_zoom"] = probe(page, "overflow")["overflow"]
        page.evaluate("() => document.documentElement.style.removeProperty('font-size')")
    return probes


def _survey_loads(context, base_url, all_pages, palette, width) -> list[Visit]:
    tabs = [context.new_page() for _ in range(max(1, TABS))]
    visits: list[Visit] = []
    try:
        for start in range(0, len(all_pages), len(tabs)):
            batch = list(zip(tabs, all_pages[start:start + len(tabs)]))
            # Navigate every tab first, so pages load (and axe runs) side by side.
            for page, (lang, path) in batch:
                page.evaluate("url => location.assign(url)", base_url + path)
            probes = []
            for page, (lang, path) in batch:
                page.wait_for_url(base_url + path, wait_until="load")
                wait_ready(page)
                probes.append(_probes_for_load(page, palette, width))
                start_axe(page)
            for (page, (lang, path)), found in zip(batch, probes):
                visits.append(Visit(lang, path, palette, width, "loaded", axe_result(page), found))
    finally:
        for page in tabs:
            page.close()
    return visits


def search_terms(site: Path, lang: str) -> list[str]:
    """Words from the language's own search index (first page title), longest first."""
    prefix = "" if lang == "en" else f"{lang}/"
    index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words = [w for doc in index["docs"][:3] for w in separator.split(doc["title"]) if len(w) > 1]
    return sorted(dict.fromkeys(words), key=len, reverse=True)


def open_search(page, terms: list[str], width: int) -> str | None:
    """Open search the way a reader does and type words until results show; returns the word used."""
    # By keyboard: a mouse click would leave the pointer hovering (and dimming) the clear button.
    toggle = page.locator('.guide-toggle[data-guide-for="__search"]')
    if width < 960 and toggle.count():
        toggle.focus()
        page.keyboard.press("Enter")
    else:
        page.locator(".md-search__input").focus()
    # Material says "Initializing search" until its worker has the index; then its placeholder text.
    ready = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    deadline = time.monotonic() + 60
    while page.locator(".md-search-result__meta").inner_text().strip() != ready:
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)
    for term in terms[:6]:
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially(term)
        # Material searches on keyup; letters typed as text (Chinese, Arabic ...) send none, as with an IME.
        page.keyboard.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=5000)
            return term
        except Exception:
            continue
    return None


# What each interactive state changes, so axe re-checks only that part (the loaded page passed already).
STATE_PARTS = {
    "language menu": [".md-header"],
    "glossary tooltip": [".md-tooltip2--active", "abbr.guide-term"],
    "navigation drawer": [".md-header", ".md-sidebar--primary"],
    "search": [".md-header"],
}


def _state_visit(page, visit: Visit, state: str, problems: list[str] | None = None) -> Visit:
    parts = ["contrast", "targets"] + (["overflow"] if state == "navigation drawer" else [])
    found = probe(page, *parts)
    if problems:
        found["state_problems"] = problems
    violations = run_axe(page, STATE_PARTS[state.split(" '")[0]])
    return Visit(visit.lang, visit.path, visit.palette, visit.width, state, violations, found)


def _survey_states(context, base_url, site, loads: list[Visit], palette, width) -> list[Visit]:
    """On one page per language, one state after the other: language menu, glossary tooltip,
    navigation drawer (phone width), then search with results."""
    visits = []
    page = context.new_page()
    try:
        for lang in dict.fromkeys(v.lang for v in loads):
            pages = [v for v in loads if v.lang == lang]
            home = next((v for v in pages if v.path in ("", f"{lang}/")), pages[0])
            with_term = next((v for v in pages if v.probes["document"]["terms"]), None)
            load(page, base_url + home.path)

            page.locator(".md-select > button").focus()
            page.wait_for_selector(".md-select__inner .md-select__link", state="visible")
            visits.append(_state_visit(page, home, "language menu"))
            page.evaluate("() => document.activeElement.blur()")

            if with_term:
                if with_term is not home:
                    load(page, base_url + with_term.path)
                page.locator("abbr.guide-term").first.focus()
                page.wait_for_selector(".md-tooltip2--active", state="visible")
                visits.append(_state_visit(page, with_term, "glossary tooltip"))
                page.evaluate("() => document.activeElement.blur()")
                if with_term is not home:
                    load(page, base_url + home.path)

            if width < 960:
                page.locator('.guide-toggle[data-guide-for="__drawer"]').focus()
                page.keyboard.press("Enter")
                page.wait_for_selector(".md-sidebar--primary .md-nav__link", state="visible")
                visits.append(_state_visit(page, home, "navigation drawer"))
                page.keyboard.press("Escape")

            term = open_search(page, search_terms(site, lang), width)
            problems = [] if term else ["no search word from the index gave results"]
            visits.append(_state_visit(page, home, f"search '{term}'", problems))
    finally:
        page.close()
    return visits
