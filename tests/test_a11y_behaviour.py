"""Accessibility beyond axe, in Chromium: keyboard, reflow, text zoom, target size, contrast, motion,
titles and headings. Each class of check also runs on a fixture page (tests/fixtures/a11y/) or on a
built page without the guide's fixes, to prove it fails there.
"""

from __future__ import annotations

import re
import time

import pytest

from a11y import (  # noqa: F401  (a11y_report is the session fixture that writes reports/a11y/)
    FIXTURES,
    REPORT,
    a11y_report,
    focus_problems,
    focused,
    load,
    load_without_fixes,
    new_context,
    probe,
    reachable,
    search_terms,
    survey,
    tab_walk,
    where,
)
from conftest import ROOT, build, edit, english_only, serve
from scripts.content import DEFAULT_LANGUAGE

pytestmark = pytest.mark.browser

DRAWER_BUTTON = '.guide-toggle[data-guide-for="__drawer"]'
SEARCH_BUTTON = '.guide-toggle[data-guide-for="__search"]'


# --------------------------------------------------------------------------- helpers

def source_file(lang: str, path: str, root=ROOT):
    """The Markdown file an editor changes for a built page (English when the page falls back)."""
    rel = path[len(lang) + 1:] if lang != "en" and path.startswith(f"{lang}/") else path
    name = (rel.strip("/") or "index") + ".md"
    own = root / "docs" / lang / name
    return own if own.exists() else root / "docs" / "en" / name


def line_of(file, pattern: str) -> int:
    try:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(pattern, line):
                return number
    except OSError:
        pass
    return 1


def heading_problems(headings: list[dict]) -> list[tuple[str, int | None, str]]:
    """(what is wrong, heading level to look for, heading text) for one page."""
    levels = [h["level"] for h in headings]
    problems = []
    if levels.count(1) != 1:
        problems.append((f"the page has {levels.count(1)} h1 headings — keep exactly one `# ` heading, the page title", None, ""))
    if levels and levels[0] != 1:
        problems.append((f"the first heading is h{levels[0]} — start the page with its `# ` title", levels[0], headings[0]["text"]))
    for before, after in zip(headings, headings[1:]):
        if after["level"] > before["level"] + 1:
            problems.append((f"heading \"{after['text']}\" jumps from h{before['level']} to h{after['level']} — "
                             f"use {'#' * (before['level'] + 1)} so levels go down one at a time", after["level"], after["text"]))
    return problems


def heading_messages(lang: str, path: str, headings: list[dict], root=ROOT) -> list[str]:
    """Heading problems as `file:line: what — how`, pointing at the Markdown heading to change."""
    file = source_file(lang, path, root)
    messages = []
    for what, level, text in heading_problems(headings):
        line = line_of(file, rf"#{{{level}}}\s+{re.escape(text[:20])}") if level else line_of(file, r"# ")
        messages.append(f"{file.relative_to(root)}:{line}: {what}")
    return messages


def title_problems(document: dict) -> list[str]:
    title, site = document["title"].strip(), document["site"].strip()
    if not site:
        return ["the header shows no site name to compare the title with"]
    if site not in title:
        return [f"title \"{title}\" does not include the site name \"{site}\" — Material adds it from the "
                f"language's site_name in mkdocs.yml; check that and the title block of overrides/main.html"]
    if title == site:
        return [f"title is only the site name \"{site}\" — give the page its own `title:`"]
    return []


def press_until(page, selector: str, limit: int = 60, key: str = "Tab") -> dict:
    """Tab until the focused element matches selector; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return focused(page)
    raise AssertionError(f"{page.url}: {limit} × {key} never reached {selector}")


def wait_until(page, predicate: str, message: str, timeout: float = 5) -> None:
    """Poll a JavaScript predicate (the site's CSP forbids Playwright's wait_for_function)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"{page.url}: {message}"
        time.sleep(0.05)


def keyboard_problems(page) -> list[str]:
    """Walk the page with Tab: every control reached, in page order, visibly focused, no trap."""
    expected = reachable(page)
    stops, trap = tab_walk(page)
    problems = [trap] if trap else []
    problems += [f"{name} has a positive tabindex, which breaks the reading order" for name in expected["positive"]]
    problems += [f"{name} is visible but taken out of the Tab order (tabindex=-1)" for name in expected["unreachable"]]
    reached = {s["key"] for s in stops}
    problems += [f"{e['name']} cannot be reached with Tab" for e in expected["expected"] if e["key"] not in reached]
    for before, after in zip(stops, stops[1:]):
        if not after["follows"]:
            problems.append(f"Tab goes back from {before['name']} to {after['name']}, against the page order")
    for stop in stops:
        problems += focus_problems(stop)
    return problems


