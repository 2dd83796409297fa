"""Content safety: nothing an editor writes may run code, embed another site or load from elsewhere.

`python -m scripts check` runs `check(pages, langs)` (see scripts/__main__.py). It reads every
page (front matter and body) and every locales/<lang>.yml, because glossary definitions are
rendered as Markdown and interface strings go into the templates unescaped. Text inside code
(fenced blocks, `inline code`) and HTML comments is shown or dropped, never run, so it is skipped.

Rules, in both Markdown and raw HTML forms:
- no raw <script>, <iframe>, <frame>, <object>, <embed>, <applet>, <form>, <base>, <meta>,
  <link> or <style> tags;
- no inline event handlers (`onclick=`, `onerror=` …), in HTML tags or `{ attr_list }` braces;
- no javascript:, vbscript:, data: or file: URLs in links, images or HTML attributes;
- no images from other hosts (http://, https://, //host);
- every image has alt text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from . import content
from .content import Page, Problem

# Why each tag is refused and what to do instead, in words an editor can act on.
TAGS = {
    "script": ("pages may not run code",
               "remove it; if the guide needs new behaviour, ask a developer to add it to "
               "overrides/assets/javascripts/guide.js"),
    "iframe": ("pages may not embed other websites",
               "remove it and link to the page instead: [what it is](https://…)"),
    "frame": ("pages may not embed other websites", "remove it and link to the page instead"),
    "frameset": ("pages may not embed other websites", "remove it and link to the page instead"),
    "object": ("pages may not embed plug-ins or other documents",
               "remove it; save a picture in the docs folder and show it with ![description](file.png), "
               "or link to the document"),
    "embed": ("pages may not embed plug-ins or other documents",
              "remove it; save a picture in the docs folder and show it with ![description](file.png), "
              "or link to the document"),
    "applet": ("pages may not embed plug-ins", "remove it"),
    "form": ("the guide collects no information from readers",
             "remove it; give a phone number or link to the clinic's own contact page instead"),
    "base": ("it would change where every link on the page goes", "remove it"),
    "meta": ("page settings come from the front matter and the theme",
             "remove it; put the page description in the `description:` front matter field"),
    "link": ("pages may not load files from elsewhere", "remove it; write a Markdown link [text](address) instead"),
    "style": ("styles live in one reviewed place so every page stays readable",
              "remove it; ask a developer to change overrides/assets/stylesheets/guide.css"),
}
BAD_SCHEMES = ("javascript", "vbscript", "data", "file")

_TAG_NAMES = "|".join(sorted(TAGS, key=len, reverse=True))
_RAW_TAG = re.compile(rf"<\s*({_TAG_NAMES})(?=[\s/>]|$)", re.I | re.M)
# An HTML start tag, possibly spread over several lines.
_HTML_TAG = re.compile(r"<([A-Za-z][\w:-]*)((?:\s+[^<>]*?)?)\s*/?>", re.S)
# Python-Markdown's attr_list: `{ .class #id key="value" }` after a paragraph, link or image.
_ATTR_LIST = re.compile(r"\{:?\s*([^{}\n]*=[^{}\n]*)\}")
_HANDLER = re.compile(r"(?<![\w:-])(on[a-z]+)\s*=", re.I)
_URL_ATTR = re.compile(
    r"(?<![\w:-])(href|src|srcset|action|formaction|xlink:href|poster|data|background|lowsrc|cite|ping)"
    r"\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>}]+)", re.I)
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]*)\1\s*\)", re.I)
# Markdown links and images: [text](url "title") and ![alt](url).
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
# Reference-style: ![alt][ref], ![alt][], ![ref] and the definition `[ref]: url`.
_MD_REF_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:\[([^\]]*)\])?(?!\()")
_MD_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*(<[^>]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][\w+.-]{1,31}:[^<>\s]*)>")
# Attributes that make the browser load a picture.
_IMAGE_ATTRS = {("img", "src"), ("img", "srcset"), ("img", "lowsrc"), ("source", "src"), ("source", "srcset"),
                ("input", "src"), ("video", "poster"), ("image", "href"), ("image", "xlink:href")}
_IMG = re.compile(r"<\s*img\b([^<>]*)>", re.I | re.S)
_ALT = re.compile(r"(?<![\w:-])alt\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.I)


def check(pages: list[Page], langs: list[str]) -> list[Problem]:
    problems = []
    for page in pages:
        problems += scan(page.path, page.path.read_text(encoding="utf-8"))
    for lang in langs:
        path = content.LOCALES / f"{lang}.yml"
        if path.exists():
            problems += scan(path, path.read_text(encoding="utf-8"))
    return problems


def scan(path: Path, text: str) -> list[Problem]:
    """Every unsafe construct in one file, with the line it starts on."""
    masked = mask_code(text)
    found: list[tuple[int, str, str]] = []

    def add(offset: int, what: str, fix: str) -> None:
        found.append((masked.count("\n", 0, offset) + 1, what, fix))

    for match in _RAW_TAG.finditer(masked):
        tag = match.group(1).lower()
        reason, fix = TAGS[tag]
        add(match.start(), f"raw <{tag}> tag: {reason}", fix)

    # Attributes, from HTML tags and from attr_list braces alike.
    for offset, tag, attributes in _attribute_groups(masked):
        for handler in _HANDLER.finditer(attributes):
            add(offset, f"inline event handler `{handler.group(1)}=`: pages may not run code",
                f"remove `{handler.group(1)}=…`; links and buttons need no code to work")
        for attr in _URL_ATTR.finditer(attributes):
            for url in _split_srcset(attr.group(1), _unquote(attr.group(2))):
                _url_problems(add, offset, url, image=(tag, attr.group(1).lower()) in _IMAGE_ATTRS)
        for css in _CSS_URL.finditer(attributes):
            _url_problems(add, offset, css.group(2), image=True)

    references = {_ref_key(m.group(1)): (m.start(), _unangle(m.group(2))) for m in _MD_REF_DEF.finditer(masked)}
    image_refs = set()
    for match in _MD_LINK.finditer(masked):
        is_image, label, url = match.group(1) == "!", match.group(2), _unangle(match.group(3))
        if is_image and not label.strip():
            add(match.start(), f"image without alt text: {match.group(0)})",
                "describe what the picture shows between the brackets: ![A doctor pointing at the SI joint](…)")
        _url_problems(add, match.start(), url, image=is_image)
    for match in _MD_REF_IMAGE.finditer(masked):
        label, ref = match.group(1), match.group(2)
        key = _ref_key(ref if ref else label)
        if key not in references:
            continue  # `![` followed by text in brackets that is not an image
        image_refs.add(key)
        # ![alt][ref] takes its alt text from the first brackets; ![ref] uses the reference name.
        if ref is not None and not label.strip():
            add(match.start(), f"image without alt text: {match.group(0)}",
                "describe what the picture shows between the first brackets: ![description][…]")
        offset, url = references[key]
        if _is_remote(url):
            add(match.start(), f"image from another website: {url}", _REMOTE_FIX)
    for key, (offset, url) in references.items():
        _url_problems(add, offset, url, image=False)
    for match in _AUTOLINK.finditer(masked):
        _url_problems(add, match.start(), match.group(1), image=False)

    for match in _IMG.finditer(masked):
        alt = _ALT.search(match.group(1))
        value = next((g for g in alt.groups()[1:] if g is not None), "") if alt else None
        if value is None or not value.strip():
            add(match.start(), "image without alt text: <img> has " + ("an empty alt" if alt else "no alt attribute"),
                'add alt="what the picture shows", or use Markdown: ![what the picture shows](file.png)')

    unique = sorted(set(found), key=lambda item: (item[0], item[1]))
    return [Problem(path, line, what, fix) for line, what, fix in unique]


_REMOTE_FIX = ("pages may show only images stored in this repository: save the picture (if its licence allows) "
               "next to the page in the docs folder and write ![description](file-name.png)")


def _url_problems(add, offset: int, url: str, image: bool) -> None:
    scheme = _scheme(url)
    if scheme in BAD_SCHEMES:
        kind = "image" if image else "link"
        shown = url if len(url) <= 60 else url[:57] + "…"
        if scheme == "data" and image:
            fix = "save the picture as a file next to the page and write ![description](file-name.png)"
        else:
            fix = "link to a web page (https://…) or to another page of the guide (page.md) instead"
        add(offset, f"{scheme}: URL in a {kind} ({shown}): pages may not run code or carry hidden content", fix)
    elif image and _is_remote(url):
        add(offset, f"image from another website: {url}", _REMOTE_FIX)


def _scheme(url: str) -> str | None:
    # Browsers ignore entities, control characters and spaces inside a scheme: so do we.
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


def _is_remote(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lower()
    return cleaned.startswith(("//", "\\\\")) or _scheme(url) not in (None,) + BAD_SCHEMES


def _attribute_groups(text: str):
    """(offset, tag name, attribute text) of every HTML start tag and every attr_list."""
    for match in _HTML_TAG.finditer(text):
        yield match.start(), match.group(1).lower(), match.group(2)
    for match in _ATTR_LIST.finditer(text):
        # attr_list can override an image's src, so its attributes count as an image's.
        yield match.start(), "img", match.group(1)


def _split_srcset(name: str, value: str) -> list[str]:
    if name.lower() != "srcset":
        return [value]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1 else value


def _unangle(url: str) -> str:
    return url[1:-1] if url.startswith("<") and url.endswith(">") else url


def _ref_key(label: str) -> str:
    return " ".join(label.split()).casefold()


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A code span may wrap lines but never crosses a blank line (the end of a paragraph).
_CODE_SPAN = re.compile(r"(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def mask_code(text: str) -> str:
    """The text with code and comments blanked out (same length, same line breaks)."""
    lines, out, fence = text.split("\n"), [], None
    for line in lines:
        opener = _FENCE.match(line)
        if fence is None and opener:
            fence = opener.group(1)[0] * len(opener.group(1))
            out.append(_blank(line))
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            out.append(_blank(line))
        else:
            out.append(line)
    masked = "\n".join(out)
    masked = _COMMENT.sub(lambda m: _blank(m.group(0)), masked)
    return _CODE_SPAN.sub(lambda m: _blank(m.group(0)), masked)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)
