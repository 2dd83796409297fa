"""The termbase: per language, the approved words for clinically important concepts, and the
renderings that must never appear (e.g. "nerve-root cutting" for this procedure).

Concepts are defined in locales/en.yml (`termbase:`, with the English terms); each other
locales/<lang>.yml lists, per concept, `approved`, optional `variants`, `forbidden` (term,
reason, optional `allowed_in` phrases) and a `note`. `make check` fails on a forbidden rendering
in that language's pages, interface strings (kiosk and print captions included), glossary or
site name, and on a page that renders a concept the English page uses with no approved term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import content
from .content import Page, Problem

# Sections of a locale file that talk about terms rather than use them.
META_KEYS = ("termbase", "translator_notes")


@dataclass
class Concept:
    id: str
    approved: list[str]
    variants: list[str] = field(default_factory=list)
    forbidden: list[dict] = field(default_factory=list)
    note: str = ""
    line: int = 0

    @property
    def accepted(self) -> list[str]:
        return self.approved + self.variants


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def load(lang: str, known: set[str] | None = None) -> tuple[dict[str, Concept], list[Problem]]:
    """One language's termbase, validated; `known` are the concept ids English defines."""
    path = content.LOCALES / f"{lang}.yml"
    if not path.exists():
        return {}, []
    text = path.read_text(encoding="utf-8")
    try:
        # libyaml's parser when present: check loads every termbase, and the pure-Python one is ten times slower.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader) or {}
    except yaml.YAMLError:
        return {}, []  # scripts/syntax.py reports it first
    nodes = []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "termbase" and isinstance(value, yaml.SequenceNode):
                nodes = value.value
    entries = data.get("termbase") if isinstance(data, dict) else None
    if entries is None:
        return {}, []
    problems, concepts = [], {}
    if not isinstance(entries, list):
        return {}, [Problem(path, None, "`termbase:` must be a list of concepts",
                            "write one `- concept: …` entry per concept, as in locales/en.yml")]
    for entry, node in zip(entries, nodes):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict) or not entry.get("concept"):
            problems.append(Problem(path, line, "a termbase entry has no `concept`",
                                    "start the entry with `- concept: <id from locales/en.yml>`"))
            continue
        concept = Concept(str(entry["concept"]), _strings(entry.get("approved")), _strings(entry.get("variants")),
                          [], str(entry.get("note") or ""), line)
        if known is not None and concept.id not in known:
            problems.append(Problem(path, line, f"unknown concept `{concept.id}`",
                                    f"use a concept id from locales/en.yml: {', '.join(sorted(known))}"))
            continue
        if not concept.approved:
            problems.append(Problem(path, line, f"concept `{concept.id}` has no approved term",
                                    "add `approved: [<the term to use>]`"))
        for item in entry.get("forbidden") or []:
            if isinstance(item, str):
                item = {"term": item}
            if not isinstance(item, dict) or not str(item.get("term") or "").strip():
                problems.append(Problem(path, line, f"concept `{concept.id}`: a forbidden entry has no `term`",
                                        "write `- term: <the misleading word>` and `reason: …`"))
                continue
            term = str(item["term"])
            if term.casefold() in {a.casefold() for a in concept.accepted}:
                problems.append(Problem(path, line, f"concept `{concept.id}`: `{term}` is both approved and forbidden",
                                        "remove it from one of the two lists"))
                continue
            if not str(item.get("reason") or "").strip():
                problems.append(Problem(path, line, f"concept `{concept.id}`: forbidden `{term}` has no reason",
                                        "add `reason: …` (why it misleads), so the message can say it"))
            concept.forbidden.append({"term": term, "reason": str(item.get("reason") or "misleading"),
                                      "allowed_in": _strings(item.get("allowed_in"))})
        if concept.id in concepts:
            problems.append(Problem(path, line, f"concept `{concept.id}` appears twice", "merge the two entries"))
        concepts[concept.id] = concept
    return concepts, problems


def _pattern(term: str, lang: str) -> re.Pattern:
    """English terms match whole words; translations match anywhere, so a stem covers every case ending."""
    if lang == content.DEFAULT_LANGUAGE:
        return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    return re.compile(re.escape(term), re.IGNORECASE)