def skip_link_problems(page) -> list[str]:
    page.keyboard.press("Tab")
    first = focused(page)
    target = page.evaluate("""() => {
        const a = document.activeElement, href = a && a.getAttribute('href');
        const t = href && href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
        if (!t || !t.closest('main, [role=main], .md-content')) return null;
        return {href}; }""")
    if first["key"] == 0 or target is None:
        return [f"the first Tab stop is {first['name']}, not a skip link to the main content"]
    problems = focus_problems(first)
    page.keyboard.press("Enter")
    top = page.evaluate("id => document.getElementById(decodeURIComponent(id)).getBoundingClientRect().top", target["href"][1:])
    if not 0 <= top < page.viewport_size["height"]:
        problems.append(f"after the skip link, its target {target['href']} is not on screen (top {round(top)} px)")
    page.keyboard.press("Tab")
    after = focused(page)
    # What the skip link skips: header and sidebars. The footer is fine when the text has no links.
    wrong = page.evaluate("""id => { const a = document.activeElement, t = document.getElementById(decodeURIComponent(id));
        return !(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) || !!a.closest('.md-header, .md-sidebar'); }""",
                          target["href"][1:])
    if after["key"] == 0 or wrong:
        problems.append(f"after the skip link, Tab goes to {after['name']} instead of into the content")
    return problems


@pytest.fixture
def make_page(browser):
    contexts = []

    def make(palette="light", width=1280, reduced_motion="reduce"):
        context = new_context(browser, palette, width, reduced_motion)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def record(check: str, visit, found: list[str], **place) -> list[str]:
    """One survey visit's result into the report (its palette, width and state unless `place` says
    otherwise), handed back for the test's assertion."""
    where_ = {"palette": visit.palette, "width": visit.width, "state": visit.state, **place}
    REPORT.add(check, visit.lang, visit.path, found, where_["palette"], where_["width"], where_["state"])
    return found


def english_home(all_pages) -> str:
    """The English home page (all_pages is sorted by name, so its first English entry is about/)."""
    return index_paths(all_pages, [DEFAULT_LANGUAGE])[DEFAULT_LANGUAGE]


def index_paths(all_pages, languages):
    """Each language's home page."""
    return {lang: next(path for code, path in all_pages if code == lang and path in ("", f"{lang}/")) for lang in languages}


# --------------------------------------------------------------------------- keyboard

@pytest.mark.parametrize("width", [1280, 375])
def test_skip_link_is_the_first_tab_stop_and_moves_into_the_content(make_page, base_url, all_pages, languages, width):
    page = make_page(width=width)
    problems = []
    for lang, path in index_paths(all_pages, languages).items():
        load(page, base_url + path)
        found = skip_link_problems(page)
        REPORT.add("keyboard", lang, path, [f"{where(lang, path, 'light', width)}: {p}" for p in found], "light", width, "skip link")
        problems += [f"{where(lang, path, 'light', width)}: {p}" for p in found]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("palette,width", [("light", 1280), ("light", 375), ("dark", 1280), ("dark", 375)])
def test_tab_reaches_every_control_in_order_with_a_visible_focus_ring(make_page, base_url, all_pages, languages, palette, width):
    """Every language's first page in every palette and width; every English page on the desktop."""
    page = make_page(palette, width)
    paths = list(index_paths(all_pages, languages).items())
    if palette == "dark":
        paths = [p for p in paths if p[0] in ("en", "ar")]  # focus colours differ by palette, not by language
    if (palette, width) == ("light", 1280):
        paths += [(lang, path) for lang, path in all_pages if lang == "en" and (lang, path) not in paths]
    problems = []
    for lang, path in paths:
        load(page, base_url + path)
        found = [f"{where(lang, path, palette, width)}: {p}" for p in keyboard_problems(page)]
        REPORT.add("keyboard", lang, path, found, palette, width, "tab walk")
        problems += found
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_search_works_by_keyboard_alone(make_page, base_url, site, all_pages, languages, lang, width):
    if lang not in languages:
        pytest.skip(f"{lang} is not built")
    path = index_paths(all_pages, languages)[lang]
    page = make_page(width=width)
    load(page, base_url + path)
    if width < 960:
        button = press_until(page, SEARCH_BUTTON)
        assert not focus_problems(button), focus_problems(button)
        page.keyboard.press("Enter")
        wait_until(page, "() => document.activeElement.matches('.md-search__input')", "Enter on the search button did not focus the field")
    else:
        press_until(page, ".md-search__input")
    term = next(iter(search_terms(site, lang)))
    page.keyboard.type(term)
    page.keyboard.press("End")  # Material searches on keyup, which letters typed as text do not send
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    result = focused(page)
    assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')"), f"ArrowDown went to {result['name']}"
    assert not focus_problems(result), focus_problems(result)
    href = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    # Escape closes search again and, on a phone, gives focus back to the search button.
    load(page, base_url + path)
    if width < 960:
        press_until(page, SEARCH_BUTTON)
        page.keyboard.press("Enter")
    else:
        press_until(page, ".md-search__input")
    wait_until(page, "() => document.getElementById('__search').checked", "focusing the search field did not open search")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked"), "Escape left search open"
    if width < 960:
        wait_until(page, f"() => document.activeElement.matches('{SEARCH_BUTTON}')", "focus did not return to the search button")


