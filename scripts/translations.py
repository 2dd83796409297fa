"""Translation integrity: every page in every language, synced to its English source, same shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import content, trace
from .content import Page, Problem

SYNC_HINT = "python -m scripts sync {lang} {name}"


@dataclass
class Status:
    lang: str
    name: str
    state: str  # current | outdated | missing | reviewed | untranslated
    detail: str = ""


def structure(page: Page) -> list[str]:
    """The page's skeleton: headings, boxes, basis lines, placeholders, link targets and images, in order."""
    return [item for item, _ in structure_with_lines(page)]


# Line-level parts a translation keeps as in English; basis lines and placeholders use trace's patterns.
_SHAPE = (
    ("heading", re.compile(r"^(#{1,6})\s"), lambda m: f"h{len(m.group(1))}"),
    ("admonition", re.compile(r"^\s*(!!!|\?\?\?\+?)\s+([\w-]+)"), lambda m: m.group(2)),
    ("basis", re.compile(r'^\s*\{:.*\bdata-basis="([^"]*)"'), lambda m: m.group(1)),
    ("placeholder", trace.PLACEHOLDER, lambda m: m.group(1).replace(" ", "")),
)


def structure_with_lines(page: Page) -> list[tuple[str, int]]:
    shape = []
    in_fence = False
    for number, line in enumerate(page.body.splitlines(), start=page.body_start):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for kind, pattern, value in _SHAPE:
            found = pattern.match(line)
            if found:
                shape.append((f"{kind} {value(found)}", number))
        for target in re.findall(r"(!?)\[[^\]]*\]\(([^)\s]+)", line):
            shape.append((("image " if target[0] else "link ") + target[1], number))
    return shape


def _describe(item: str) -> str:
    kind, _, value = item.partition(" ")
    return {"heading": f"a level-{value[1:]} heading", "admonition": f"a `{value}` box",
            "link": f"a link to {value}", "image": f"an image {value}",
            "basis": f'the basis line {{: data-basis="{value}" }}',
            "placeholder": f"the placeholder <!-- {value} -->"}[kind]


def status(pages: list[Page], languages: list[str]) -> list[Status]:
    english = {p.name: p for p in pages if p.lang == content.DEFAULT_LANGUAGE}
    by_lang = {(p.lang, p.name): p for p in pages}
    out = []
    for lang in languages[1:]:
        for name, source in sorted(english.items()):
            page = by_lang.get((lang, name))
            if page is None:
                out.append(Status(lang, name, "missing"))
                continue
            if page.error or source.error:
                # Its front matter cannot be read: `check` reports that, not a made-up "outdated".
                out.append(Status(lang, name, "unreadable", str((page.error or source.error).what)))
                continue
            meta = page.meta
            recorded = str(meta.get("translated_from", ""))
            current = content.english_hash(source.path)
            translator = str(meta.get("translation_status", ""))
            if recorded != current:
                out.append(Status(lang, name, "outdated", f"recorded {recorded or 'nothing'}, English is now {current}"))
            elif translator == "untranslated":
                out.append(Status(lang, name, "untranslated"))
            elif translator in content.TRANSLATION_STATES:
                out.append(Status(lang, name, "current", translator))
            else:
                out.append(Status(lang, name, "reviewed", translator))
    return out


def integrity(pages: list[Page], languages: list[str]) -> list[Problem]:
    problems = []
    english = {p.name: p for p in pages if p.lang == content.DEFAULT_LANGUAGE}
    by_lang = {(p.lang, p.name): p for p in pages}
    for item in status(pages, languages):
        path = content.DOCS / item.lang / item.name
        page = by_lang.get((item.lang, item.name))
        if item.state == "missing":
            problems.append(Problem(path, None, f"the {item.lang} translation of docs/en/{item.name} is missing",
                                    f"run `python -m scripts new-language {item.lang}` to add the English page marked "
                                    "untranslated, then translate it"))
        elif item.state == "outdated":
            problems.append(Problem(path, page.line_of("translated_from") if page else None,
                                    f"docs/en/{item.name} changed after this translation was synced ({item.detail})",
                                    "update the translation to match the English page, then run "
                                    f"`{SYNC_HINT.format(lang=item.lang, name=item.name)}`"))
        elif item.state == "untranslated":
            problems.append(Problem(path, page.line_of("translation_status") if page else None,
                                    "this page is still the untranslated English copy",
                                    "translate it, set `translation_status: machine-assisted` (or `reviewed by <name>`) "
                                    f"and run `{SYNC_HINT.format(lang=item.lang, name=item.name)}`"))
        if page is not None and not page.error:
            problems += _status_problems(page)
        # An outdated translation is re-done from the new English page: its shape is reported then.
        if page is None or page.error or item.name not in english or item.state == "outdated":
            continue
        ours, theirs = structure_with_lines(page), structure(english[item.name])
        if [item for item, _ in ours] != theirs:
            problems.append(_structure_problem(page, ours, theirs))
    # Pages that exist only in a translation would never be reached from the English nav.
    for page in pages:
        if page.lang == content.DEFAULT_LANGUAGE and not page.error and "translation_status" in page.meta:
            problems.append(Problem(page.path, page.line_of("translation_status"),
                                    "an English page has a `translation_status`, which only translations use",
                                    "delete the `translation_status:` line (the English page is the original)"))
        if page.lang not in languages:
            problems.append(Problem(page.path, 1, f"the folder docs/{page.lang}/ is not a language configured in "
                                                  "mkdocs.yml, so this page is never checked as a translation",
                                    f"move the page into a language folder ({', '.join(languages)}), or add the "
                                    f"language with `python -m scripts new-language {page.lang}`"))
        elif page.lang != content.DEFAULT_LANGUAGE and page.name not in english:
            problems.append(Problem(page.path, None, f"there is no English page docs/en/{page.name} for this translation",
                                    "rename the file to match its English page, or add the English page first"))
    return problems


