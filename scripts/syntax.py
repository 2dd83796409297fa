"""The files editors touch must be readable before anything reads them.

`python -m scripts check` runs this first: no symbolic links in docs/, locales/, source/ or
overrides/; no folder named like a page and no locale file under another extension; every page,
locale file and the article is UTF-8 text, and the article has a title and paragraphs; the
mkdocs*.yml files, locales/*.yml and source/*.yml parse, with no repeated key or impossible date;
each i18n language entry names its locale; and locale files hold text where the site shows text,
and glossary entries of the shape the site reads. Every other check reads these files, and any of
these mistakes would otherwise end in a Python traceback (or be resolved silently) instead of
`file:line: what — how`.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from . import content
from .content import Problem


def check() -> list[Problem]:
    problems = content.symlink_problems() + misnamed()
    unreadable = set()
    for path in content.text_files():
        _, problem = content.read_text(path)
        if problem:
            problems.append(problem)
            unreadable.add(path)
    if content.ARTICLE not in unreadable:
        problems += article_shape()
    for path in yaml_files():
        if path not in unreadable and not path.is_symlink():
            problems += yaml_problems(path)
    return problems


def yaml_files() -> list[Path]:
    """Every YAML file an editor may change: the site configs, the locale files and the source registries."""
    configs = sorted(content.ROOT.glob("mkdocs*.yml"))
    return [*configs, *sorted(content.LOCALES.glob("*.yml")), *sorted(content.ROOT.glob("source/*.y*ml"))]


def misnamed() -> list[Problem]:
    """A folder named like a page, or a locale file the site would never read."""
    problems = [Problem(path, None, f"this is a folder named like a page ({path.name})",
                        f"rename the folder (without .md), or move its files out and delete it")
                for path in sorted(content.DOCS.rglob("*.md")) if path.is_dir() and not path.is_symlink()]
    problems += [Problem(path, None, f"locale files end in .yml; {path.name} is never read",
                         f"rename it to {path.stem}.yml (git mv {content.rel(path)} locales/{path.stem}.yml)")
                 for path in sorted(content.LOCALES.iterdir()) if path.suffix != ".yml" and not path.is_symlink()]
    return problems


def article_shape() -> list[Problem]:
    """The article is the source of truth: it must be there, with a title line and paragraphs under it."""
    path = content.ARTICLE
    restore = f"restore it from git (git checkout -- {content.rel(path)}) or from ../shared/source/"
    if not path.is_file():
        return [Problem(path, None, "the article is missing", restore)]
    lines = [line for line in content.read_text(path)[0].splitlines() if line.strip()]
    if len(lines) < 2:
        return [Problem(path, 1, "the article has no title line and paragraphs", restore)]
    # One page per paragraph (content.SECTION_PAGES): a paragraph without its page is never checked or linked.
    count, pages = len(content.article_paragraphs(path)), len(content.SECTION_PAGES)
    if count != pages:
        return [Problem(path, None, f"the article has {count} paragraphs, but the guide has one page for each of "
                                    f"{pages} (content.SECTION_PAGES)",
                        "restore the article's paragraphs as published; a new paragraph needs its own page, added "
                        "to SECTION_PAGES in scripts/content.py and to nav in mkdocs.yml")]
    return []


def yaml_problems(path: Path) -> list[Problem]:
    """Syntax, repeated keys, impossible dates and, in a locale file, the glossary's shape."""
    problem, parsed = _parse(path)
    if problem:
        return [problem]
    node, data, loader = parsed
    problems = [Problem(path, again, f"`{key}` is written twice (lines {first} and {again})",
                        f"keep one `{key}:` and delete the other: only the last one counts")
                for key, first, again in loader.duplicates]
    problems += [Problem(path, line, f"{value} looks like a date but is not one",
                         "write a real date as YYYY-MM-DD, or put the text in double quotes")
                 for value, line in loader.bad_dates]
    if path.parent == content.LOCALES:
        problems += locale_shape(path, data, node) + strings_shape(path, data, node)
    elif path.parent == content.ROOT:
        problems += config_shape(path, data, node)
    return problems


