"""Traceability: every sentence this guide writes says what it rests on.

A basis is written under the bullet or paragraph it belongs to, with Python-Markdown's attr_list:

    - The doctor uses heat or a chemical to damage these nerves on purpose.
      {: data-basis="2.2" }

Ids are article sentences (`paragraph.sentence`, counted in source/), entries of the source
registry (source/sources.yml), or `question` for a question the reader asks. `make check` fails
on a claim without a basis, an id that does not exist and a registry entry missing a field; the
coverage report lists the article sentences that nothing written for the guide rests on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import content
from .content import Page, Problem

SOURCES = content.ROOT / "source" / "sources.yml"
SOURCE_FIELDS = ("id", "title", "publisher", "date", "url", "accessed", "supports")
QUESTION = "question"
ARTICLE_ID = re.compile(r"^(\d+)\.(\d+)$")
SOURCE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
# Boxes whose every bullet is a claim written for the guide.
CLAIM_BOXES = ("keypoints", "notsaid")
_ATTR = re.compile(r"^\s*\{:?\s*([^}]*)\}\s*$")
_BASIS = re.compile(r'data-basis="([^"]*)"')
_BULLET = re.compile(r"^(\s*)[-*+]\s+(\[[ xX]\]\s+)?(.*)$")
_BOX = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)")
# Placeholders the build replaces (a picture, the clinic's phone number): not sentences.
PLACEHOLDER = re.compile(r"^\s*<!--\s*(diagram:\s*[\w-]+|clinic-phone)\s*-->\s*$")
HELP = ('write the basis on the next line, indented like the text: {: data-basis="2.1" } for article '
        'paragraph 2, sentence 1; a source id from source/sources.yml; or "question" on the questions page')


@dataclass
class Claim:
    """A bullet or paragraph written for the guide, with the ids it rests on."""

    path: Path
    line: int
    text: str
    basis: list[str]
    kind: str  # "bullet", "task", "paragraph", "glossary", "diagram"
    box: str | None = None
    basis_line: int | None = None


@dataclass
class Registry:
    sources: dict = field(default_factory=dict)  # id -> entry
    not_restated: dict = field(default_factory=dict)  # article id -> reason
    problems: list = field(default_factory=list)


# --------------------------------------------------------------------------- article ids

def article_ids() -> dict[str, str]:
    """`paragraph.sentence` -> sentence, from the article in source/."""
    return {f"{p}.{s}": sentence
            for p, sentences in enumerate(content.article_sentences(), start=1)
            for s, sentence in enumerate(sentences, start=1)}


# --------------------------------------------------------------------------- registry

def load_registry(path: Path = SOURCES) -> Registry:
    """The cited outside sources, each checked for every field, with line numbers for messages."""
    registry = Registry()
    if not path.exists():
        registry.problems.append(Problem(path, None, "the source registry is missing",
                                          "restore source/sources.yml (see CONTRIBUTING.md, 'Cited sources')"))
        return registry
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        registry.problems.append(Problem(path, mark.line + 1 if mark else None,
                                          f"not valid YAML ({getattr(exc, 'problem', exc)})",
                                          "check the quotes and indentation on this line"))
        return registry
    # content's loader keeps an impossible date as text (syntax.py names its line) instead of raising.
    data = content.load_yaml(text)[0] or {}
    nodes = {key.value: value for key, value in (root.value if isinstance(root, yaml.MappingNode) else [])}
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        registry.problems.append(Problem(path, 1, "`sources:` must be a list of entries",
                                          "write `sources:` and under it one `- id: …` entry per source"))
        return registry
    entry_nodes = nodes["sources"].value if isinstance(nodes.get("sources"), yaml.SequenceNode) else []
    for entry, node in zip(entries, entry_nodes):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            registry.problems.append(Problem(path, line, "a source entry is not a set of `field: value` lines",
                                              f"give it the fields {', '.join(SOURCE_FIELDS)}"))
            continue
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        source_id = str(entry.get("id") or "")
        for name in SOURCE_FIELDS:
            if entry.get(name) in (None, ""):
                registry.problems.append(Problem(path, lines.get(name, line),
                                                  f"source `{source_id or '?'}` has no `{name}`",
                                                  f"add `{name}: …` to the entry ({_FIELD_HELP[name]})"))
        if source_id and not SOURCE_ID.match(source_id):
            registry.problems.append(Problem(path, lines.get("id", line), f"source id `{source_id}` is not a plain id",
                                              "use lowercase letters, digits and hyphens, e.g. nhs-rfa"))
        url = str(entry.get("url") or "")
        if url and not re.match(r"^https?://[^\s/]+\.[^\s]+$", url) or url.endswith(("...", "…")):
            registry.problems.append(Problem(path, lines.get("url", line), f"source `{source_id}` has no usable URL: {url!r}",
                                              "copy the page's full address, starting with https://"))
        for name in ("date", "accessed"):
            value = entry.get(name)
            if value not in (None, "") and not _is_date(value):
                registry.problems.append(Problem(path, lines.get(name, line), f"source `{source_id}`: `{name}` is not a date: {value!r}",
                                                  "write YYYY-MM-DD, or YYYY-MM when the page gives only a month"))
        if source_id in registry.sources:
            registry.problems.append(Problem(path, lines.get("id", line), f"source id `{source_id}` is used twice",
                                              "give each source its own id"))
        registry.sources[source_id] = entry
    reasons = data.get("not_restated") or {}
    if isinstance(reasons, dict):
        registry.not_restated = {str(k): str(v) for k, v in reasons.items()}
    return registry


_FIELD_HELP = {
    "id": "a short name pages cite, e.g. nhs-rfa",
    "title": "the page's title as it shows it",
    "publisher": "who publishes the page",
    "date": "the date the page was published or last reviewed, YYYY-MM-DD",
    "url": "the page's full address",
    "accessed": "the day we read it, YYYY-MM-DD",
    "supports": "one line: which of our sentences it backs",
}


def _is_date(value) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    text = str(value)
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            dt.datetime.strptime(text, fmt)
            return True
        except ValueError:
            pass
    return False


# --------------------------------------------------------------------------- claims in pages

def claims(page: Page) -> tuple[list[Claim], list[Claim]]:
    """(claims with a basis line, claims that need one and have none) in a page's body."""
    added_page = bool(page.meta.get("added_content"))
    lines = page.body.splitlines()
    found, missing = [], []
    box, box_indent = None, -1
    block: Claim | None = None
    in_fence = False

    def close():
        nonlocal block
        if block is not None and (block.basis_line or _needs_basis(block, added_page)):
            (found if block.basis_line else missing).append(block)
        block = None

    for offset, raw in enumerate(lines):
        number = page.body_start + offset
        if raw.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            close()
            continue
        if in_fence:
            continue
        indent = len(raw) - len(raw.lstrip())
        if not raw.strip():
            if block is not None and block.kind == "paragraph":
                close()
            continue
        if box is not None and indent <= box_indent:
            close()
            box = None
        attr = _ATTR.match(raw)
        if attr and block is not None:
            basis = _BASIS.search(attr.group(1))
            block.basis = basis.group(1).split() if basis else []
            block.basis_line = number if basis else None
            close()
            continue
        opened = _BOX.match(raw)
        if opened:
            close()
            box, box_indent = opened.group(2), indent
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            close()
            block = Claim(page.path, number, bullet.group(3).strip(), [], "task" if bullet.group(2) else "bullet", box)
            continue
        if raw.lstrip().startswith("#") or PLACEHOLDER.match(raw) or raw.lstrip().startswith("<"):
            close()
            continue
        if block is not None:
            block.text += " " + raw.strip()
            continue
        block = Claim(page.path, number, raw.strip(), [], "paragraph", box)
    close()
    return found, missing


