"""Parts of a page the build adds from the content model: the labelled picture, the clinic's
phone number, "Where this comes from" and the printed definitions.

Pure functions from (language, text) to HTML, so the build hook stays a list of calls and the
tests can render a part without a build.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from string import Template

from . import content, glossary, trace

DIAGRAM = content.ROOT / "overrides" / "partials" / "pelvis-diagram.svg"
DIAGRAM_MARK = re.compile(r"<!--\s*diagram:\s*pelvis\s*-->")
PHONE_MARK = re.compile(r"<!--\s*clinic-phone\s*-->")
# (locale key, x, y, anchor) of each label in the picture (viewBox 0 -14 420 394: room for two-line labels
# above). Side labels hang from the picture's edges, so long words in any language stay inside it.
LABELS = (("si_joint", 8, 32, "start"), ("si_joint", 412, 32, "end"), ("iliac_left", 8, 308, "start"),
          ("iliac_right", 412, 308, "end"), ("sacrum", 150, 346, "middle"), ("nerves", 290, 346, "middle"))
# Labels longer than this wrap onto two lines, at a space or after a hyphen.
WRAP = 14


def _lines(text: str) -> list[str]:
    cuts = [i + 1 for i, char in enumerate(text) if char in " -" and 0 < i < len(text) - 1]
    if len(text) <= WRAP or not cuts:
        return [text]
    cut = min(cuts, key=lambda i: max(len(text[:i].strip()), len(text[i:].strip())))
    return [text[:cut].strip(), text[cut:].strip()]


def _label(text: str, x: int, y: int, anchor: str) -> str:
    lines = _lines(" ".join(text.split()))
    # Labels above the drawing grow upwards and those below grow downwards, away from their leader lines.
    top = y - 18 * (len(lines) - 1) if y < 100 else y
    spans = "".join(f'<tspan x="{x}" y="{top + 18 * i}">{html.escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text x="{x}" y="{top}" text-anchor="{anchor}">{spans}</text>'


def diagram(lang: str) -> str:
    """The pelvis picture as a figure: SVG with real text labels from locales/<lang>.yml."""
    strings = content.locale_strings(lang)
    words = strings.get("diagram") or {}
    labels = "".join(_label(str(words.get(key, "")), x, y, anchor) for key, x, y, anchor in LABELS)
    svg = Template(DIAGRAM.read_text(encoding="utf-8")).substitute(
        title=html.escape(str(words.get("title", ""))),
        description=html.escape(str(words.get("description", ""))),
        # Anchors are the picture's left and right edges in every language, Arabic included.
        labels=f'<g fill="currentColor" font-size="17" direction="ltr" class="guide-diagram__labels">{labels}</g>',
    )
    basis = html.escape(str(words.get("basis", "")), quote=True)
    return (f'<figure class="guide-diagram">{svg}'
            f'<figcaption><strong>{html.escape(str(words.get("title", "")))}.</strong> '
            f'<span data-basis="{basis}">{html.escape(str(words.get("description", "")))}</span></figcaption></figure>')


def clinic_phone(lang: str, number: str | None) -> str:
    strings = content.locale_strings(lang)
    value = (f'<a href="tel:{html.escape(re.sub(r"[^0-9+]", "", number), quote=True)}">{html.escape(number)}</a>'
             if number else f'<span class="guide-clinic-phone__missing">{html.escape(strings["clinic_phone_missing"])}</span>')
    return f'<p class="guide-clinic-phone"><strong>{html.escape(strings["clinic_phone_label"])}:</strong> {value}</p>'


def markdown(text: str, lang: str, phone: str | None) -> str:
    """Replace the picture and phone placeholders of a page's Markdown with their HTML."""
    text = DIAGRAM_MARK.sub(lambda _: "\n" + diagram(lang) + "\n", text)
    return PHONE_MARK.sub(lambda _: "\n" + clinic_phone(lang, phone) + "\n", text)


# --------------------------------------------------------------------------- where this comes from