def _value_node(node, key: str):
    if isinstance(node, yaml.MappingNode):
        return next((value for key_node, value in node.value if key_node.value == key), None)
    return None


def config_shape(path: Path, data, node) -> list[Problem]:
    """Each of the i18n plugin's language entries is a block with a `locale:` code, as the build reads it."""
    if not isinstance(data, dict) or not isinstance(data.get("plugins"), list):
        return []
    plugins = _value_node(node, "plugins")
    for plugin, plugin_node in zip(data["plugins"], getattr(plugins, "value", [])):
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n, i18n_node = plugin["i18n"] or {}, _value_node(plugin_node, "i18n")
            entries = i18n.get("languages") if isinstance(i18n, dict) else None
            entry_nodes = getattr(_value_node(i18n_node, "languages"), "value", [])
            if not isinstance(entries, list):
                return [Problem(path, plugin_node.start_mark.line + 1, "the i18n plugin has no `languages:` list",
                                "under `i18n:`, keep `languages:` with one `- locale: xx` block per language")]
            problems = []
            for entry, entry_node in zip(entries, entry_nodes):
                locale = entry.get("locale") if isinstance(entry, dict) else None
                if not isinstance(locale, str) or not locale.strip():
                    problems.append(Problem(path, entry_node.start_mark.line + 1,
                                            f"an i18n language entry has no text `locale:` (it has {locale!r})",
                                            "start the entry with `- locale: xx`, the language's two-letter code, "
                                            "as in the other entries"))
            return problems
    return []


# Checked on their own (glossary and glossary_match above, termbase in terms.py) or never shown.
_STRUCTURED_STRINGS = ("glossary", "glossary_match", "termbase", "translator_notes")


def strings_shape(path: Path, data, node) -> list[Problem]:
    """Every interface string is text (a group such as `diagram:` is a block of texts), as in locales/en.yml."""
    if not isinstance(data, dict):
        return []
    english = data if path.stem == content.DEFAULT_LANGUAGE else _english_strings()
    problems = []
    for key, value in data.items():
        if key in _STRUCTURED_STRINGS:
            continue
        line = _key_line(node, key)
        if isinstance(english.get(key), dict):
            if not isinstance(value, dict):
                problems.append(Problem(path, line, f"`{key}` is not a block of texts",
                                        f"write `{key}:` and under it the same indented `name: text` lines as in "
                                        "locales/en.yml"))
                continue
            value_node = _value_node(node, key)
            problems += [Problem(path, _key_line(value_node, sub) or line,
                                 f"`{key}.{sub}` is {_kind(text)}, not text",
                                 f"write `{sub}: ` followed by the words, in double quotes if they contain ': '")
                         for sub, text in value.items() if not _is_text(text)]
        elif not _is_text(value):
            problems.append(Problem(path, line, f"`{key}` is {_kind(value)}, not text",
                                    f"write `{key}: ` followed by the words on one line (copy the line from "
                                    "locales/en.yml and translate it), in double quotes if they contain ': '"))
    if english is not data:
        problems += placeholder_problems(path, data, node, english)
    return problems


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def placeholder_problems(path: Path, data: dict, node, english: dict) -> list[Problem]:
    """A translated string keeps the `{name}` placeholders of its English string, untranslated."""
    problems = []
    for key, value in data.items():
        theirs = english.get(key)
        if not (isinstance(value, str) and isinstance(theirs, str)):
            continue
        want, have = sorted(set(_PLACEHOLDER.findall(theirs))), sorted(set(_PLACEHOLDER.findall(value)))
        if want != have or value.count("{") != value.count("}"):
            names = ", ".join(f"{{{name}}}" for name in want) or "none"
            problems.append(Problem(path, _key_line(node, key), f"`{key}` has the placeholders "
                                    f"{', '.join(f'{{{n}}}' for n in have) or 'none'}; locales/en.yml has {names}",
                                    "keep each {name} exactly as in English (do not translate the word inside the "
                                    "braces), and put your words around it"))
    return problems


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _kind(value) -> str:
    if value is None or value == "":
        return "empty"
    kinds = {list: "a list", dict: "a block", bool: "true/false", int: "a number", float: "a number",
             datetime.date: "a date", datetime.datetime: "a date and time"}
    return kinds.get(type(value), type(value).__name__)


