"""MkDocs build warnings retold for editors: `docs/…:line: what is wrong — how to fix it`.

`python -m scripts build` passes MkDocs' output through unchanged and, when the build fails,
also prints these lines (and GitHub annotations in Actions) for the warnings it recognises:
broken links, broken anchors, links MkDocs cannot follow, and nav entries without a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import content
from .content import Problem

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_DOC = r"Doc file '(?P<file>[^']+)' contains"
_SUGGEST = r"(?: Did you mean '(?P<suggest>[^']*)'\?)?"
RULES = [
    (re.compile(_DOC + r" a link '(?P<link>[^']*)', but the target(?: '[^']*')? is not found among "
                r"documentation files\." + _SUGGEST),
     "the link ({link}) goes to a {kind} that does not exist",
     "correct the file name after the '(': links name the page's .md file in the same language folder, "
     "e.g. [next](procedure.md){suggest}; a picture must be saved in that folder too"),
    (re.compile(_DOC + r" a link '(?P<link>[^']*)', but the doc '(?P<doc>[^']+)' does not contain an anchor "
                r"'#(?P<anchor>[^']*)'\."),
     "the link ({link}) goes to a section #{anchor} that docs/{doc} does not have",
     "after '#', write a heading of docs/{doc} in lower case with '-' between the words{example}, "
     "or link to the page without '#…'"),
    (re.compile(_DOC + r" a link '(?P<link>[^']*)', but there is no such anchor on this page\."),
     "the link ({link}) goes to a section of this page that does not exist",
     "after '#', write a heading of this page in lower case with '-' between the words{example}, "
     "or remove the link"),
    (re.compile(_DOC + r" an unrecognized relative link '(?P<link>[^']*)', it was left as is\." + _SUGGEST),
     "the link ({link}) does not name a page file",
     "link to the page's .md file, e.g. [next](procedure.md), or to a full address starting with https://"
     "{suggest}"),
    (re.compile(_DOC + r" an absolute link '(?P<link>[^']*)', it was left as is\." + _SUGGEST),
     "the link ({link}) starts with '/', which breaks on GitHub Pages and on the kiosk",
     "link to the page's .md file without the leading '/', e.g. [next](procedure.md){suggest}"),
    (re.compile(_DOC + r" a link to '(?P<link>[^']*)' which is excluded from the built site\."),
     "the link ({link}) goes to a file that is not published",
     "link to a published page instead"),
]
_NAV = re.compile(r"A reference to '(?P<link>[^']+)' is included in the 'nav' configuration, "
                  r"which is not found in the documentation files\.")


def problems(lines: list[str], docs_dir: Path, config: Path) -> list[Problem]:
    """Problems for every recognised warning in MkDocs' output, one per file and line."""
    found: dict[tuple, Problem] = {}
    for raw in lines:
        line = _ANSI.sub("", raw).strip()
        if not line.startswith("WARNING"):
            continue
        nav = _NAV.search(line)
        if nav:
            where = _lines_with(config, [nav["link"]])[:1] or [None]
            problem = Problem(config, where[0], f"the navigation lists {nav['link']}, but there is no such page",
                              "create the page, or remove the line from `nav:` in mkdocs.yml")
            found.setdefault((str(config), where[0], problem.what), problem)
            continue
        for pattern, what, fix in RULES:
            match = pattern.search(line)
            if not match:
                continue
            values = {k: v or "" for k, v in match.groupdict().items()}
            values["suggest"] = f" (did you mean {values['suggest']}?)" if values.get("suggest") else ""
            values["kind"] = "page" if values["link"].split("#")[0].endswith(".md") else "file"
            path = docs_dir / values["file"]
            values["example"] = _anchor_example(docs_dir / (values.get("doc") or values["file"]))
            link = values["link"]
            for number in _lines_with(path, _link_forms(link)) or [None]:
                problem = Problem(path, number, what.format(**values), fix.format(**values))
                found.setdefault((str(path), number, problem.what), problem)
            break
    return list(found.values())


def _link_forms(link: str) -> list[str]:
    # How the link can be written: inline, reference definition, or an HTML attribute.
    return [f"({link})", f"({link} ", f"(<{link}>)", f"]: {link}", f"]: <{link}>", f'"{link}"', f"'{link}'"]


def _lines_with(path: Path, needles: list[str]) -> list[int]:
    try:
        text = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [number for number, row in enumerate(text, start=1) if any(n in row for n in needles)]


def _anchor_example(page: Path) -> str:
    """`, e.g. #results-and-risks` from the page's first second-level heading, when it is plain ASCII."""
    from markdown.extensions.toc import slugify

    try:
        heading = next((row[3:].strip() for row in page.read_text(encoding="utf-8").splitlines()
                        if row.startswith("## ")), "")
    except OSError:
        return ""
    if not heading or not heading.isascii():
        return ""
    return f" (e.g. '## {heading}' is #{slugify(heading, '-')})"


def docs_dir(config: Path) -> Path:
    """The config's docs_dir (an inheriting config may leave it to its parent: then `docs`)."""
    return config.parent / str(content.load_config(config).get("docs_dir") or "docs")
