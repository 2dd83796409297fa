"""The editors' command line: `python -m scripts COMMAND`. Run `python -m scripts --help`."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from . import bench, checks, content, kiosk, readability, safety, signoff, syntax, terms, trace, translations

PYTHON = sys.executable


def _report(problems: list, fix_command: str | None = None) -> int:
    """Print problems as `file:line: what — how`, and as GitHub annotations in Actions."""
    errors = [p for p in problems if p.level == "error"]
    for problem in problems:
        print(problem)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            line = f",line={problem.line}" if problem.line else ""
            kind = "error" if problem.level == "error" else "warning"
            message = f"{problem.what} — {problem.fix}".replace("%", "%25").replace("\n", "%0A")
            print(f"::{kind} file={content.rel(problem.path)}{line}::{message}")
    if errors:
        print(f"\n{len(errors)} problem(s) to fix." + (f" Then run `{fix_command}` again." if fix_command else ""),
              file=sys.stderr)
        return 1
    return 0


def cmd_check(args) -> int:
    """Run every content check (front matter, article text, navigation, translations, glossary, safety).

    Exits 1 on any problem; a page overdue for review is a warning unless --overdue-is-error.
    """
    # Every other check reads mkdocs.yml and locales/*.yml: report broken YAML alone, not a traceback.
    broken = syntax.check()
    if broken:
        return _report(broken, "make check")
    pages = content.pages()
    langs = content.languages()
    problems = []
    for check in CHECKS:
        problems += check(pages, langs, args)
    if args.report:
        # Asked for: the readability tables for editors (CI keeps them as an artifact).
        readability.write_report(readability.scores(pages), Path(args.report))
    status = _report(problems, "make check")
    if status == 0:
        print(f"check: {len(pages)} pages in {len(langs)} language(s) OK")
    return status


# Every content check `check` runs, in the order it reports them.
CHECKS = (
    lambda pages, langs, args: checks.front_matter(pages, overdue_is_error=args.overdue_is_error),
    lambda pages, langs, args: checks.duplicate_titles(pages),
    lambda pages, langs, args: checks.fidelity(pages),
    lambda pages, langs, args: checks.navigation(pages),
    lambda pages, langs, args: checks.glossary(langs),
    lambda pages, langs, args: translations.integrity(pages, langs),
    lambda pages, langs, args: translations.strings_freshness(langs),
    lambda pages, langs, args: safety.check(pages, langs),
    lambda pages, langs, args: readability.check(pages, langs),
    lambda pages, langs, args: trace.check(pages, langs),
    lambda pages, langs, args: terms.check(pages, langs),
    lambda pages, langs, args: signoff.check(pages, langs),
)


def cmd_translations(args) -> int:
    """Print the translation status of every page in every language (current, outdated, missing, reviewed).

    Exits 1 when any translation is outdated, missing or untranslated.
    """
    rows = translations.status(content.pages(), content.languages())
    langs = content.languages()[1:]
    names = sorted({r.name for r in rows})
    table = {(r.lang, r.name): r.state for r in rows}
    print("| page | " + " | ".join(langs) + " |")
    print("|---|" + "---|" * len(langs))
    for name in names:
        print(f"| {name} | " + " | ".join(table.get((lang, name), "-") for lang in langs) + " |")
    bad = [r for r in rows if r.state in ("outdated", "missing", "untranslated", "unreadable")]
    if bad:
        print(f"\n{len(bad)} translation(s) need work; after updating one, run "
              f"`python -m scripts sync LANG PAGE`.", file=sys.stderr)
        return 1
    return 0


def cmd_sync(args) -> int:
    """Mark docs/LANG/PAGE as translated from the current English page (after you updated it).

    Without PAGE: every page of LANG and its locales/LANG.yml (interface strings, glossary, picture labels).
    """
    names = [args.page] if args.page else [p.name for p in content.pages() if p.lang == args.lang]
    for name in names:
        path = translations.sync(args.lang, name)
        print(f"synced {content.rel(path)}")
    if not args.page:
        print(f"synced {content.rel(translations.sync_strings(args.lang))}")
    return 0


def cmd_new_page(args) -> int:
    """Create docs/en/NAME.md with complete front matter and add it to the navigation."""
    name = args.name if args.name.endswith(".md") else args.name + ".md"
    path = content.DOCS / content.DEFAULT_LANGUAGE / name
    if path.exists():
        print(f"{content.rel(path)} already exists — choose another name", file=sys.stderr)
        return 1
    today = _today()
    path.write_text(
        "---\n"
        f"title: {args.title}\n"
        f"description: {args.title}.\n"
        f"last_reviewed: {today}\n"
        f"next_review_due: {today.replace(year=today.year + 1)}\n"
        f"reviewed_by: {content.PENDING_REVIEW}\n"
        "clinical_review: pending\n"
        "sources:\n"
        "  - The Effective Relief Sacroiliac Joint Rhizotomy (source article)\n"
        "---\n\n"
        f"# {args.title}\n\nWrite the page here.\n",
        encoding="utf-8",
    )
    config = content.CONFIG.read_text(encoding="utf-8")
    config = re.sub(r"(\nnav:\n(?:  - .*\n)*)", lambda m: m.group(1) + f"  - {name}\n", config, count=1)
    content.CONFIG.write_text(config, encoding="utf-8")
    print(f"created {content.rel(path)} and added it to nav in mkdocs.yml; "
          f"run `python -m scripts new-language LANG` for each language to add untranslated copies")
    return 0


def cmd_new_language(args) -> int:
    """Add language CODE: config entry, locales/CODE.yml and docs/CODE/ copies of English marked untranslated.

    Run it again for an existing language to add the English pages it is missing.
    """
    code = args.code
    langs = content.languages()
    english_pages = [p for p in content.pages() if p.lang == content.DEFAULT_LANGUAGE]
    if code not in langs:
        config = content.CONFIG.read_text(encoding="utf-8")
        entry = (f"        - locale: {code}\n"
                 f"          name: {args.name or code}\n"
                 f"          build: true\n")
        config, count = re.subn(r"(\n(\s+)languages:\n(?:\2  .*\n)+)", lambda m: m.group(1) + entry, config, count=1)
        if not count:
            print("mkdocs.yml: could not find the i18n `languages:` list — add the entry by hand", file=sys.stderr)
            return 1
        content.CONFIG.write_text(config, encoding="utf-8")
        print(f"added {code} to the i18n languages in mkdocs.yml")
    strings = content.LOCALES / f"{code}.yml"
    if not strings.exists():
        strings.write_text((content.LOCALES / "en.yml").read_text(encoding="utf-8"), encoding="utf-8")
        print(f"created {content.rel(strings)} (English strings: translate them)")
    for page in english_pages:
        target = content.DOCS / code / page.name
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.path.read_text(encoding="utf-8")
        marker = f"---\ntranslated_from: {content.english_hash(page.path)}\ntranslation_status: untranslated\n"
        target.write_text(text.replace("---\n", marker, 1), encoding="utf-8")
        print(f"created {content.rel(target)} (untranslated)")
    return 0


def cmd_serve(args) -> int:
    """Build and serve the site at http://127.0.0.1:8000 with live reload."""
    return subprocess.call([PYTHON, "-m", "mkdocs", "serve", "--dev-addr", args.addr], cwd=content.ROOT)


