"""Every built page in Chromium: nothing requested from another host, no CSP violation, no console errors, no 404s."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from conftest import serve
from test_csp import LISTEN

pytestmark = pytest.mark.browser


# Pages loaded side by side: each waits for an idle network, and those waits overlap.
TABS = 4


def listen(page) -> dict:
    """Collect what a page asks for and what goes wrong on it."""
    seen = {"requests": [], "errors": [], "failed": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: seen["failed"].append(f"failed {r.url}"))
    return seen


def visit(page, url: str) -> dict:
    """Load a page and collect what it asked for and what went wrong."""
    seen = listen(page)
    page.goto(url, wait_until="networkidle")
    return seen


def test_every_page_requests_only_its_own_server_and_breaks_no_policy(context, base_url, all_pages):
    # One sweep for both: each page is loaded once, with the CSP listener (tests/test_csp.py) installed.
    context.add_init_script(LISTEN)
    own = urlparse(base_url).netloc
    problems = []
    for start in range(0, len(all_pages), TABS):
        batch = []
        for lang, path in all_pages[start:start + TABS]:
            page = context.new_page()  # a new page per visit keeps the logs apart
            seen = listen(page)
            page.evaluate("url => location.assign(url)", base_url + path)
            batch.append((lang, path, page, seen))
        for lang, path, page, seen in batch:
            page.wait_for_url(base_url + path, wait_until="networkidle")
            foreign = [u for u in seen["requests"] if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]
            problems += [f"{lang}/{path}: requested {u}" for u in foreign]
            problems += [f"{lang}/{path}: console error {e}" for e in seen["errors"]]
            problems += [f"{lang}/{path}: {f}" for f in seen["failed"]]
            problems += [f"{lang}/{path}: CSP {v}" for v in page.evaluate("window.__csp")]
            page.close()
    assert not problems, "\n".join(problems)


def test_a_planted_third_party_request_is_caught(context, base_url, site, tmp_path):
    """The request log sees a foreign host, so the test above can fail."""
    html = (site / "index.html").read_text(encoding="utf-8")
    # Without the CSP, which would otherwise stop the image before it is requested.
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "index.html").write_text(html.replace("</body>", '<img src="http://203.0.113.7/x.png" alt=""></body>'))
    page = context.new_page()
    # Block it before it leaves the machine: the log records the attempt either way.
    page.route("http://203.0.113.7/**", lambda route: route.abort())
    seen = visit(page, serve(planted))
    assert any("203.0.113.7" in u for u in seen["requests"])
