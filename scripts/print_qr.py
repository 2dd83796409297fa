"""The public site's printouts (styled by overrides/assets/stylesheets/print.css).

- ends every page's article with a QR code of its public address and the address written out;
- gives every link in the article its full public address, which print.css prints after it.
Both are hidden on screen. Not used by the kiosk, which shows its own QR code (kiosk_edition.py).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from . import content, qr
from . import theme_anchors as anchors

_LINK = re.compile(r'<a\b(?=[^>]*\bhref="([^"]*)")')


def with_print_urls(html_text: str, page_address: str) -> str:
    """Add `data-print-url` (the absolute address) to every link that leaves the page."""

    def add(match):
        href = html.unescape(match.group(1))
        if not href or href.startswith("#"):
            return match.group(0)
        return f'{match.group(0)} data-print-url="{html.escape(urljoin(page_address, href))}"'

    return _LINK.sub(add, html_text)


def add(output: str, page_url: str, site_url: str, lang: str, where: str) -> str:
    """The QR figure at the end of the article, its caption in the reader's language."""
    t = content.locale_strings(lang)
    url = qr.public_url(site_url or "", page_url)
    figure = (
        f'<figure class="guide-print-qr">{qr.svg(url, t["qr_code"] + ": " + url, "guide-print-qr__code")}'
        f'<figcaption>{html.escape(t["print_qr_caption"])} '
        f'<span class="guide-print-qr__url" dir="ltr">{html.escape(url)}</span></figcaption></figure>'
    )
    # The whole article, so the notices' and review line's links get their address too.
    return anchors.ARTICLE.sub(lambda m: m.group(1) + with_print_urls(m.group(2), url) + figure + m.group(3),
                               output, where)
