"""The files editors touch must be readable before anything reads them.

`python -m scripts check` runs this first: no symbolic links in docs/, locales/ or source/; every
page, locale file and the article is UTF-8 text; mkdocs.yml and locales/*.yml parse, with no
repeated key or impossible date; and the glossary entries have the shape the site reads. Every
other check reads these files, and any of these mistakes would otherwise end in a Python
traceback (or be resolved silently) instead of `file:line: what — how`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import content
from .content import Problem


def check() -> list[Problem]:
    problems = content.symlink_problems()
    unreadable = set()
    for path in content.text_files():
        _, problem = content.read_text(path)
        if problem:
            problems.append(problem)
            unreadable.add(path)
    for path in [content.CONFIG, *sorted(content.LOCALES.glob("*.yml"))]:
        if path not in unreadable and not path.is_symlink():
            problems += yaml_problems(path)
    return problems


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
        problems += locale_shape(path, data, node)
    return problems


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
        if not isinstance(entry.get("term"), str) or not entry["term"].strip():
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
    loader = content._Loader(text)
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
