"""axe-core on every built page, language, palette and width, as loaded and in its interactive states.

The survey (tests/a11y.py) loads each page once per (palette, width) and runs axe with the
WCAG 2.0/2.1/2.2 A+AA and best-practice rules; the fixture tests prove axe fails where it should.
"""

from __future__ import annotations

import pytest

from a11y import (  # noqa: F401  (a11y_report is the session fixture that writes reports/a11y/)
    FIXTURES,
    PALETTES,
    SCHEME,
    WIDTHS,
    a11y_report,
    describe_violations,
    load,
    load_without_fixes,
    new_context,
    open_search,
    run_axe,
    search_terms,
    survey,
)
from conftest import serve

pytestmark = pytest.mark.browser

COMBINATIONS = [pytest.param(p, w, id=f"{p}-{w}") for p in PALETTES for w in WIDTHS]


@pytest.mark.parametrize("palette,width", COMBINATIONS)
def test_every_page_as_loaded_has_no_axe_violations(browser, base_url, site, all_pages, palette, width):
    visits = [v for v in survey(browser, base_url, site, all_pages, palette, width) if v.state == "loaded"]
    assert sorted((v.lang, v.path) for v in visits) == sorted(all_pages), "the survey skipped pages"
    wrong = [v.where for v in visits if v.probes["document"]["scheme"] != SCHEME[palette]]
    assert not wrong, f"palette not applied (expected {SCHEME[palette]}): {wrong}"
    problems = [line for v in visits for line in describe_violations(v.violations, v.where)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("palette,width", COMBINATIONS)
def test_interactive_states_have_no_axe_violations(browser, base_url, site, all_pages, languages, palette, width):
    visits = [v for v in survey(browser, base_url, site, all_pages, palette, width) if v.state != "loaded"]
    expected = {"search", "language menu"} | ({"navigation drawer"} if width < 960 else set())
    for lang in languages:
        states = {v.state.split(" '")[0] for v in visits if v.lang == lang}
        assert expected <= states, f"{lang}: states not checked: {expected - states}"
    problems = [p for v in visits for p in v.probes.get("state_problems", [])]
    problems += [line for v in visits for line in describe_violations(v.violations, v.where)]
    assert not problems, "\n".join(problems)


def test_tooltip_state_is_covered_where_the_glossary_marks_terms(browser, base_url, site, all_pages, languages):
    visits = survey(browser, base_url, site, all_pages, "light", 1280)
    with_terms = {v.lang for v in visits if v.state == "loaded" and v.probes["document"]["terms"]}
    tooltips = {v.lang for v in visits if v.state == "glossary tooltip"}
    assert with_terms, "no page has a glossary term: the tooltip state is never checked"
    assert with_terms == tooltips


# --------------------------------------------------------------------------- axe can fail

@pytest.fixture
def fixture_page(browser):
    context = new_context(browser)
    yield context.new_page()
    context.close()


def rule_ids(violations) -> set[str]:
    return {v["id"] for v in violations}


@pytest.mark.parametrize("name,rule", [
    ("image-without-alt.html", "image-alt"),
    ("low-contrast.html", "color-contrast"),
    ("heading-skip.html", "heading-order"),
    ("unnamed-dialog.html", "aria-dialog-name"),
    ("link-not-underlined.html", "link-in-text-block"),
])
def test_axe_fails_on_a_broken_fixture(fixture_page, name, rule):
    load(fixture_page, serve(FIXTURES) + name, selector="body")
    found = run_axe(fixture_page)
    assert rule in rule_ids(found), f"{name}: axe found {sorted(rule_ids(found))}, not {rule}"
    # The message an editor reads names the page and the rule.
    assert any(line.startswith(f"{name}: {rule} ") for line in describe_violations(found, name))


def test_material_defaults_fail_without_the_fixes(browser, base_url, site, all_pages):
    """The guide's fixes are what make the pages pass: without a11y.css/a11y.js axe finds Material's faults."""
    context = new_context(browser, "dark", 1280)
    page = context.new_page()
    found: set[str] = set()
    try:
        # Translations carry a notice with an inline link; any page with one will do.
        for lang, path in sorted(all_pages, key=lambda p: p[0] == "en"):
            load_without_fixes(page, base_url + path)
            found |= rule_ids(run_axe(page))
            if "link-in-text-block" in found:
                break
        assert {"aria-dialog-name", "link-in-text-block"} <= found, found
        load_without_fixes(page, base_url)
        assert open_search(page, search_terms(site, "en"), 1280)
        assert "color-contrast" in rule_ids(run_axe(page))
    finally:
        context.close()