@pytest.mark.parametrize("width", [1280, 375])
def test_language_menu_works_by_keyboard_alone(make_page, base_url, all_pages, languages, width):
    if len(languages) < 2:
        pytest.skip("one language only")
    page = make_page(width=width)
    paths = index_paths(all_pages, languages)
    lang, other = languages[-1], languages[0]
    load(page, base_url + paths[lang])
    button = press_until(page, ".md-select > button")
    assert not focus_problems(button), focus_problems(button)
    link = press_until(page, f'.md-select__link[hreflang="{other}"]', limit=len(languages) + 1)
    assert not focus_problems(link), f"language link: {focus_problems(link)}"
    href = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert page.evaluate("() => document.documentElement.lang").startswith(other)


def drawer_problems(page) -> list[str]:
    """Open the phone navigation with the keyboard, move through it and close it with Escape."""
    try:
        button = press_until(page, DRAWER_BUTTON, limit=10)
    except AssertionError:
        return ["the navigation drawer cannot be opened with the keyboard: no focusable menu button"]
    problems = focus_problems(button)
    if page.locator(DRAWER_BUTTON).get_attribute("aria-expanded") != "false":
        problems.append("the closed menu button does not say aria-expanded=false")
    page.keyboard.press("Enter")
    page.wait_for_selector(".md-sidebar--primary .md-nav__link", state="visible")
    try:
        wait_until(page, "() => !!document.activeElement.closest('.md-sidebar--primary')", "", timeout=2)
    except AssertionError:
        pass  # reported below
    state = page.evaluate("""() => { const d = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
        return {inside: !!document.activeElement.closest('.md-sidebar--primary'), left: d.left, right: d.right, width: innerWidth}; }""")
    if not state["inside"]:
        problems.append("opening the drawer does not move focus into it")
    if state["left"] < -1 or state["right"] > state["width"] + 1:
        problems.append(f"the open drawer is partly off screen ({round(state['left'])}..{round(state['right'])} px)")
    if page.locator(DRAWER_BUTTON).get_attribute("aria-expanded") != "true":
        problems.append("the open menu button does not say aria-expanded=true")
    for _ in range(3):
        stop = focused(page)
        problems += focus_problems(stop)
        page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    if page.evaluate("() => document.getElementById('__drawer').checked"):
        problems.append("Escape does not close the drawer")
    elif not page.evaluate("s => document.activeElement.matches(s)", DRAWER_BUTTON):
        problems.append("after Escape, focus is not back on the menu button")
    if page.evaluate("() => [...document.querySelectorAll('.md-sidebar--primary a')].some(a => a.checkVisibility({checkVisibilityCSS: true}))"):
        problems.append("links of the closed drawer can still take focus")
    return problems


def test_mobile_drawer_works_by_keyboard_in_every_language(make_page, base_url, all_pages, languages):
    page = make_page(width=375)
    problems = []
    for lang, path in index_paths(all_pages, languages).items():
        load(page, base_url + path)
        found = [f"{where(lang, path, 'light', 375)}: {p}" for p in drawer_problems(page)]
        REPORT.add("keyboard", lang, path, found, "light", 375, "navigation drawer")
        problems += found
    assert not problems, "\n".join(problems)


