"""Glossary terms in built HTML: each occurrence becomes a focusable `<abbr>` with its definition.

Python-Markdown's `abbr` matches only between word boundaries (`\\b`), which Chinese text has
none of, and Korean particles and Arabic prefixes hide; so the rule per language lives in its
locales file (`glossary_match`) and this module applies it to the page's text nodes.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from . import content

# Text inside these elements is left alone: headings stay clean, links keep one meaning.
SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "title", "svg"}
_TAG = re.compile(r"(<[^>]+>)")
_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}

BOUNDARIES = {
    # whole words only (Latin, Cyrillic, Vietnamese scripts)
    "word": (r"(?<!\w)", r"(?!\w)"),
    # the word must start on a boundary; endings such as Korean particles may follow
    "word-start": (r"(?<!\w)", ""),
    # anywhere: scripts without spaces between words, or with attached prefixes
    "anywhere": ("", ""),
}


@lru_cache(maxsize=None)
def terms(lang: str) -> tuple[re.Pattern | None, dict]:
    strings = content.locale_strings(lang)
    definitions = {}
    for entry in strings.get("glossary", []):
        for form in entry.get("forms") or [entry["term"]]:
            definitions[str(form).casefold()] = " ".join(str(entry.get("definition", "")).split())
    if not definitions:
        return None, {}
    before, after = BOUNDARIES[strings.get("glossary_match", "word")]
    alternatives = "|".join(re.escape(f) for f in sorted(definitions, key=len, reverse=True))
    return re.compile(f"{before}(?:{alternatives}){after}", re.IGNORECASE), definitions


def mark(page_html: str, lang: str) -> str:
    pattern, definitions = terms(lang)
    if pattern is None:
        return page_html
    out, stack = [], []
    for piece in _TAG.split(page_html):
        if piece.startswith("<"):
            match = _NAME.match(piece)
            if match and not piece.startswith("<!"):
                closing, name = match.group(1) == "/", match.group(2).lower()
                if closing:
                    if name in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(name):]
                elif name not in VOID and not piece.rstrip().endswith("/>"):
                    stack.append(name)
            out.append(piece)
        elif piece and not SKIP.intersection(stack):
            out.append(pattern.sub(lambda m: _abbr(m.group(0), definitions[m.group(0).casefold()]), piece))
        else:
            out.append(piece)
    return "".join(out)


def _abbr(text: str, definition: str) -> str:
    # A focusable element needs a widget role: a button is named by its own words, and `title` (also
    # Material's tooltip) becomes its description; no aria-label, which ARIA's draft forbids on terms.
    return (f'<abbr class="guide-term" role="button" tabindex="0" title="{html.escape(definition, quote=True)}">'
            f'{text}</abbr>')