def _english_strings() -> dict:
    problem, parsed = _parse(content.LOCALES / f"{content.DEFAULT_LANGUAGE}.yml")
    data = parsed[1] if parsed else None
    return data if isinstance(data, dict) else {}


def _key_line(node, key: str) -> int | None:
    """Line of `key:` in a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, _ in node.value:
        if key_node.value == key:
            return key_node.start_mark.line + 1
    return None


def locale_shape(path: Path, data, node) -> list[Problem]:
    """A locale file is `key: value` lines, and its glossary a list of term blocks as in locales/en.yml."""
    from .glossary import BOUNDARIES

    if data is None:
        return []
    if not isinstance(data, dict):
        return [Problem(path, 1, "the file is not a list of `key: value` lines",
                        "start from a copy of locales/en.yml and translate the values")]
    problems = []
    match = data.get("glossary_match")
    if match is not None and match not in BOUNDARIES:
        problems.append(Problem(path, _key_line(node, "glossary_match"), f"`glossary_match` is {match!r}",
                                f"write one of: {', '.join(BOUNDARIES)}"))
    entries = data.get("glossary")
    if entries is None:
        return problems
    if not isinstance(entries, list):
        return problems + [Problem(path, _key_line(node, "glossary"), "`glossary` is not a list of terms",
                                   "under `glossary:`, start each term with '  - term: ' (in a translation "
                                   "'  - id: ' and then '    term: '), as in locales/en.yml")]
    entry_nodes = next((value.value for key, value in node.value if key.value == "glossary"), [])
    for entry, entry_node in zip(entries, entry_nodes):
        line = entry_node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(Problem(path, line, f"the glossary entry {entry!r} is not a term block",
                                    "write it as `- term: …` with `forms:` and `definition:` lines under it, "
                                    "like the other entries"))
            continue
        name = entry.get("id", entry.get("term"))
        for key in ("id", "term", "definition"):
            if key in entry and not isinstance(entry[key], (str, type(None))):
                problems.append(Problem(path, _key_line(entry_node, key) or line,
                                        f"`{key}` of glossary term `{name}` is not text",
                                        f"write `{key}: ` followed by the words on one line, in quotes if they "
                                        "contain ': '"))
        term = entry.get("term")
        # A term that is there but not text was reported just above.
        if term is None or (isinstance(term, str) and not term.strip()):
            problems.append(Problem(path, line, f"glossary entry `{name}` has no `term`",
                                    "add `term: ` with the word as readers see it in the glossary"))
        forms = entry.get("forms")
        if forms is not None and (not isinstance(forms, list) or any(isinstance(f, (list, dict)) for f in forms)):
            problems.append(Problem(path, _key_line(entry_node, "forms") or line,
                                    f"`forms` of glossary term `{name}` is not a list of words",
                                    "write the words in square brackets, e.g. `forms: [sacrum, sacral]`"))
    return problems


def yaml_problem(path: Path) -> Problem | None:
    """The first reason `path` is not readable YAML (encoding or syntax), or None."""
    return _parse(path)[0]


def _parse(path: Path) -> tuple[Problem | None, tuple | None]:
    """(problem, None) or (None, (node, data, loader)): one parse gives the lines and the values."""
    text, unreadable = content.read_text(path)
    if unreadable and not text:
        return unreadable, None
    # mkdocs.yml uses MkDocs' own tags (!ENV); content's loader accepts them.
    loader = content.TolerantLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        row = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        if "\t" in row[: len(row) - len(row.lstrip())]:
            fix = "indent this line with spaces, not a tab"
        else:
            fix = ("check the quotes and indentation on this line and the one above; put text that "
                   "contains ': ', '#' or a quote mark inside double quotes and write \\\" for a quote inside them")
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Problem(path, line, f"not valid YAML ({problem})", fix), None
    finally:
        loader.dispose()
    return None, (node, data, loader)


def main(argv: list[str]) -> int:
    """`python -m scripts.syntax FILE…` (the pre-commit YAML hook): exit 1 if any file is not valid YAML."""
    problems = [p for p in (yaml_problem(Path(name)) for name in argv) if p]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
