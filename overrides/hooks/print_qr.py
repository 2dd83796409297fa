"""MkDocs hook for the public site's printouts (styled by overrides/assets/stylesheets/print.css).

- ends every page with a QR code of its public address and the address written out;
- gives every link in the article its full public address, which print.css prints after it.
Both are hidden on screen. Not used by the kiosk, which shows its own QR code (hooks/kiosk.py).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import content, qr  # noqa: E402


def _lang(page) -> str:
    return getattr(page.file, "locale", None) or content.DEFAULT_LANGUAGE


_LINK = re.compile(r'<a\b(?=[^>]*\bhref="([^"]*)")')


def with_print_urls(html_text: str, page_address: str) -> str:
    """Add `data-print-url` (the absolute address) to every link that leaves the page."""

    def add(match):
        href = html.unescape(match.group(1))
        if not href or href.startswith("#"):
            return match.group(0)
        return f'{match.group(0)} data-print-url="{html.escape(urljoin(page_address, href))}"'

    return _LINK.sub(add, html_text)


_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)


def on_post_page(output, page, config):
    # After the search plugin read the page, so the caption is not indexed as page text;
    # the whole article, so the notices' and review line's links get their address too.
    t = content.locale_strings(_lang(page))
    url = qr.public_url(config.site_url or "", page.url)
    figure = (
        f'<figure class="guide-print-qr">{qr.svg(url, t["qr_code"] + ": " + url, "guide-print-qr__code")}'
        f'<figcaption>{html.escape(t["print_qr_caption"])} '
        f'<span class="guide-print-qr__url" dir="ltr">{html.escape(url)}</span></figcaption></figure>'
    )
    return _ARTICLE.sub(lambda m: m.group(1) + with_print_urls(m.group(2), url) + figure + m.group(3), output, count=1)
