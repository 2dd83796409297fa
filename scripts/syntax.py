"""The YAML files editors touch (mkdocs.yml, locales/*.yml) must parse before anything reads them.

`python -m scripts check` runs this first: every other check reads these files, and a YAML
error would otherwise end in a Python traceback instead of `file:line: what — how`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import content
from .content import Problem


def check() -> list[Problem]:
    problems = []
    for path in [content.CONFIG, *sorted(content.LOCALES.glob("*.yml"))]:
        problem = yaml_problem(path)
        if problem:
            problems.append(problem)
    return problems


def yaml_problem(path: Path) -> Problem | None:
    text = path.read_text(encoding="utf-8")
    try:
        # mkdocs.yml uses MkDocs' own tags (!ENV); content's loader accepts them.
        yaml.load(text, Loader=content._Loader)
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
        return Problem(path, line, f"not valid YAML ({problem})", fix)
    return None


def main(argv: list[str]) -> int:
    """`python -m scripts.syntax FILE…` (the pre-commit YAML hook): exit 1 if any file is not valid YAML."""
    problems = [p for p in (yaml_problem(Path(name)) for name in argv) if p]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