_CLAIM = re.compile(r'<(li|p|span)\b[^>]*\bdata-basis="([^"]*)"[^>]*>(.*?)</\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def registry() -> dict:
    """source/sources.yml's entries by id (cached; the build entry forgets it at each rebuild)."""
    return trace.load_registry().sources


def article_link(key: str, lang: str, page_url: str, directory_urls: bool = True, folder: str | None = None) -> str:
    """A link from this page to the page holding article sentence `key`, labelled in `lang`.

    `folder` is the reader's language, whose pages the link stays in (on a fallback page it differs from `lang`).
    """
    from mkdocs.utils import get_relative_url

    paragraph, sentence = key.split(".")
    strings = content.locale_strings(lang)
    label = strings["basis_article"].format(paragraph=paragraph, sentence=sentence)
    name = content.SECTION_PAGES[int(paragraph) - 1][:-3]
    folder = folder or lang
    prefix = "" if folder == content.DEFAULT_LANGUAGE else f"{folder}/"
    if directory_urls:
        target = prefix + ("" if name == "index" else f"{name}/")
    else:
        target = f"{prefix}{name}.html"
    return f'<a href="{get_relative_url(target or ".", page_url or ".")}">{html.escape(label)}</a>'


def basis_list(content_html: str, lang: str, page_url: str, directory_urls: bool = True,
               folder: str | None = None) -> str:
    """A closed "Where this comes from" list: each claim on the page and what it rests on."""
    strings = content.locale_strings(lang)
    ids, sources = trace.article_ids(), registry()
    items, cited = [], {}
    for _, basis, inner in _CLAIM.findall(content_html):
        keys = basis.split()
        if keys == [trace.QUESTION] or not keys:
            continue
        text = " ".join(_TAGS.sub("", inner).split())
        parts = []
        for key in keys:
            if key in ids:
                parts.append(article_link(key, lang, page_url, directory_urls, folder))
            elif key in sources:
                number = cited.setdefault(key, len(cited) + 1)
                parts.append(f'<a href="#guide-source-{number}">{html.escape(strings["basis_source"])} {number}</a>')
        items.append(f"<li>{html.escape(text)} <span class=\"guide-basis__ids\">({'; '.join(parts)})</span></li>")
    if not items:
        return ""
    out = [f'<details class="guide-basis"><summary>{html.escape(strings["basis_heading"])}</summary>',
           f'<p>{html.escape(strings["basis_intro"])}</p><ul>{"".join(items)}</ul>']
    if cited:
        out.append(f'<p><strong>{html.escape(strings["sources_heading"])}</strong></p><ol class="guide-basis__sources">')
        for key, number in cited.items():
            entry = sources[key]
            out.append(f'<li id="guide-source-{number}"><cite lang="en">{html.escape(str(entry["title"]))}</cite>, '
                       f'{html.escape(str(entry["publisher"]))}, {html.escape(str(entry["date"]))}. '
                       f'<a href="{html.escape(str(entry["url"]), quote=True)}" lang="en">{html.escape(str(entry["url"]))}</a></li>')
        out.append("</ol>")
    out.append("</details>")
    return "".join(out)


# --------------------------------------------------------------------------- printed definitions

def print_terms(content_html: str, lang: str) -> str:
    """The meanings of the glossary words a page uses, shown only on paper (tooltips do not print)."""
    pattern, _ = glossary.terms(lang)
    if pattern is None:
        return ""
    used = {match.casefold() for match in pattern.findall(_TAGS.sub(" ", content_html))}
    strings = content.locale_strings(lang)
    entries = [f"<dt>{html.escape(str(entry.get('term')))}</dt><dd>{html.escape(str(entry.get('definition', '')))}</dd>"
               for entry in strings.get("glossary") or []
               if used & {str(form).casefold() for form in entry.get("forms") or [entry.get("term")]}]
    if not entries:
        return ""
    return (f'<div class="guide-print-terms"><p><strong>{html.escape(strings["print_terms_heading"])}</strong></p>'
            f'<dl>{"".join(entries)}</dl></div>')