def _needs_basis(claim: Claim, added_page: bool) -> bool:
    if claim.box in CLAIM_BOXES or claim.kind == "task":
        return True
    if claim.box == "draft" or claim.text.startswith(("Next:", "[")):
        return False
    return added_page


# --------------------------------------------------------------------------- checks

def check_ids(claim: Claim, ids: dict[str, str], registry: Registry) -> list[Problem]:
    where = claim.basis_line or claim.line
    if not claim.basis:
        return [Problem(claim.path, where, f"no basis given for \"{_short(claim.text)}\"", HELP)]
    problems = []
    for basis in claim.basis:
        article = ARTICLE_ID.match(basis)
        if article:
            if basis not in ids:
                problems.append(Problem(claim.path, where, f"basis {basis} is not a sentence of the article",
                                        f"use paragraph.sentence ids that exist ({_id_ranges(ids)}); "
                                        "`python -m scripts coverage` lists every sentence with its id"))
        elif basis == QUESTION:
            if claim.kind != "task":
                problems.append(Problem(claim.path, where, "basis \"question\" is only for the questions checklist",
                                        "give this sentence an article sentence id or a source id"))
        elif SOURCE_ID.match(basis):
            if basis not in registry.sources:
                problems.append(Problem(claim.path, where, f"basis `{basis}` is not in the source registry",
                                        "add the source to source/sources.yml (title, publisher, date, url, accessed, "
                                        "supports), or fix the id's spelling"))
        else:
            problems.append(Problem(claim.path, where, f"basis id `{basis}` is malformed",
                                    "write paragraph.sentence (e.g. 2.1), a source id (lowercase, e.g. nhs-rfa) or "
                                    "\"question\", separated by spaces"))
    return problems