def ax_node(page, selector: str) -> dict:
    """Chromium's own accessibility node for an element: what a screen reader is given."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
        return {k: (ax.get(k) or {}).get("value", "") for k in ("name", "description")} | {"role": ax["role"]["value"]}
    finally:
        cdp.detach()


def tooltip_problems(page) -> list[str]:
    term = "abbr.guide-term"
    definition = page.locator(term).first.get_attribute("title")
    problems = []
    # After the page's scripts ran: the current ARIA draft forbids aria-label on abbr and on role=term.
    labelled = page.evaluate("() => document.querySelectorAll('abbr[aria-label], [role=term][aria-label]').length")
    if labelled:
        problems.append(f"{labelled} glossary terms carry an aria-label")
    words = page.locator(term).first.inner_text().strip()
    # Browse mode: a screen reader reads the term's own words, then the definition as its description.
    if ax_node(page, term)["name"] != words:
        problems.append(f"an unfocused glossary term is named {ax_node(page, term)['name']!r}, not by its words {words!r}")
    if ax_node(page, term)["description"] != definition:
        problems.append("an unfocused glossary term does not expose its definition as its description")
    press_until(page, term)
    # The term's own tooltip: another control's (the edit button's) may still be fading out.
    wait_until(page, "() => !!document.activeElement.getAttribute('aria-describedby')", "the focused term gets no aria-describedby tooltip")
    tip = page.locator("#" + page.evaluate("() => document.activeElement.getAttribute('aria-describedby')"))
    tip.wait_for(state="visible")
    if tip.inner_text().strip() != definition:
        problems.append("the tooltip does not show the term's definition")
    focused_term = ax_node(page, "abbr.guide-term.focus-visible, abbr.guide-term:focus")
    if focused_term["description"] != definition:
        problems.append("the focused glossary term is not described by its tooltip (aria-describedby)")
    if focused_term["name"] != words:
        problems.append(f"the focused glossary term is named {focused_term['name']!r}, not by its words {words!r}")
    page.keyboard.press("Escape")
    if tip.is_visible():
        problems.append("Escape does not hide the glossary tooltip (1.4.13 dismissible)")
    if not page.evaluate("() => document.activeElement.matches('abbr.guide-term')"):
        problems.append("Escape moved focus away from the glossary term")
    return problems


def test_glossary_tooltips_are_reachable_announced_and_dismissible(browser, make_page, base_url, site, all_pages):
    visits = survey(browser, base_url, site, all_pages, "light", 1280)
    pages = {}
    for v in visits:
        if v.state == "loaded" and v.probes["document"]["terms"]:
            pages.setdefault(v.lang, v.path)
    assert pages, "no page has a glossary term"
    page = make_page()
    problems = []
    for lang, path in pages.items():
        load(page, base_url + path)
        found = [f"{where(lang, path, 'light', 1280)}: {p}" for p in tooltip_problems(page)]
        REPORT.add("keyboard", lang, path, found, "light", 1280, "glossary tooltip")
        problems += found
    assert not problems, "\n".join(problems)


def shortcut_problems(page) -> list[str]:
    start = page.url
    problems = []
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for key in ("s", "f", "/"):
        page.keyboard.press(key)
        if page.evaluate("() => document.activeElement.matches('.md-search__input')"):
            problems.append(f"the single key '{key}' jumps to search (2.1.4: speech input types it by accident)")
            page.keyboard.press("Escape")
            page.evaluate("() => document.activeElement.blur()")
    for key in ("n", "."):
        page.keyboard.press(key)
        page.wait_for_timeout(300)
        if page.url != start:
            problems.append(f"the single key '{key}' opens another page (2.1.4)")
            break
    return problems


def test_single_character_shortcuts_are_off(make_page, base_url, all_pages):
    page = make_page()
    path = english_home(all_pages)
    load(page, base_url + path)
    problems = shortcut_problems(page)
    REPORT.add("keyboard", "en", path, problems, "light", 1280, "character shortcuts")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- survey-based checks

COMBINATIONS = [pytest.param(p, w, id=f"{p}-{w}") for p in ("light", "dark") for w in (1280, 375)]


@pytest.mark.parametrize("palette,width", COMBINATIONS)
def test_text_and_control_contrast_in_every_palette_and_state(browser, base_url, site, all_pages, palette, width):
    """Text 4.5:1 and control icons 3:1 against their real background, as loaded and in every state."""
    problems = []
    for v in survey(browser, base_url, site, all_pages, palette, width):
        found = [f"{v.where}: text {t['element']} {t['ratio']}:1 (needs 4.5:1)" for t in v.probes["contrast"]["text"]]
        found += [f"{v.where}: icon {t['element']} {t['ratio']}:1 (needs 3:1)" for t in v.probes["contrast"]["icons"]]
        problems += record("contrast", v, found)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("palette,width", COMBINATIONS)
def test_header_navigation_footer_and_search_targets_are_24px(browser, base_url, site, all_pages, palette, width):
    problems = []
    for v in survey(browser, base_url, site, all_pages, palette, width):
        problems += record("target-size", v, [f"{v.where}: {t['element']} is {t['width']}×{t['height']} px (needs 24×24)"
                                              for t in v.probes["targets"]])
    assert not problems, "\n".join(problems)


def test_pages_reflow_at_320px_without_sideways_scrolling(browser, base_url, site, all_pages):
    problems = []
    for v in survey(browser, base_url, site, all_pages, "light", 375):
        if v.state == "loaded":
            problems += record("reflow", v, [f"{where(v.lang, v.path, 'light', 320)}: {p}" for p in v.probes["reflow"]],
                               width=320)
        elif v.state == "navigation drawer":
            problems += record("reflow", v, [f"{v.where}: {p}" for p in v.probes["overflow"]])
    assert not problems, "\n".join(problems)


def test_text_at_200_percent_is_not_cut_off_or_overlapping(browser, base_url, site, all_pages):
    problems = []
    for v in survey(browser, base_url, site, all_pages, "light", 1280):
        if v.state == "loaded":
            problems += record("text-zoom", v, [f"{where(v.lang, v.path, 'light', 1280, 'text 200%')}: {p}"
                                                for p in v.probes["text_zoom"]], state="text 200%")
    assert not problems, "\n".join(problems)


def test_titles_are_unique_and_name_the_site(browser, base_url, site, all_pages):
    visits = [v for v in survey(browser, base_url, site, all_pages, "light", 1280) if v.state == "loaded"]
    problems, seen = [], {}
    for v in visits:
        document = v.probes["document"]
        file = source_file(v.lang, v.path)
        found = [f"{file.relative_to(ROOT)}:{line_of(file, r'title:')}: {p} ({v.path or '/'})" for p in title_problems(document)]
        if document["title"] in seen:
            found.append(f"{file.relative_to(ROOT)}:{line_of(file, r'title:')}: title \"{document['title']}\" is also the title of "
                         f"/{seen[document['title']]} — give each page its own `title:`")
        seen.setdefault(document["title"], v.path)
        problems += record("title", v, found)
    assert not problems, "\n".join(problems)


def test_every_page_has_one_h1_and_headings_in_order(browser, base_url, site, all_pages):
    visits = [v for v in survey(browser, base_url, site, all_pages, "light", 1280) if v.state == "loaded"]
    problems = []
    for v in visits:
        problems += record("headings", v, heading_messages(v.lang, v.path, v.probes["document"]["headings"]))
    assert not problems, "\n".join(problems)


def test_a_heading_skip_an_editor_writes_is_reported_at_its_line(project, tmp_path, make_page):
    """The real mistake in a copy of the project, built in English only: `####` right after the title."""
    source = project / "docs" / "en" / "procedure.md"
    edit(source, "\n## ", "\n#### ")
    line = line_of(source, r"#### ")
    result = build(project, tmp_path / "site", english_only(project))
    assert result.returncode == 0, result.stdout + result.stderr
    page = make_page()
    load(page, serve(tmp_path / "site") + "procedure/")
    messages = heading_messages("en", "procedure/", probe(page, "document")["document"]["headings"], root=project)
    assert messages and messages[0].startswith(f"docs/en/procedure.md:{line}: heading "), messages
    assert "jumps from h1 to h4 — use ##" in messages[0], messages


def test_reduced_motion_stops_every_animation(browser, base_url, site, all_pages, make_page):
    """Loaded pages (from the survey) and the moving parts opened: the drawer and search."""
    problems = []
    for v in survey(browser, base_url, site, all_pages, "light", 375):
        if v.state == "loaded":
            problems += record("motion", v, [f"{v.where}: {p}" for p in v.probes["motion"]])
    page = make_page(width=375)
    home = english_home(all_pages)
    load(page, base_url + home)
    page.locator(DRAWER_BUTTON).click()
    problems += [f"drawer open: {p}" for p in probe(page, "motion")["motion"]]
    page.keyboard.press("Escape")
    page.locator(SEARCH_BUTTON).click()
    problems += [f"search open: {p}" for p in probe(page, "motion")["motion"]]
    assert not problems, "\n".join(problems)


def test_without_reduced_motion_the_site_does_animate(make_page, base_url, all_pages):
    """The motion check is not empty by construction: with no preference, Material's drawer slides."""
    page = make_page(width=375, reduced_motion="no-preference")
    load(page, base_url + english_home(all_pages))
    page.locator(DRAWER_BUTTON).click()
    assert probe(page, "motion")["motion"], "no transition at all, so the reduced-motion check proves nothing"


