"""Sign-off records: a named clinician (or translator) checked a page's clinical content.

Each record in source/signoffs.yml holds the page, who signed (name, role, date) and a
fingerprint of what they read. Any later change to that content changes the fingerprint, so the
sign-off is stale and the page shows "pending clinical review" again. `make kiosk
SIGNED_OFF_ONLY=1` refuses to build while any page is unsigned or stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import content
from .content import Page, Problem

RECORDS = content.ROOT / "source" / "signoffs.yml"
KINDS = ("clinical", "translation")
HEADER = ("# Sign-offs of pages' clinical content (clinical) and of translations (translation).\n"
          "# Written by `python -m scripts signoff`; the fingerprint is what the reviewer read, so any later\n"
          "# change to the page makes the sign-off stale. Do not edit fingerprints by hand.\n")


@dataclass
class Record:
    page: str  # docs/<lang>/<name>.md
    kind: str
    name: str
    role: str
    date: str
    fingerprint: str
    line: int = 0


def fingerprint(page_path: Path) -> str:
    """What a reviewer signs: the page's title, description and text, plus the locale data it shows.

    Every page shows the glossary's definitions as tooltips and the first page shows the picture,
    so those strings are part of what is signed; review dates are not.
    """
    docs = page_path.parents[1]
    page = content.parse_page(page_path, docs)
    strings = content.locale_strings(page.lang)
    parts = {
        "title": page.meta.get("title"),
        "description": page.meta.get("description"),
        "body": content.normalise(page.body),
        "glossary": strings.get("glossary"),
        "diagram": strings.get("diagram") if page.name == "index.md" else None,
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load(path: Path = RECORDS) -> tuple[list[Record], list[Problem]]:
    if not path.exists():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        # content's loader keeps an impossible date as text (syntax.py names its line) instead of raising.
        data = content.load_yaml(text)[0] or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(path, mark.line + 1 if mark else None, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                            "undo the hand edit, or record sign-offs with `python -m scripts signoff`")]
    entries = data.get("signoffs") if isinstance(data, dict) else data
    if entries is None or entries == {}:
        return [], []
    if not isinstance(data, dict) or not isinstance(entries, list):
        # Dropping them silently would show every page as unsigned, or hide a bad hand edit.
        return [], [Problem(path, 1, "the sign-off records are not a `signoffs:` list",
                            "undo the hand edit (git checkout -- source/signoffs.yml), and record sign-offs with "
                            "`python -m scripts signoff`")]
    nodes = []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "signoffs" and isinstance(value, yaml.SequenceNode):
                nodes = value.value
    records, problems = [], []
    for entry, node in zip(entries if isinstance(entries, list) else [], nodes):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(Problem(path, line, "a sign-off is not a set of `field: value` lines",
                                    "record sign-offs with `python -m scripts signoff`"))
            continue
        missing = [f for f in ("page", "kind", "name", "role", "date", "fingerprint") if not entry.get(f)]
        if missing:
            problems.append(Problem(path, line, f"the sign-off has no {', '.join(missing)}",
                                    "record it again with `python -m scripts signoff PAGE --name … --role …`"))
            continue
        record = Record(str(entry["page"]), str(entry["kind"]), str(entry["name"]), str(entry["role"]),
                        str(entry["date"]), str(entry["fingerprint"]), line)
        if record.kind not in KINDS:
            problems.append(Problem(path, line, f"unknown sign-off kind `{record.kind}`", f"use one of {', '.join(KINDS)}"))
        if not (content.ROOT / record.page).is_file():
            problems.append(Problem(path, line, f"the sign-off is for {record.page}, which does not exist",
                                    "remove the record, or correct the page's path (docs/<lang>/<page>.md)"))
        if content.as_date(entry["date"]) is None:
            problems.append(Problem(path, line, f"the sign-off date {entry['date']!r} is not a date",
                                    "write the date as YYYY-MM-DD"))
        records.append(record)
    return records, problems


def current(records: list[Record], page_path: Path, kind: str) -> Record | None:
    """The page's sign-off of this kind if it matches today's content, else None."""
    key = content.rel(page_path)
    for record in reversed(records):
        if record.page == key and record.kind == kind:
            return record if record.fingerprint == fingerprint(page_path) else None
    return None


def state(records: list[Record], page_path: Path, kind: str) -> str:
    key = content.rel(page_path)
    mine = [r for r in records if r.page == key and r.kind == kind]
    if not mine:
        return "not signed off"
    return "signed off" if mine[-1].fingerprint == fingerprint(page_path) else "stale (changed since the sign-off)"


def check(pages: list[Page], langs: list[str] | None = None) -> list[Problem]:
    """Broken records, and pages whose front matter names a reviewer without a current sign-off."""
    records, problems = load()
    for page in pages:
        if page.error:
            continue
        named = str(page.meta.get("reviewed_by") or content.PENDING_REVIEW)
        kind_path = page.path if page.lang == content.DEFAULT_LANGUAGE else content.DOCS / content.DEFAULT_LANGUAGE / page.name
        if named != content.PENDING_REVIEW and kind_path.exists() and not current(records, kind_path, "clinical"):
            problems.append(Problem(page.path, page.line_of("reviewed_by"),
                                    f"`reviewed_by` names {named}, but docs/en/{page.name} has no current clinical sign-off",
                                    f"set `reviewed_by: {content.PENDING_REVIEW}`, or have the clinician run "
                                    f"`python -m scripts signoff docs/en/{page.name} --name … --role …`"))
    return problems


def unsigned(pages: list[Page]) -> list[str]:
    """Every page the kiosk may not show yet: `path: what is missing`."""
    records, _ = load()
    out = []
    for page in pages:
        english = content.DOCS / content.DEFAULT_LANGUAGE / page.name
        clinical = state(records, english, "clinical") if english.exists() else "no English page"
        reasons = [] if clinical == "signed off" else [f"clinical content {clinical}"]
        if page.lang != content.DEFAULT_LANGUAGE:
            translation = state(records, page.path, "translation")
            if translation != "signed off":
                reasons.append(f"translation {translation}")
        if reasons:
            out.append(f"{content.rel(page.path)}: {'; '.join(reasons)}")
    return out


def record(page_path: Path, kind: str, name: str, role: str, date: str, path: Path = RECORDS) -> Record:
    records, _ = load(path)
    entry = Record(content.rel(page_path), kind, name, role, date, fingerprint(page_path))
    kept = [r for r in records if not (r.page == entry.page and r.kind == kind)] + [entry]
    data = {"signoffs": [{"page": r.page, "kind": r.kind, "name": r.name, "role": r.role, "date": r.date,
                          "fingerprint": r.fingerprint} for r in sorted(kept, key=lambda r: (r.page, r.kind))]}
    path.write_text(HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return entry


def cmd_signoff(args) -> int:
    """Record that a clinician (or, with --translation, a translator) checked PAGE as it is now."""
    target = Path(args.page)
    candidates = [target, content.ROOT / target, content.DOCS / content.DEFAULT_LANGUAGE / target]
    page_path = next((p.resolve() for p in candidates if p.is_file() and p.suffix == ".md"), None)
    if page_path is None or content.DOCS.resolve() not in page_path.parents:
        print(f"{args.page}: no such page — give a page under docs/, e.g. docs/en/procedure.md", file=sys.stderr)
        return 1
    kind = "translation" if args.translation else "clinical"
    lang = page_path.relative_to(content.DOCS.resolve()).parts[0]
    if kind == "clinical" and lang != content.DEFAULT_LANGUAGE:
        print(f"{content.rel(page_path)}: clinical sign-off is of the English page; for a translation use "
              "--translation (a translator's sign-off)", file=sys.stderr)
        return 1
    if kind == "translation" and lang == content.DEFAULT_LANGUAGE:
        print(f"{content.rel(page_path)}: --translation is for a translated page (docs/<lang>/…)", file=sys.stderr)
        return 1
    date = args.date or dt.date.today().isoformat()
    if content.as_date(date) is None:
        print(f"--date {date!r} is not a date — write YYYY-MM-DD", file=sys.stderr)
        return 1
    if not args.name.strip() or not args.role.strip():
        print("--name and --role must not be empty", file=sys.stderr)
        return 1
    entry = record(page_path, kind, args.name.strip(), args.role.strip(), date)
    print(f"signed off {entry.page} ({kind}) by {entry.name}, {entry.role}, {entry.date}; "
          f"fingerprint {entry.fingerprint} in {content.rel(RECORDS)}")
    return 0


def cmd_signoffs(args) -> int:
    """List every page with its clinical and translation sign-off state; exit 1 if any page is unsigned or stale."""
    missing = unsigned([p for p in content.pages() if not p.error])
    for line in missing:
        print(line)
    if missing:
        print(f"\n{len(missing)} page(s) not signed off: a clinician (or translator) checks each one, then runs "
              "`python -m scripts signoff PAGE --name … --role …`", file=sys.stderr)
        return 1
    print("every page is signed off")
    return 0


def register(add) -> None:
    p = add("signoff", cmd_signoff)
    p.add_argument("page", help="e.g. docs/en/procedure.md (or procedure.md for English)")
    p.add_argument("--name", required=True, help="the reviewer's full name")
    p.add_argument("--role", required=True, help="e.g. consultant in pain medicine; medical translator")
    p.add_argument("--date", help="YYYY-MM-DD (default: today)")
    p.add_argument("--translation", action="store_true", help="a translator's sign-off of a translated page")
    add("signoffs", cmd_signoffs)