def _id_ranges(ids: dict[str, str]) -> str:
    counts: dict[str, int] = {}
    for key in ids:
        paragraph, _ = key.split(".")
        counts[paragraph] = counts.get(paragraph, 0) + 1
    return ", ".join(f"{p}.1–{p}.{n}" for p, n in counts.items())


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def glossary_claims(lang: str = content.DEFAULT_LANGUAGE) -> list[Claim]:
    """The glossary definitions and the picture's description of a locale file, as claims."""
    path = content.LOCALES / f"{lang}.yml"
    strings = content.locale_strings(lang)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    out = []
    for entry in strings.get("glossary") or []:
        if not isinstance(entry, dict):
            continue
        key = str(entry.get("id", entry.get("term")))
        line = next((i + 1 for i, row in enumerate(lines) if re.search(rf"\b(id|term): *{re.escape(key)}\s*$", row)), None)
        basis_line = next((i + 1 for i, row in enumerate(lines[line or 0:], start=line or 0)
                           if re.match(r"^\s+basis:", row)), None) if line else None
        out.append(Claim(path, line or 1, str(entry.get("definition") or ""), str(entry.get("basis") or "").split(),
                         "glossary", basis_line=basis_line if entry.get("basis") else None))
    diagram = strings.get("diagram")
    if isinstance(diagram, dict):
        line = next((i + 1 for i, row in enumerate(lines) if row.startswith("diagram:")), 1)
        out.append(Claim(path, line, str(diagram.get("description") or ""), str(diagram.get("basis") or "").split(),
                         "diagram", basis_line=line if diagram.get("basis") else None))
    return out


def check(pages: list[Page], langs: list[str] | None = None) -> list[Problem]:
    """Every sentence written for the English guide has a basis that exists; the registry is complete."""
    registry = load_registry()
    ids = article_ids()
    problems = list(registry.problems)
    for page in pages:
        if page.error or page.lang != content.DEFAULT_LANGUAGE:
            continue
        found, missing = claims(page)
        for claim in found + missing:
            problems += check_ids(claim, ids, registry)
    for claim in glossary_claims():
        problems += check_ids(claim, ids, registry)
    problems += coverage_problems(pages, ids, registry)
    return problems


def covered(pages: list[Page], with_glossary: bool = True) -> dict[str, list[str]]:
    """Article id -> where a plain-language sentence rests on it (key points, notes, pages, glossary)."""
    out: dict[str, list[str]] = {}
    for page in pages:
        if page.error or page.lang != content.DEFAULT_LANGUAGE:
            continue
        for claim in claims(page)[0]:
            for basis in claim.basis:
                out.setdefault(basis, []).append(f"{page.name}:{claim.line}")
    for claim in glossary_claims() if with_glossary else []:
        for basis in claim.basis:
            out.setdefault(basis, []).append(f"{content.rel(claim.path)}:{claim.line}")
    return out


def coverage_problems(pages: list[Page], ids: dict[str, str], registry: Registry) -> list[Problem]:
    """An article sentence no page sentence rests on must be left out on purpose, with a reason.

    Definitions do not count: a risk must reach the key points or notes, not only a tooltip.
    """
    where = covered(pages, with_glossary=False)
    problems = []
    for key, sentence in ids.items():
        if key not in where and key not in registry.not_restated:
            problems.append(Problem(content.ARTICLE, None, f"article sentence {key} is not covered by any key point "
                                    f"or note: \"{_short(sentence, 80)}\"",
                                    "add a key point that rests on it, or list it under `not_restated:` in "
                                    "source/sources.yml with the reason it is left out"))
    for key in registry.not_restated:
        if key not in ids:
            problems.append(Problem(SOURCES, None, f"`not_restated` lists {key}, which is not an article sentence",
                                    "remove the line or correct the id"))
    return problems


def coverage_table(pages: list[Page]) -> str:
    """Markdown table: each article sentence, its id and where the guide restates it."""
    where = covered(pages)
    reasons = load_registry().not_restated
    rows = ["| id | article sentence | restated in |", "|---|---|---|"]
    for key, sentence in article_ids().items():
        places = ", ".join(where.get(key, [])) or f"NOT RESTATED: {reasons.get(key, 'no reason given')}"
        rows.append(f"| {key} | {_short(sentence, 70)} | {places} |")
    return "\n".join(rows)


def cmd_coverage(args) -> int:
    """Print which plain-language sentences rest on each article sentence; exit 1 if one is left out without a reason."""
    pages = content.pages()
    print(coverage_table(pages))
    problems = coverage_problems(pages, article_ids(), load_registry())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def register(add) -> None:
    add("coverage", cmd_coverage)