# --------------------------------------------------------------------------- the checks can fail

@pytest.fixture
def fixture(make_page):
    def open_fixture(name, **kw):
        page = make_page(**kw)
        load(page, serve(FIXTURES) + name, selector="body")
        return page
    return open_fixture


def test_keyboard_walk_fails_on_a_trap(fixture):
    stops, trap = tab_walk(fixture("keyboard-trap.html"))
    assert trap and "keyboard trap" in trap


def test_keyboard_walk_fails_on_unreachable_and_positive_tabindex(fixture):
    problems = keyboard_problems(fixture("unreachable.html"))
    assert any("taken out of the Tab order" in p and "Print this page" in p for p in problems), problems
    assert any("positive tabindex" in p for p in problems), problems
    assert any("Tab goes back" in p and "Read first" in p for p in problems), problems


@pytest.mark.parametrize("name,expected", [("no-focus-ring.html", "no focus outline"), ("weak-focus-ring.html", "contrast")])
def test_focus_ring_check_fails_without_a_visible_ring(fixture, name, expected):
    problems = keyboard_problems(fixture(name))
    assert any(expected in p for p in problems), problems


def test_skip_link_check_fails_without_one(fixture):
    problems = skip_link_problems(fixture("no-skip-link.html"))
    assert problems and "not a skip link" in problems[0]


