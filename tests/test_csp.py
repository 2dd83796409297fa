"""The Content-Security-Policy <meta> on every page: the site's own code runs, nothing else does."""

from __future__ import annotations

import base64
import hashlib
import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import build, edit, english_only, serve

# Installed before any page script: records every violation the browser reports for the page.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber})`);
});
"""


def violations(context, url: str, action=None, wait_until: str = "load") -> list[str]:
    """CSP violations (events and console messages) while loading `url` and doing `action`."""
    page = context.new_page()
    console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(f"console: {m.text}"))
    # By `load` the theme's bundle has run: it starts the search worker and sets up tooltips.
    page.goto(url, wait_until=wait_until)
    if action:
        action(page)
    events = page.evaluate("window.__csp")
    page.close()
    return events + console


@pytest.fixture
def listening(context):
    context.add_init_script(LISTEN)
    return context


def test_every_page_has_a_self_only_policy(site, all_pages):
    for lang, path in all_pages:
        soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
        assert len(metas) == 1, f"{lang}/{path}: {len(metas)} CSP meta tags"
        policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
        assert policy["default-src"] == "'self'", path
        sources = policy["script-src"].split()
        assert sources[0] == "'self'" and all(s.startswith("'sha256-") for s in sources[1:]), (path, sources)
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == "'none'" and policy["frame-src"] == "'none'"
        # The policy must come before anything it governs.
        assert soup.head.find(["script", "link", "style"]).sourceline > metas[0].sourceline, path


def test_root_404_page_has_its_policy_and_one_language(site):
    """MkDocs renders 404.html without page events, once per language into one file."""
    html = (site / "404.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1 and "__CSP__" not in html, "404.html: the CSP placeholder is not filled in"
    policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert all(s.startswith("'sha256-") for s in policy["script-src"].split()[1:])
    # Every inline script of the page has its hash, so none is blocked.
    inline = [s.string or "" for s in soup.select("script:not([src])") if s.get("type") != "application/json"]
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"], body[:80]
    # One language: the English heading on an English, left-to-right page.
    assert soup.html["lang"] == "en" and soup.body.get("dir", "ltr") == "ltr", (soup.html.attrs, soup.body.attrs)
    assert soup.h1.get_text(strip=True) == "404 - Not found"


def _search_tooltip_and_palette(page) -> None:
    # Search runs in a web worker, glossary terms show tooltips, the palette toggle restyles the page.
    page.keyboard.press("s")
    page.locator("input.md-search__input").press_sequentially("nerve")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    page.keyboard.press("Escape")
    term = page.locator("abbr.guide-term").first
    term.focus()
    term.hover()
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_search_tooltips_and_palette_cause_no_violation(listening, base_url):
    found = violations(listening, base_url + "procedure/", _search_tooltip_and_palette, wait_until="networkidle")
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_a_planted_inline_script_without_hash_is_reported(listening, site, tmp_path):
    """The listener sees a blocked script, so the page sweep (test_browser.py) can fail."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "procedure" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    index.write_text(html.replace("</body>", "<script>document.title = 'planted'</script>"
                                  '<img src="../assets/favicon.svg" alt="x" onload="document.title = \'handler\'">'
                                  "</body>"), encoding="utf-8")
    page = listening.new_page()
    page.goto(serve(copy) + "procedure/", wait_until="networkidle")
    events = page.evaluate("window.__csp")
    assert page.title() not in ("planted", "handler")
    page.close()
    assert len([e for e in events if e.startswith("script-src")]) == 2, events


@pytest.mark.browser
def test_a_script_in_markdown_gets_no_hash_and_is_blocked(listening, project, tmp_path):
    """Defence in depth: a <script> that got past `check` is built but never runs."""
    edit(project / "docs/en/procedure.md", "## From the article",
         "<script>document.title = 'planted'</script>\n\n## From the article")
    out = tmp_path / "out"
    result = build(project, out, english_only(project))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (out / "procedure" / "index.html").read_text(encoding="utf-8")
    assert "<script>document.title = 'planted'</script>" in html
    page = listening.new_page()
    page.goto(serve(out) + "procedure/", wait_until="networkidle")
    events = page.evaluate("window.__csp")
    assert page.title() != "planted"
    page.close()
    assert any(e.startswith("script-src") for e in events), events
    # The planted script has no hash; the theme's own inline scripts keep theirs.
    policy = BeautifulSoup(html, "html.parser").select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    planted = base64.b64encode(hashlib.sha256(b"document.title = 'planted'").digest()).decode()
    assert f"'sha256-{planted}'" not in policy
    assert "'sha256-" in policy