def cmd_build(args) -> int:
    """Build the public site into site/ with --strict (never with -q: it hides strict warnings)."""
    from . import build_log

    # Refused before MkDocs runs: a symbolic link would publish whatever file it points to.
    linked = content.symlink_problems()
    if linked:
        return _report(linked, "make build")
    command = [PYTHON, "-m", "mkdocs", "build", "--strict", "--clean", "-f", args.config, "-d", args.site_dir]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    # Dates stamped into the output (sitemap, its .gz header) come from the commit, not the clock.
    env["SOURCE_DATE_EPOCH"] = content.build_epoch()
    process = subprocess.Popen(command, cwd=content.ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        lines.append(line)
    status = process.wait()
    if status:
        config = content.ROOT / args.config
        problems = build_log.problems(lines, build_log.docs_dir(config), config)
        _report(problems)
        if problems:
            print(f"\nThe build failed: read the WARNING lines above, fix them, then run `make build` again.",
                  file=sys.stderr)
        else:
            # A crash (a traceback above) usually comes from content that `check` names by file and line.
            print("\nThe build stopped with an error (above). Run `make check`: it names the file and line "
                  "of most content mistakes. Then run `make build` again.", file=sys.stderr)
    return status


def _today():
    import datetime as dt

    return dt.date.today()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, **kw):
        p = sub.add_parser(name, help=(func.__doc__ or "").splitlines()[0], description=func.__doc__, **kw)
        p.set_defaults(func=func)
        return p

    p = add("check", cmd_check)
    p.add_argument("--overdue-is-error", action="store_true", help="fail (not warn) on pages past next_review_due")
    p.add_argument("--report", metavar="DIR", help="also write the readability tables (readability.md, .json) into DIR")
    add("translations", cmd_translations)
    p = add("sync", cmd_sync)
    p.add_argument("lang")
    p.add_argument("page", nargs="?", help="e.g. procedure.md; all pages of LANG when left out")
    p = add("new-page", cmd_new_page)
    p.add_argument("name")
    p.add_argument("--title", required=True)
    p = add("new-language", cmd_new_language)
    p.add_argument("code")
    p.add_argument("--name", help="the language's own name, e.g. Deutsch")
    p = add("serve", cmd_serve)
    p.add_argument("--addr", default="127.0.0.1:8000")
    p = add("build", cmd_build)
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--site-dir", default="site")
    for module in (bench, readability, kiosk, trace, signoff):
        module.register(add)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
