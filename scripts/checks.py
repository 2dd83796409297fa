"""Content checks: each function returns the problems it finds; none of them prints or exits."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import content
from .content import Page, Problem


# --------------------------------------------------------------------------- front matter

def front_matter(pages: list[Page], today: dt.date | None = None, overdue_is_error: bool = False) -> list[Problem]:
    today = today or dt.date.today()
    problems = []
    for page in pages:
        if page.error:
            problems.append(page.error)
            continue
        meta = page.meta
        for key in content.REQUIRED_FIELDS:
            if key not in meta or meta[key] in (None, "", []):
                problems.append(Problem(page.path, 1, f"front matter field `{key}` is missing or empty",
                                        f"add a line `{key}: …` between the '---' lines (see CONTRIBUTING.md)"))
        for key in ("last_reviewed", "next_review_due"):
            if key in meta and meta[key] not in (None, "") and content.as_date(meta[key]) is None:
                problems.append(Problem(page.path, page.line_of(key), f"`{key}` is not a date: {meta[key]!r}",
                                        "write the date as YYYY-MM-DD, for example 2026-11-25"))
        last, due = content.as_date(meta.get("last_reviewed")), content.as_date(meta.get("next_review_due"))
        if last and due and due <= last:
            problems.append(Problem(page.path, page.line_of("next_review_due"),
                                    f"`next_review_due` ({due}) is not after `last_reviewed` ({last})",
                                    "set the next review to a later date, usually one year after the last review"))
        if last and last > today:
            problems.append(Problem(page.path, page.line_of("last_reviewed"),
                                    f"`last_reviewed` ({last}) is in the future",
                                    "use the date the review actually happened"))
        if due and due < today:
            problems.append(Problem(page.path, page.line_of("next_review_due"),
                                    f"the page is overdue for review: `next_review_due` was {due}",
                                    "ask a clinician to review the page, then update `last_reviewed`, "
                                    "`next_review_due` and `reviewed_by`",
                                    level="error" if overdue_is_error else "warning"))
        if "sources" in meta and not isinstance(meta["sources"], list):
            problems.append(Problem(page.path, page.line_of("sources"), "`sources` must be a list",
                                    "write each source on its own line starting with '  - '"))
        if "reviewed_by" in meta and not isinstance(meta["reviewed_by"], str):
            problems.append(Problem(page.path, page.line_of("reviewed_by"), "`reviewed_by` must be a name",
                                    f"write the reviewing clinician's name, or `{content.PENDING_REVIEW}`"))
        for key in ("title", "description"):
            if key in meta and not isinstance(meta[key], str):
                problems.append(Problem(page.path, page.line_of(key), f"`{key}` must be text",
                                        f"write `{key}: ` followed by the text, in quotes if it contains ': '"))
    return problems


def duplicate_titles(pages: list[Page]) -> list[Problem]:
    problems, seen = [], {}
    for page in pages:
        title = page.meta.get("title") if not page.error else None
        if not isinstance(title, str):
            continue
        key = (page.lang, title.strip().casefold())
        if key in seen:
            problems.append(Problem(page.path, page.line_of("title"),
                                    f"the title {title!r} is already used by {content.rel(seen[key])}",
                                    "give every page in a language its own title, so readers and search can tell them apart"))
        else:
            seen[key] = page.path
    return problems


# --------------------------------------------------------------------------- article fidelity

def _plain(markdown: str) -> str:
    """Markdown body as text: comments, emphasis markers and link targets removed."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", text)
    return content.normalise(text)