def _status_problems(page: Page) -> list[Problem]:
    """`translation_status` is one of the known states or `reviewed by <name>`: the site shows or hides
    the machine-translation notice by it, so a typo must not remove the notice."""
    value = page.meta.get("translation_status")
    if value in content.TRANSLATION_STATES:
        return []
    if isinstance(value, str) and value.startswith(content.REVIEWED_BY) and value[len(content.REVIEWED_BY):].strip():
        return []
    what = ("the front matter has no `translation_status`" if value in (None, "")
            else f"`translation_status` is {value!r}, which is none of machine-assisted, untranslated, "
                 f"`{content.REVIEWED_BY}<name>`")
    return [Problem(page.path, page.line_of("translation_status"), what,
                    "write `translation_status: machine-assisted` (translated, not yet reviewed), `untranslated` "
                    f"(still the English copy) or `{content.REVIEWED_BY}` and the medical translator's name, e.g. "
                    f"`translation_status: {content.REVIEWED_BY}Ana Ruiz`")]


def _structure_problem(page: Page, lined: list[tuple[str, int]], theirs: list[str]) -> Problem:
    ours = [item for item, _ in lined]
    for index, (mine, english) in enumerate(zip(ours, theirs)):
        if mine != english:
            return Problem(page.path, lined[index][1],
                           f"the structure differs from docs/en/{page.name}: item {index + 1} is {_describe(mine)} "
                           f"where English has {_describe(english)}",
                           "keep the same headings, boxes and links as the English page, in the same order")
    if len(ours) < len(theirs):
        return Problem(page.path, lined[-1][1] if lined else None, f"the structure differs from docs/en/{page.name}: "
                       f"{_describe(theirs[len(ours)])} is missing",
                       "add it, as on the English page")
    return Problem(page.path, lined[len(theirs)][1], f"the structure differs from docs/en/{page.name}: "
                   f"{_describe(ours[len(theirs)])} is not on the English page",
                   "remove it, or add it to the English page first")


# Parts of locales/en.yml that are not translated text: the termbase and notes are per language.
_NOT_TRANSLATED = ("termbase", "translator_notes", "audience", "glossary_match", "translated_from")


def strings_hash() -> str:
    """Fingerprint of what a locale file translates: every English interface string, definition and label."""
    import hashlib
    import json

    data = {k: v for k, v in content.locale_strings(content.DEFAULT_LANGUAGE).items() if k not in _NOT_TRANSLATED}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def strings_freshness(languages: list[str]) -> list[Problem]:
    """A locale file must say which version of locales/en.yml it translates, like a page does."""
    problems, current = [], strings_hash()
    for lang in languages[1:]:
        path = content.LOCALES / f"{lang}.yml"
        if not path.exists():
            continue  # checks.glossary reports the missing file
        lines = path.read_text(encoding="utf-8").splitlines()
        row = next((i for i, line in enumerate(lines, start=1) if line.startswith("translated_from:")), None)
        recorded = lines[row - 1].split(":", 1)[1].strip() if row else ""
        if recorded != current:
            problems.append(Problem(path, row or 1, f"locales/en.yml changed after this file was synced "
                                    f"(recorded {recorded or 'nothing'}, English is now {current})",
                                    "update the strings, definitions and labels that changed in locales/en.yml, then run "
                                    f"`python -m scripts sync {lang}`"))
    return problems


def sync_strings(lang: str) -> Path:
    """Record that locales/<lang>.yml now matches the current locales/en.yml."""
    path = content.LOCALES / f"{lang}.yml"
    text = path.read_text(encoding="utf-8")
    line = f"translated_from: {strings_hash()}"
    if re.search(r"^translated_from:.*$", text, flags=re.M):
        text = re.sub(r"^translated_from:.*$", line, text, count=1, flags=re.M)
    else:
        # After the file's opening comments, so the comments still come first.
        head = re.match(r"(?:#.*\n)*", text).end()
        text = text[:head] + line + "\n" + text[head:]
    path.write_text(text, encoding="utf-8")
    return path


def sync(lang: str, name: str) -> Path:
    """Record that docs/<lang>/<name> now matches the current English page."""
    path = content.DOCS / lang / name
    english = content.DOCS / content.DEFAULT_LANGUAGE / name
    text = path.read_text(encoding="utf-8")
    value = content.english_hash(english)
    if re.search(r"^translated_from:.*$", text, flags=re.M):
        text = re.sub(r"^translated_from:.*$", f"translated_from: {value}", text, count=1, flags=re.M)
    else:
        text = text.replace("---\n", f"---\ntranslated_from: {value}\n", 1)
    path.write_text(text, encoding="utf-8")
    return path
