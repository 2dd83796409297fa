"""The content model: what an article sentence, a page, a language and a translation are.

Both the editor CLI (`python -m scripts`) and the MkDocs hooks import this module, so each
rule is written once.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "si-joint-rhizotomy-article.txt"
DOCS = ROOT / "docs"
LOCALES = ROOT / "locales"
CONFIG = ROOT / "mkdocs.yml"
# Folders whose files editors change and the build reads: nothing in them may be a symbolic link.
CONTENT_FOLDERS = ("docs", "locales", "source")
# Folders whose files end up on the site: a symbolic link in any of them is refused.
PUBLISHED_FOLDERS = (*CONTENT_FOLDERS, "overrides")
DEFAULT_LANGUAGE = "en"

# English page that carries each article paragraph, in article order.
SECTION_PAGES = (
    "index.md",
    "procedure.md",
    "why-and-who.md",
    "benefits-and-risks.md",
    "is-it-right-for-me.md",
    "summary.md",
)

REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review_due", "reviewed_by", "sources")
PENDING_REVIEW = "pending clinical review"
TRANSLATION_STATES = ("machine-assisted", "untranslated")
# A translation checked by a medical translator says so, with their name: `reviewed by Ana Ruiz`.
REVIEWED_BY = "reviewed by "


# --------------------------------------------------------------------------- article

def article_paragraphs(path: Path = ARTICLE) -> list[str]:
    """Return the article's paragraphs without the title and the scraped title prefix."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, paragraphs = lines[0], lines[1:]
    # The scraper repeated the title in front of the first sentence; it is not article text.
    if paragraphs and paragraphs[0].startswith(title + " "):
        paragraphs[0] = paragraphs[0][len(title) + 1:]
    return paragraphs


def article_title(path: Path = ARTICLE) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0].strip()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def split_sentences(paragraph: str) -> list[str]:
    """Split an English paragraph at sentence ends followed by a capital letter."""
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def article_sentences() -> list[list[str]]:
    """Sentences of each paragraph, paragraph by paragraph."""
    return [split_sentences(p) for p in article_paragraphs()]


def normalise(text: str) -> str:
    """Collapse white space so line wrapping in Markdown or HTML does not matter."""
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- pages

@dataclass
class Problem:
    """One thing an editor has to fix, printed as `file:line: what — how`."""

    path: Path
    line: int | None
    what: str
    fix: str
    level: str = "error"

    def __str__(self) -> str:
        where = rel(self.path) + (f":{self.line}" if self.line else "")
        prefix = "warning: " if self.level == "warning" else ""
        return f"{where}: {prefix}{self.what} — {self.fix}"