def _texts(lang: str, pages: list[Page]) -> list[tuple[Path, int, str]]:
    """(file, line, text) of everything a reader of `lang` sees from the sources we own."""
    out = []
    for page in pages:
        if page.lang == lang:
            for number, line in enumerate(page.path.read_text(encoding="utf-8").splitlines(), start=1):
                out.append((page.path, number, line))
    path = content.LOCALES / f"{lang}.yml"
    if path.exists():
        skipping = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            top = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
            if top:
                skipping = top.group(1) in META_KEYS
            if not skipping and not line.lstrip().startswith("#"):
                out.append((path, number, line))
    # The site name and footer of this language in mkdocs.yml's i18n block.
    block = _config_block(lang)
    out += [(content.CONFIG, number, line) for number, line in block]
    return out


def _config_block(lang: str) -> list[tuple[int, str]]:
    """(line, text) of this language's site name, description and footer line in mkdocs.yml."""
    entry = next((e for e in content.language_entries() if e.get("locale") == lang), {})
    lines = content.CONFIG.read_text(encoding="utf-8").splitlines()
    out = []
    for key in ("site_name", "site_description", "copyright"):
        value = str(entry.get(key) or "")
        if value:
            number = next((i for i, line in enumerate(lines, start=1) if value in line), None)
            out.append((number, value))
    return out


def check(pages: list[Page], langs: list[str]) -> list[Problem]:
    english, problems = load(content.DEFAULT_LANGUAGE)
    known = set(english)
    for path in sorted(content.LOCALES.glob("*.yml")):
        if path.stem not in langs:
            problems.append(Problem(path, None, f"`{path.stem}` is not a language configured in mkdocs.yml",
                                    "rename the file to a configured language code, or add the language with "
                                    f"`python -m scripts new-language {path.stem}`"))
    by_key = {(p.lang, p.name): p for p in pages if not p.error}
    for lang in langs:
        if lang == content.DEFAULT_LANGUAGE:
            continue
        concepts, found = load(lang, known)
        problems += found
        problems += forbidden(lang, concepts, pages)
        problems += missing_concepts(lang, concepts, english, by_key)
    return problems


def forbidden(lang: str, concepts: dict[str, Concept], pages: list[Page]) -> list[Problem]:
    problems = []
    rules = [(c, item, _pattern(item["term"], lang)) for c in concepts.values() for item in c.forbidden]
    if not rules:
        return []
    for path, number, line in _texts(lang, pages):
        for concept, item, pattern in rules:
            text = line
            for phrase in item["allowed_in"]:
                text = re.sub(re.escape(phrase), " " * len(phrase), text, flags=re.IGNORECASE)
            if pattern.search(text):
                use = " or ".join(concept.approved) or "the approved term"
                problems.append(Problem(path, number, f"found {item['term']} — use {use} ({item['reason']})",
                                        f"replace it; the termbase is in locales/{lang}.yml (concept `{concept.id}`)"))
    return problems


def missing_concepts(lang: str, concepts: dict[str, Concept], english: dict[str, Concept],
                     by_key: dict[tuple[str, str], Page]) -> list[Problem]:
    """A concept the English page names must be named on the translation with an approved term."""
    problems = []
    for (page_lang, name), source in sorted(by_key.items()):
        target = by_key.get((lang, name))
        if page_lang != content.DEFAULT_LANGUAGE or target is None or target.meta.get("translation_status") == "untranslated":
            continue
        english_text = _page_text(source)
        text = _page_text(target)
        for concept in english.values():
            if not any(_pattern(term, content.DEFAULT_LANGUAGE).search(english_text) for term in concept.accepted):
                continue
            mine = concepts.get(concept.id)
            if mine is None:
                problems.append(Problem(content.LOCALES / f"{lang}.yml", None,
                                        f"no termbase entry for concept `{concept.id}`, which docs/en/{name} uses",
                                        "add it under `termbase:` with the approved term in this language"))
                continue
            if not any(_pattern(term, lang).search(text) for term in mine.accepted):
                problems.append(Problem(target.path, None,
                                        f"docs/en/{name} names `{concept.id}` ({concept.approved[0]}), but this page has "
                                        f"none of its approved terms: {', '.join(mine.accepted)}",
                                        f"use an approved term, or add the form used here to `approved`/`variants` in "
                                        f"locales/{lang}.yml (line {mine.line})"))
    return problems


def _page_text(page: Page) -> str:
    return " ".join([str(page.meta.get("title", "")), str(page.meta.get("description", "")), page.body])
