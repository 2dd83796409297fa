"""Printing a page of the public site: no navigation, link addresses written out, the page's QR
code and its review dates (overrides/assets/stylesheets/print.css, scripts/print_qr.py)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import page_url_path
from qrcodes import decode_qr
from scripts import content

CHROME = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search")


def site_url() -> str:
    return content.load_config()["site_url"].rstrip("/") + "/"


def test_every_page_ends_with_its_print_qr_code_and_link_addresses(site, languages, english_pages):
    base = site_url()
    problems = []
    for lang in languages:
        label = content.locale_strings(lang)["qr_code"]
        for name in english_pages:
            path = page_url_path(lang, name)
            address = base + path
            soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
            article = soup.select_one("article.md-content__inner")
            figures = article.select("figure.guide-print-qr")
            if len(figures) != 1 or figures[0].find("svg").get("aria-label") != f"{label}: {address}":
                problems.append(f"{path}: expected one print QR code labelled with {address}")
            elif article.find_all(recursive=False)[-1] is not figures[0]:
                problems.append(f"{path}: the print QR code is not at the end of the article")
            for link in article.select("a[href]"):
                href = link["href"]
                if href.startswith("#"):
                    continue
                if link.get("data-print-url") != urljoin(address, href):
                    problems.append(f"{path}: <a href={href!r}> prints as {link.get('data-print-url')!r}, "
                                    f"expected {urljoin(address, href)}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.browser
@pytest.mark.parametrize("lang, name", [("en", "procedure.md"), ("ar", "index.md")])
def test_printed_page_has_text_addresses_qr_and_review_dates(context, base_url, lang, name):
    path = page_url_path(lang, name)
    page = context.new_page()
    page.goto(base_url + path)
    # On screen the print-only code stays hidden.
    assert page.locator(".guide-print-qr").is_hidden()
    page.emulate_media(media="print")
    for selector in CHROME:
        # A selector that matches nothing is "hidden" too: make sure it is on the page first.
        assert page.locator(selector).count(), f"{path}: no {selector} on the page to hide"
        assert page.locator(selector).first.is_hidden(), f"{path}: {selector} is printed"
    assert page.locator("article h1").is_visible()
    assert decode_qr(page.locator(".guide-print-qr svg")) == [site_url() + path]
    assert site_url() + path in page.locator(".guide-print-qr figcaption").inner_text()
    dates = page.locator(".guide-review__dates")
    assert dates.is_visible() and dates.locator("time").count() == 2
    shown = page.eval_on_selector_all(
        "article a[data-print-url]",
        "els => els.map(e => { const a = getComputedStyle(e, '::after'); return [e.dataset.printUrl, a.content, a.direction]; })")
    assert shown, f"{path}: no link to print the address of"
    for address, after, direction in shown:
        assert address.startswith("http") and address in after, (address, after)
        # An address reads left to right, on an Arabic page too (otherwise "https://" lands at the end).
        assert direction == "ltr", f"{path}: {address} prints {direction}"
    page.close()