def rel(path: Path) -> str:
    path = Path(path)
    try:
        # The last part is not resolved, so a symbolic link is named, not the file it points to.
        return str((path.parent.resolve() / path.name).relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass
class Page:
    path: Path
    lang: str
    name: str  # path relative to the language folder, e.g. "procedure.md"
    meta: dict = field(default_factory=dict)
    meta_lines: dict = field(default_factory=dict)  # field name -> line number in the file
    body: str = ""
    body_start: int = 1  # line number of the first body line
    error: Problem | None = None

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def body_line(self, needle: str) -> int | None:
        """Line number of the first body line containing `needle`."""
        for offset, line in enumerate(self.body.splitlines()):
            if needle in line:
                return self.body_start + offset
        return None


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def parse_page(path: Path, docs: Path = DOCS) -> Page:
    relative = path.relative_to(docs)
    lang, name = relative.parts[0], "/".join(relative.parts[1:])
    text, unreadable = read_text(path)
    page = Page(path=path, lang=lang, name=name, body=text)
    if unreadable:
        page.error = unreadable
        return page
    match = _FRONT.match(text)
    if not match:
        page.error = Problem(path, 1, "the page has no front matter block",
                             "start the file with a '---' line, the fields (title, description, "
                             "last_reviewed, next_review_due, reviewed_by, sources) and another '---' line")
        return page
    raw = match.group(1)
    try:
        meta, loader = load_yaml(raw)
        meta = meta or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        page.error = Problem(path, line, f"the front matter is not valid YAML ({getattr(exc, 'problem', exc)})",
                             "check the colons, quotes and indentation on this line; write `key: value`, "
                             "and put text containing ': ' in quotes")
        return page
    if not isinstance(meta, dict):
        page.error = Problem(path, 2, "the front matter is not a list of `key: value` fields",
                             "write one `key: value` per line between the two '---' lines")
        return page
    if loader.duplicates:
        key, first, again = loader.duplicates[0]
        # The front matter starts on the file's second line.
        page.error = Problem(path, again + 1, f"the field `{key}` is written twice (lines {first + 1} and {again + 1})",
                             f"keep one `{key}:` line and delete the other: only the last one counts")
        return page
    page.meta = meta
    for offset, line in enumerate(raw.splitlines()):
        key = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if key:
            page.meta_lines.setdefault(key.group(1), offset + 2)
    page.body = text[match.end():]
    page.body_start = text[:match.end()].count("\n") + 1
    return page


def i18n_options(data: dict) -> dict | None:
    """The i18n plugin's options in a loaded config (the live dict, so a scratch copy may change it)."""
    return next((plugin["i18n"] for plugin in data.get("plugins") or []
                 if isinstance(plugin, dict) and "i18n" in plugin), None)


def language_entries(config: Path = CONFIG) -> list[dict]:
    """The i18n plugin's language entries (locale, name, site_name, copyright…), default first."""
    options = i18n_options(load_config(config))
    if options is None:
        return [{"locale": DEFAULT_LANGUAGE, "default": True}]
    return sorted(options["languages"], key=lambda item: not item.get("default", False))


def languages(config: Path = CONFIG) -> list[str]:
    """Locales configured for mkdocs-static-i18n, default first."""
    return [item["locale"] for item in language_entries(config)]


def _timestamp_or_text(loader, node):
    # YAML reads 2026-13-45 as a date and raises; as text, the checks can name the line instead.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        loader.bad_dates.append((loader.construct_scalar(node), node.start_mark.line + 1))
        return loader.construct_scalar(node)


# libyaml's parser when present: check reads hundreds of front matters, ten times faster than pure Python.
class EditorLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that records what it would otherwise resolve silently: repeated keys and impossible dates.

    `duplicates` holds (key, first line, repeated line) and `bad_dates` (text, line), lines counted
    from 1 within the YAML text.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []
        self.bad_dates: list[tuple[str, int]] = []

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                line = key.start_mark.line + 1
                if key.value in seen:
                    self.duplicates.append((key.value, seen[key.value], line))
                else:
                    seen[key.value] = line
        return super().construct_mapping(node, deep)


EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def load_yaml(text: str, loader_class: type = EditorLoader) -> tuple[object, EditorLoader]:
    """The data in `text` and the loader, whose `duplicates` and `bad_dates` say what went wrong quietly."""
    loader = loader_class(text)
    try:
        return loader.get_single_data(), loader
    finally:
        loader.dispose()


class TolerantLoader(EditorLoader):
    """Reads mkdocs.yml for its syntax and lines (syntax.py) while ignoring MkDocs' custom tags such as !ENV."""


TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_config(config: Path = CONFIG) -> dict:
    """mkdocs.yml (or a config that INHERITs it) as MkDocs reads it: !ENV resolved, INHERIT merged."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    # MkDocs' own loader on top of the libyaml one keeps this as fast as a plain parse.
    with config.open("rb") as stream:
        return yaml_load(stream, get_yaml_loader(EditorLoader))


def config_overlay(project: Path, name: str, settings: dict, base: str = "mkdocs.yml", **options) -> str:
    """Write mkdocs.<name>.yml in a scratch copy: INHERITs `base`, with `settings` and i18n options replaced.

    For tests and the bench, which build variants of a copy; the copy's own files stay as editors wrote them.
    INHERIT replaces lists wholesale, so a changed plugin list is written out whole, from `base` as loaded.
    """
    if options:
        data = {"plugins": settings.get("plugins") or load_config(Path(project) / base).get("plugins", [])}
        i18n_options(data).update(options)
        settings = dict(settings, plugins=data["plugins"])
    path = Path(project) / f"mkdocs.{name}.yml"
    path.write_text(yaml.safe_dump({"INHERIT": base, **settings}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.name


def pages(docs: Path = DOCS) -> list[Page]:
    # A symbolic link is refused (see symlinks()), never read as a page.
    return [parse_page(p, docs) for p in sorted(docs.glob("*/**/*.md"))
            if p.is_file() and not _is_snippet(p, docs) and not _linked(p, docs)]


def _linked(path: Path, top: Path) -> bool:
    return any(part.is_symlink() for part in [path, *path.parents] if part != top and top in part.parents)


def symlinks(root: Path = ROOT) -> list[Path]:
    """Symbolic links in docs/, locales/, source/ and overrides/: the build would publish whatever they point to."""
    found = []
    for name in PUBLISHED_FOLDERS:
        top = root / name
        if top.is_symlink():
            found.append(top)
            continue
        # os.walk does not enter linked folders, so a link to / is reported once, not walked.
        for folder, dirs, files in os.walk(top):
            found += [Path(folder) / entry for entry in dirs + files if (Path(folder) / entry).is_symlink()]
    return sorted(found)


def symlink_problems(root: Path = ROOT) -> list[Problem]:
    """One problem per symbolic link in the content folders (check and build both refuse them)."""
    return [Problem(path, 1, f"this is a symbolic link (to {os.readlink(path)}); the site would publish "
                             "whatever file it points to",
                    "delete the link and put a real copy of the file here (git mv, or copy it and git add it)")
            for path in symlinks(root)]


def text_files(root: Path = ROOT) -> list[Path]:
    """The text files editors change: pages and snippets, locale files, the article (links left out)."""
    found = [*(root / "docs").rglob("*.md"), *(root / "locales").glob("*.yml"),
             *(p for p in (root / "source").rglob("*") if p.suffix in (".txt", ".md", ".yml", ".yaml"))]
    return sorted(p for p in found if p.is_file() and not any(_linked(p, root / top) for top in CONTENT_FOLDERS))


def read_text(path: Path) -> tuple[str, Problem | None]:
    """The file's text as `Path.read_text` gives it, or "" and the problem that keeps it from being read."""
    data = path.read_bytes()
    if b"\0" in data:
        return "", Problem(path, 1, "this file is not text (it contains NUL bytes): a picture or a document "
                                    "saved under a text file's name?",
                           "put pictures next to the page as .png or .jpg and link them; paste text into a "
                           "plain text file saved as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", Problem(path, line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} on this line "
                                       "is from another encoding, such as Latin-1 or Windows-1252)",
                           "save the file with the encoding UTF-8 (in most editors: Save with Encoding → UTF-8), "
                           "then check the accented letters on this line")
    if text.startswith("\ufeff"):
        return text[1:], Problem(path, 1, "the file starts with a byte-order mark (an invisible character some "
                                          "editors add), so its first line is not read as written",
                                 "save the file as UTF-8 without BOM (in VS Code: click 'UTF-8 with BOM' in the "
                                 "status bar, then 'Save with Encoding' → 'UTF-8')")
    # The same newlines as read_text: a file saved on Windows parses like any other.
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _is_snippet(path: Path, docs: Path) -> bool:
    # Snippet folders hold text included into pages, not pages themselves.
    return any(part.startswith(("_", ".")) for part in path.relative_to(docs).parts[1:])


def english_hash(page_path: Path) -> str:
    """Short fingerprint of what a translation translates: title, description and body text.

    Review dates and line wrapping are left out, so re-reviewing or re-wrapping an English page
    does not mark every translation outdated.
    """
    page = parse_page(page_path, page_path.parents[1])
    text = "\n".join([str(page.meta.get("title", "")), str(page.meta.get("description", "")), normalise(page.body)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# libyaml's parser when PyYAML has it: the pure-Python one is most of a large build's time.
class _YAML_LOADER(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """syntax.py reports impossible dates in locale files; here they only must not raise."""

    def __init__(self, stream):
        super().__init__(stream)
        self.bad_dates: list[tuple[str, int]] = []


_YAML_LOADER.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@functools.lru_cache(maxsize=64)
def _parsed_yaml(path: str, mtime_ns: int, size: int) -> object:
    # Keyed on the file's stamp, so `make serve` sees an edited locale file.
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def _locale_file(path: Path) -> dict:
    stat = path.stat()
    return copy.deepcopy(_parsed_yaml(str(path), stat.st_mtime_ns, stat.st_size) or {})


class MissingString(PluginError):
    """The site shows a string that neither the language's locale file nor locales/en.yml has."""


class Strings(dict):
    """One language's interface strings; asking for one no locale file has is an error naming it.

    Not a KeyError: Jinja would turn that into an empty string on the page, silently.
    """

    def __init__(self, lang: str, data: dict):
        super().__init__(data)
        self.lang = lang

    def __missing__(self, key):
        raise MissingString(f"locales/{DEFAULT_LANGUAGE}.yml has no `{key}:`, which the site shows in every language "
                            f"— add `{key}: …` to locales/{DEFAULT_LANGUAGE}.yml, then run `python -m scripts sync "
                            f"LANG` for each language and translate it")


def locale_strings(lang: str) -> Strings:
    """Interface strings (review line, disclaimer, notices) for one language, English as fallback.

    Parsed once per file version (every page asks), and a fresh copy each call, so callers may change it.
    """
    base = _locale_file(LOCALES / f"{DEFAULT_LANGUAGE}.yml")
    path = LOCALES / f"{lang}.yml"
    if lang != DEFAULT_LANGUAGE and path.exists():
        base.update(_locale_file(path))
    return Strings(lang, base)


# Outside a git checkout, one fixed date, so one commit always builds the same bytes.
FALLBACK_EPOCH = "1764028800"


def commit_time() -> str:
    """Seconds since 1970 of the last commit, or FALLBACK_EPOCH outside a git checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return FALLBACK_EPOCH
    return out.stdout.strip() or FALLBACK_EPOCH


def build_epoch() -> str:
    """The date stamped into builds and the kiosk zip: SOURCE_DATE_EPOCH when set, else the last commit's."""
    return os.environ.get("SOURCE_DATE_EPOCH") or commit_time()