def test_contrast_check_fails_on_a_low_contrast_override(fixture):
    found = probe(fixture("low-contrast.html"), "contrast")["contrast"]["text"]
    assert any(t["ratio"] < 4.5 and "Light grey text" in t["element"] for t in found), found


def test_target_size_check_fails_on_a_small_button(fixture):
    found = probe(fixture("small-target.html"), "targets")["targets"]
    assert [t for t in found if "Menu" in t["element"] and t["width"] == 16], found


def test_reflow_check_fails_on_a_wide_box(fixture):
    found = probe(fixture("horizontal-scroll.html", width=320), "overflow")["overflow"]
    assert any("scrolls sideways" in p for p in found), found


def test_text_zoom_check_fails_on_cut_off_and_overlapping_text(fixture):
    page = fixture("cut-off.html")
    page.evaluate("() => { document.documentElement.style.fontSize = '32px'; document.body.style.fontSize = '2rem'; }")
    found = probe(page, "overflow")["overflow"]
    assert any("cut off" in p for p in found), found
    assert any("overlaps" in p for p in found), found


def test_motion_check_fails_on_an_animation_that_ignores_the_preference(fixture):
    found = probe(fixture("motion.html"), "motion")["motion"]
    assert any("pulse" in p for p in found), found


def test_title_and_heading_checks_fail_on_a_broken_page(fixture):
    document = probe(fixture("bad-title.html"), "document")["document"]
    assert title_problems(document) and "does not include the site name" in title_problems(document)[0]
    assert any("2 h1" in p[0] for p in heading_problems(document["headings"]))
    skipping = probe(fixture("heading-skip.html"), "document")["document"]["headings"]
    assert any("jumps from h1 to h3" in p[0] for p in heading_problems(skipping))


def test_material_defaults_fail_the_behaviour_checks(make_page, base_url, all_pages):
    """Without a11y.css and a11y.js: no keyboard drawer, faint focus rings, small targets, shortcuts, sticky tooltips."""
    home = english_home(all_pages)
    phone = make_page(width=375)
    load_without_fixes(phone, base_url + home)
    assert any("cannot be opened with the keyboard" in p for p in drawer_problems(phone))
    load_without_fixes(phone, base_url + home)
    walk = keyboard_problems(phone)
    assert any("takes focus but cannot be seen" in p for p in walk), walk
    desktop = make_page()
    load_without_fixes(desktop, base_url + home)
    assert probe(desktop, "targets")["targets"], "Material's 18 px navigation links should fail 24 px"
    walk = keyboard_problems(desktop)
    assert any("focus outline" in p or "automatic outline" in p for p in walk), walk
    load_without_fixes(desktop, base_url + home)
    assert shortcut_problems(desktop)
    load_without_fixes(desktop, base_url + home)
    assert any("Escape does not hide" in p for p in tooltip_problems(desktop))