def fidelity(pages: list[Page]) -> list[Problem]:
    """Every article sentence, verbatim, once, in order, on its own section's English page."""
    problems = []
    english = {p.name: p for p in pages if p.lang == content.DEFAULT_LANGUAGE and not p.error}
    paragraphs = content.article_sentences()
    source = content.rel(content.ARTICLE)
    for number, (name, sentences) in enumerate(zip(content.SECTION_PAGES, paragraphs), start=1):
        page = english.get(name)
        path = content.DOCS / content.DEFAULT_LANGUAGE / name
        if page is None and path.exists():
            continue  # its front matter error is reported already
        if page is None:
            problems.append(Problem(path, None, f"the page for article paragraph {number} is missing",
                                    f"restore docs/en/{name} with paragraph {number} of {source}"))
            continue
        text = _plain(page.body)
        position = 0
        for sentence in sentences:
            count = text.count(sentence)
            anchor = page.body_line(" ".join(sentence.split()[:4])) or page.body_line("From the article")
            if count == 0:
                problems.append(Problem(page.path, anchor,
                                        f"article sentence changed or missing: \"{sentence}\"",
                                        f"restore it word for word from {source} (paragraph {number})"))
            elif count > 1:
                problems.append(Problem(page.path, anchor, f"article sentence appears {count} times: \"{sentence}\"",
                                        "keep it once, in the \"From the article\" section"))
            else:
                found = text.find(sentence)
                if found < position:
                    problems.append(Problem(page.path, anchor, f"article sentence out of order: \"{sentence}\"",
                                            f"keep the sentences in the order of {source}"))
                position = max(position, found)
    # A sentence copied onto another English page would appear twice to a reader.
    for page in english.values():
        if page.name in content.SECTION_PAGES:
            own = content.SECTION_PAGES.index(page.name)
        else:
            own = None
        text = _plain(page.body)
        for number, sentences in enumerate(paragraphs):
            if number == own:
                continue
            for sentence in sentences:
                if sentence in text:
                    problems.append(Problem(page.path, page.body_line(" ".join(sentence.split()[:4])),
                                            f"article sentence from paragraph {number + 1} is on the wrong page: \"{sentence}\"",
                                            f"keep it only on docs/en/{content.SECTION_PAGES[number]}"))
    return problems


# --------------------------------------------------------------------------- navigation

def _nav_entries(nav) -> list[str]:
    out = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out.extend(_nav_entries(value) if isinstance(value, list) else [value])
    return [e for e in out if isinstance(e, str) and e.endswith(".md")]


def navigation(pages: list[Page], config_path: Path = content.CONFIG) -> list[Problem]:
    config = content.load_config(config_path)
    entries = _nav_entries(config.get("nav"))
    text = config_path.read_text(encoding="utf-8").splitlines()
    nav_line = next((i + 1 for i, line in enumerate(text) if line.startswith("nav:")), None)
    problems = []
    english = {p.name for p in pages if p.lang == content.DEFAULT_LANGUAGE}
    for page in sorted(english - set(entries)):
        problems.append(Problem(config_path, nav_line, f"docs/en/{page} is not in the navigation",
                                f"add `  - {page}` under `nav:` in mkdocs.yml, or run `python -m scripts new-page`"))
    for entry in entries:
        if entry not in english:
            line = next((i + 1 for i, row in enumerate(text) if row.strip().endswith(entry)), nav_line)
            problems.append(Problem(config_path, line, f"the navigation lists {entry}, but docs/en/{entry} does not exist",
                                    "create the page or remove the line from `nav:`"))
    return problems


# --------------------------------------------------------------------------- glossary

def glossary(languages: list[str]) -> list[Problem]:
    """Every language defines every English glossary term, each with a definition."""
    problems = []
    english = content.locale_strings(content.DEFAULT_LANGUAGE).get("glossary")
    english = english if isinstance(english, list) else []
    english_ids = [e.get("id", e.get("term")) for e in english if isinstance(e, dict)]
    for lang in languages:
        path = content.LOCALES / f"{lang}.yml"
        if not path.exists():
            problems.append(Problem(path, None, f"the interface strings for `{lang}` are missing",
                                    f"run `python -m scripts new-language {lang}` or copy locales/en.yml and translate it"))
            continue
        raw = path.read_text(encoding="utf-8")
        # Broken YAML never gets here: `check` reports it (syntax.py) and stops first.
        data = content.load_yaml(raw)[0] or {}
        lines = raw.splitlines()
        # Entries of the wrong shape are syntax.py's to report; here they are left out.
        entries = data.get("glossary") if isinstance(data, dict) else None
        entries = [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
        ids = [e.get("id", e.get("term")) for e in entries]
        for entry in entries:
            key = entry.get("id", entry.get("term"))
            line = next((i + 1 for i, row in enumerate(lines) if re.search(rf"\b(id|term): *{re.escape(str(key))}\s*$", row)), None)
            if not str(entry.get("definition") or "").strip():
                problems.append(Problem(path, line, f"glossary term `{key}` has no definition",
                                        "add `definition: …` in plain words under the term"))
            if not entry.get("forms"):
                problems.append(Problem(path, line, f"glossary term `{key}` lists no `forms`",
                                        "list the words as they appear on the pages, e.g. `forms: [sacrum]`"))
        if lang != content.DEFAULT_LANGUAGE:
            for key in english_ids:
                if key not in ids:
                    problems.append(Problem(path, None, f"glossary term `{key}` from locales/en.yml is not defined in {lang}",
                                            f"add an entry with `id: {key}`, its `forms` in {lang} and a `definition`"))
    return problems
