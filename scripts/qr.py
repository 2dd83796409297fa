"""QR codes for the guide: made at build time with segno as inline SVG, never fetched.

The kiosk edition (scripts/kiosk_edition.py) puts one on every kiosk page ("continue on your
phone") and one after every external link; the print step (scripts/print_qr.py) puts
the page's own code on the public site's printouts. Both point at the public site.
"""

from __future__ import annotations

import html
import re

import segno

# Dark on white whatever the colour scheme: phone cameras need the contrast.
DARK, LIGHT = "#000000", "#ffffff"
FIXED_MASK = 2


def public_url(site_url: str, page_url: str) -> str:
    """The public address of a page, from its URL in either edition.

    The kiosk is built without directory URLs (`es/procedure.html`); the public site has them
    (`es/procedure/`), so both map to the address GitHub Pages serves.
    """
    url = page_url
    if url == "index.html" or url.endswith("/index.html"):
        url = url[: -len("index.html")]
    elif url.endswith(".html"):
        url = url[: -len(".html")] + "/"
    return site_url.rstrip("/") + "/" + url


def svg(data: str, label: str, css_class: str = "guide-qr") -> str:
    """An inline SVG QR code of `data`, named `label` for screen readers."""
    # One fixed mask: any of the eight decodes, and scoring all eight was most of the QR build time.
    code = segno.make(data, error="m", micro=False, mask=FIXED_MASK)
    markup = code.svg_inline(scale=1, border=4, dark=DARK, light=LIGHT, omitsize=True, svgclass=css_class)
    # Square modules stay square at any size; role and label make it one image to assistive tech.
    attributes = f'role="img" aria-label="{html.escape(label)}" shape-rendering="crispEdges" focusable="false"'
    return re.sub(r"^<svg ", f"<svg {attributes} ", markup, count=1)
