"""The editor-mistake suite: one real editor mistake per test, planted in a copy of the project.

Each test runs the command CI runs (`python -m scripts check`, what `make check` runs, or
`python -m scripts build`) on the copy and asserts that it fails with a message naming the file,
the line where there is one, and how to fix it. Only lines that `check` does not print for the
unmodified content count, so translations still in progress elsewhere do not matter.

Already covered in tests/test_content.py and not repeated here: changed, deleted and moved
article sentences; missing and malformed front matter fields (bad date, next_review_due before
last_reviewed, invalid front matter YAML); a duplicate title; a page left out of the navigation;
an overdue review (warning, and error with --overdue-is-error).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ENV, ROOT, build, check, edit, english_only, run

ARTICLE_HEADING = "## From the article"


@pytest.fixture(scope="module")
def before() -> set[str]:
    """`check` output for the unmodified content, once per module (the copies start identical)."""
    return set(check(ROOT).stdout.splitlines())


def planted(before: set[str], project: Path, plant) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Apply `plant()` to the copy, run `check`; return the result and the lines not in `before`."""
    plant()
    after = check(project)
    return after, [line for line in after.stdout.splitlines() if line not in before]


def line_of(path: Path, needle: str) -> int:
    rows = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, row in enumerate(rows, start=1) if needle in row)


def assert_reported(result, new: list[str], expected: str) -> None:
    """`expected` (file:line: what) starts one of the new lines, and the command failed."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(line.startswith(expected) for line in new), f"expected {expected!r} in:\n" + "\n".join(new)
    for line in new:
        if line.startswith(expected):
            assert " — " in line, f"no 'how to fix it' after ' — ': {line}"


# --------------------------------------------------------------------------- broken links (build)

LINK_MISTAKES = {
    "broken internal link": ("See [the risks](benefits-and-risk.md).",
                             "the link (benefits-and-risk.md) goes to a page that does not exist"),
    "broken anchor": ("See [the risks](benefits-and-risks.md#risk-of-infection).",
                      "the link (benefits-and-risks.md#risk-of-infection) goes to a section #risk-of-infection "
                      "that docs/en/benefits-and-risks.md does not have"),
    "broken anchor on the same page": ("Back to [the key points](#key-pointz).",
                                       "the link (#key-pointz) goes to a section of this page that does not exist"),
    "absolute link": ("See [the risks](/benefits-and-risks/).",
                      "the link (/benefits-and-risks/) starts with '/'"),
}


@pytest.mark.parametrize("mistake", LINK_MISTAKES)
def test_link_mistake_fails_the_build_naming_file_and_line(project, tmp_path, mistake):
    text, message = LINK_MISTAKES[mistake]
    page = project / "docs/en/procedure.md"
    edit(page, ARTICLE_HEADING, f"{text}\n\n{ARTICLE_HEADING}")
    result = build(project, tmp_path / "out", english_only(project))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    # MkDocs' own warning is printed: `--strict -q` would hide it and exit 0.
    assert re.search(r"WARNING\s+-\s+Doc file 'en/procedure\.md' contains", output), output
    assert f"docs/en/procedure.md:{line_of(page, text)}: {message}" in output, output


def test_build_failure_becomes_a_github_annotation(project, tmp_path):
    page = project / "docs/en/procedure.md"
    edit(page, ARTICLE_HEADING, f"See [the risks](benefits-and-risk.md).\n\n{ARTICLE_HEADING}")
    config = english_only(project)
    result = subprocess.run([sys.executable, "-m", "scripts", "build", "--config", config, "--site-dir",
                             str(tmp_path / "out")], cwd=project, env=dict(ENV, GITHUB_ACTIONS="true"),
                            capture_output=True, text=True)
    assert result.returncode != 0
    line = line_of(page, "benefits-and-risk.md")
    assert f"::error file=docs/en/procedure.md,line={line}::the link (benefits-and-risk.md)" in result.stdout


def test_no_strict_build_is_also_quiet():
    """`mkdocs build --strict -q` exits 0 on broken links in MkDocs 1.6: -q drops the warnings strict counts."""
    places = [ROOT / "Makefile", ROOT / ".ci" / "run", *ROOT.glob(".github/workflows/*.y*ml"), *ROOT.glob("scripts/*.py")]
    quiet = re.compile(r"(\s|[\"'])(-q|--quiet)\b")
    offenders = [f"{p.relative_to(ROOT)}: {row.strip()}" for p in places if p.exists()
                 for row in p.read_text(encoding="utf-8").splitlines()
                 if re.search(r"\b(mkdocs|properdocs)\b", row) and "--strict" in row and quiet.search(row)]
    assert not offenders, offenders
    # `make build` and CI go through `python -m scripts build`, whose command is strict and not quiet.
    assert re.search(r"^build:.*\n\t\$\(PY\) -m scripts build", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    source = (ROOT / "scripts" / "__main__.py").read_text(encoding="utf-8")
    command = re.search(r'command = \[PYTHON, "-m", "mkdocs", "build"[^\]]*\]', source).group(0)
    assert '"--strict"' in command and '"-q"' not in command and '"--quiet"' not in command


# --------------------------------------------------------------------------- translations

def test_translation_missing_a_page(before, project):
    result, new = planted(before, project, lambda: (project / "docs/es/procedure.md").unlink())
    assert_reported(result, new, "docs/es/procedure.md: the es translation of docs/en/procedure.md is missing")
    assert any("python -m scripts new-language es" in line for line in new)


def test_stale_translation(project):
    # Start from a translation that is in sync, whatever state the real one is in.
    assert run([sys.executable, "-m", "scripts", "sync", "es", "procedure.md"], cwd=project).returncode == 0
    english = project / "docs/en/procedure.md"
    before = set(check(project).stdout.splitlines())
    result, new = planted(before, project, lambda: english.write_text(
        english.read_text(encoding="utf-8") + "\nAsk your provider if anything is unclear.\n", encoding="utf-8"))
    path = project / "docs/es/procedure.md"
    assert_reported(result, new, f"docs/es/procedure.md:{line_of(path, 'translated_from:')}: "
                                 "docs/en/procedure.md changed after this translation was synced")
    assert any("python -m scripts sync es procedure.md" in line for line in new)


def test_translation_with_a_missing_heading(before, project):
    path = project / "docs/fr/procedure.md"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    heading = next(i for i, row in enumerate(rows) if row.startswith("## "))

    def drop_heading():
        path.write_text("".join(rows[:heading] + rows[heading + 1:]), encoding="utf-8")

    result, new = planted(before, project, drop_heading)
    assert result.returncode == 1
    found = [re.match(r"docs/fr/procedure\.md:(\d+): the structure differs from docs/en/procedure\.md: (.*)", line)
             for line in new]
    found = [m for m in found if m]
    assert found, new
    assert "level-2 heading" in found[0].group(2)
    # The line points at where the heading is missing, not at the top of the file.
    assert int(found[0].group(1)) >= heading + 1


def test_translation_without_an_english_page(before, project):
    path = project / "docs/es/extra.md"
    result, new = planted(before, project, lambda: path.write_text(
        (project / "docs/es/about.md").read_text(encoding="utf-8").replace("title:", "title: Extra", 1), encoding="utf-8"))
    assert_reported(result, new, "docs/es/extra.md: there is no English page docs/en/extra.md for this translation")


# --------------------------------------------------------------------------- glossary and YAML

def test_glossary_term_without_a_definition(before, project):
    path = project / "locales/en.yml"
    text = path.read_text(encoding="utf-8")
    definition = re.search(r"(\n  - term: fluoroscopy\n(?:    .*\n)*?)(    definition: .*\n)", text)
    result, new = planted(before, project, lambda: path.write_text(text.replace(definition.group(0), definition.group(1)),
                                                          encoding="utf-8"))
    assert_reported(result, new, f"locales/en.yml:{line_of(path, 'term: fluoroscopy')}: "
                                 "glossary term `fluoroscopy` has no definition")


def test_glossary_term_missing_from_a_translation(before, project):
    path = project / "locales/es.yml"
    text = path.read_text(encoding="utf-8")
    entry = re.search(r"\n  - id: fluoroscopy\n(?:    .*\n)*", text).group(0)
    result, new = planted(before, project, lambda: path.write_text(text.replace(entry, "\n"), encoding="utf-8"))
    assert_reported(result, new, "locales/es.yml: glossary term `fluoroscopy` from locales/en.yml is not defined in es")


@pytest.mark.parametrize("name", ["locales/en.yml", "locales/es.yml"])
def test_invalid_yaml_in_locales(before, project, name):
    path = project / name
    # An unescaped quote mark inside a quoted string: the most common way to break YAML.
    result, new = planted(before, project, lambda: edit(path, 'disclaimer: "', 'disclaimer: "Note: "', 1))
    assert_reported(result, new, f"{name}:{line_of(path, 'disclaimer:')}: not valid YAML")
    assert "Traceback" not in result.stdout + result.stderr


def test_tab_in_mkdocs_yml_navigation(before, project):
    path = project / "mkdocs.yml"
    result, new = planted(before, project, lambda: edit(path, "\nnav:\n", "\nnav:\n\t- extra.md\n"))
    assert_reported(result, new, f"mkdocs.yml:{line_of(path, '- extra.md')}: not valid YAML")
    assert any("indent this line with spaces, not a tab" in line for line in new)


def test_navigation_lists_a_page_that_does_not_exist(before, project):
    path = project / "mkdocs.yml"
    result, new = planted(before, project, lambda: edit(path, "\nnav:\n", "\nnav:\n  - missing.md\n"))
    assert_reported(result, new, f"mkdocs.yml:{line_of(path, '- missing.md')}: "
                                 "the navigation lists missing.md, but docs/en/missing.md does not exist")


# --------------------------------------------------------------------------- input that used to crash or pass

def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M), encoding="utf-8")


def test_impossible_review_date(before, project):
    path = project / "docs/en/procedure.md"
    result, new = planted(before, project, lambda: set_field(path, "last_reviewed", "2026-13-45"))
    assert_reported(result, new, f"docs/en/procedure.md:{line_of(path, 'last_reviewed:')}: "
                                 "`last_reviewed` is not a date: '2026-13-45'")
    assert_no_traceback(result)


LATIN1_FILES = ("docs/en/procedure.md", "locales/es.yml", "source/si-joint-rhizotomy-article.txt")


@pytest.mark.parametrize("name", LATIN1_FILES)
def test_file_saved_as_latin1(before, project, name):
    path = project / name
    data = path.read_bytes() + b"\n# Caf\xe9\n"

    result, new = planted(before, project, lambda: path.write_bytes(data))
    line = data.count(b"\n", 0, data.index(b"\xe9")) + 1
    assert_reported(result, new, f"{name}:{line}: the file is not UTF-8 text (byte 0xE9")
    assert_no_traceback(result)


def test_binary_file_saved_as_a_page(before, project):
    path = project / "docs/en/diagram.md"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    result, new = planted(before, project, lambda: path.write_bytes(png))
    assert_reported(result, new, "docs/en/diagram.md:1: this file is not text")
    assert_no_traceback(result)


def test_byte_order_mark_before_the_front_matter(before, project):
    path = project / "docs/en/procedure.md"
    result, new = planted(before, project, lambda: path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes()))
    assert_reported(result, new, "docs/en/procedure.md:1: the file starts with a byte-order mark")
    assert not any("no front matter" in line for line in new), new


def test_front_matter_field_written_twice(before, project):
    path = project / "docs/en/procedure.md"
    result, new = planted(before, project, lambda: edit(path, "\nlast_reviewed:", "\ntitle: The procedure again\nlast_reviewed:"))
    first, again = line_of(path, "title:"), line_of(path, "title: The procedure again")
    assert_reported(result, new, f"docs/en/procedure.md:{again}: the field `title` is written twice "
                                 f"(lines {first} and {again})")


GLOSSARY_SHAPES = {
    # what the editor wrote, and where: (old text, new text, line to find, expected message)
    "entry is a word, not a block": ("glossary:\n", "glossary:\n  - fluoroscopy\n", "  - fluoroscopy",
                                     "the glossary entry 'fluoroscopy' is not a term block"),
    "glossary is text, not a list": ("glossary:\n", "glossary: see below\nglossary_terms:\n", "glossary: see below",
                                     "`glossary` is not a list of terms"),
    "forms is a word, not a list": ("    forms: [sacrum]\n", "    forms: sacrum\n", "forms: sacrum",
                                    "`forms` of glossary term `sacrum` is not a list of words"),
    "term is a number": ("  - term: sacrum\n", "  - term: 5\n", "  - term: 5", "`term` of glossary term `5` is not text"),
}


@pytest.mark.parametrize("mistake", GLOSSARY_SHAPES)
def test_glossary_entry_of_the_wrong_type(before, project, mistake):
    old, text, needle, message = GLOSSARY_SHAPES[mistake]
    path = project / "locales/en.yml"
    result, new = planted(before, project, lambda: edit(path, old, text))
    assert_reported(result, new, f"locales/en.yml:{line_of(path, needle)}: {message}")
    assert not [line for line in new if "has no `term`" in line], "one mistake, one message"
    assert_no_traceback(result)


def test_impossible_date_in_a_locale_file(before, project):
    path = project / "locales/es.yml"
    result, new = planted(before, project, lambda: path.write_text(
        path.read_text(encoding="utf-8") + "updated: 2026-13-45\n", encoding="utf-8"))
    assert_reported(result, new, f"locales/es.yml:{line_of(path, 'updated:')}: 2026-13-45 looks like a date")
    assert_no_traceback(result)


def test_locale_key_written_twice(before, project):
    path = project / "locales/es.yml"
    result, new = planted(before, project, lambda: path.write_text(
        path.read_text(encoding="utf-8") + 'disclaimer: "Otro aviso."\n', encoding="utf-8"))
    again = len(path.read_text(encoding="utf-8").splitlines())
    assert_reported(result, new, f"locales/es.yml:{again}: `disclaimer` is written twice (lines {line_of(path, 'disclaimer:')}")


def test_page_in_a_language_mkdocs_yml_does_not_configure(before, project):
    path = project / "docs/de/procedure.md"

    def plant():
        path.parent.mkdir()
        shutil.copy2(project / "docs/fr/procedure.md", path)

    result, new = planted(before, project, plant)
    assert_reported(result, new, "docs/de/procedure.md:1: the folder docs/de/ is not a language configured in mkdocs.yml")


def test_unknown_translation_status(before, project):
    path = project / "docs/es/procedure.md"
    result, new = planted(before, project, lambda: set_field(path, "translation_status", "reviewed"))
    assert_reported(result, new, f"docs/es/procedure.md:{line_of(path, 'translation_status:')}: "
                                 "`translation_status` is 'reviewed'")
    # A medical translator's review, written the documented way, is accepted.
    set_field(path, "translation_status", "reviewed by Ana Ruiz")
    assert not [line for line in check(project).stdout.splitlines()
                if line.startswith("docs/es/procedure.md") and "translation_status" in line]


SYMLINKS = ("docs/en/secret.md", "locales/xx.yml", "source/notes.txt", "overrides/assets/notes.txt")


@pytest.mark.parametrize("name", SYMLINKS)
def test_symlink_to_a_file_outside_the_repository(before, project, tmp_path, name):
    outside = tmp_path / "outside.txt"
    outside.write_text("title: a file of the build machine\n", encoding="utf-8")
    result, new = planted(before, project, lambda: (project / name).symlink_to(outside))
    assert_reported(result, new, f"{name}:1: this is a symbolic link")
    assert_no_traceback(result)


def test_build_refuses_a_symlink_before_building(project, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("A file of the build machine.\n", encoding="utf-8")
    # Not a page, so nothing else stops it: MkDocs would copy the file it points to into the site.
    (project / "docs/en/notes.txt").symlink_to(outside)
    result = build(project, tmp_path / "out", english_only(project))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/en/notes.txt:1: this is a symbolic link" in result.stdout, result.stdout + result.stderr
    assert not (tmp_path / "out").exists(), "the build ran: the linked file may be published"


def test_a_build_by_any_route_refuses_a_symlink(project, tmp_path):
    """`make serve` and a bare `python -m mkdocs build` skip make build's own check: the build entry refuses too."""
    outside = tmp_path / "outside.txt"
    outside.write_text("A file of the build machine.\n", encoding="utf-8")
    (project / "overrides/assets/notes.txt").symlink_to(outside)
    result = run([sys.executable, "-m", "mkdocs", "build", "-f", english_only(project), "-d", str(tmp_path / "out")],
                 cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "overrides/assets/notes.txt:1: this is a symbolic link" in result.stdout + result.stderr
    assert not (tmp_path / "out/assets/notes.txt").exists()


def test_impossible_date_in_the_sources_registry(before, project):
    path = project / "source/sources.yml"
    text = path.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if row.strip().startswith("accessed:"))
    result, new = planted(before, project, lambda: path.write_text(
        re.sub(r"(?m)^(\s*accessed: ).*$", r"\g<1>2026-13-45", text, count=1), encoding="utf-8"))
    assert_reported(result, new, f"source/sources.yml:{line}: 2026-13-45 looks like a date")
    assert_no_traceback(result)


def test_key_written_twice_in_the_signoff_records(before, project):
    path = project / "source/signoffs.yml"
    result, new = planted(before, project, lambda: path.write_text("signoffs: []\nsignoffs: []\n", encoding="utf-8"))
    assert_reported(result, new, "source/signoffs.yml:2: `signoffs` is written twice")


def test_folder_named_like_a_page(before, project):
    result, new = planted(before, project, lambda: (project / "docs/en/extra.md").mkdir())
    assert_reported(result, new, "docs/en/extra.md: this is a folder named like a page")
    assert_no_traceback(result)


@pytest.mark.parametrize("mistake", ["emptied", "deleted"])
def test_article_emptied_or_deleted(before, project, mistake):
    path = project / "source/si-joint-rhizotomy-article.txt"
    result, new = planted(before, project, lambda: path.write_text("", encoding="utf-8") if mistake == "emptied"
                          else path.unlink())
    expected = "the article has no title line and paragraphs" if mistake == "emptied" else "the article is missing"
    assert any(expected in line and line.startswith("source/si-joint-rhizotomy-article.txt") for line in new), new
    assert result.returncode == 1
    assert_no_traceback(result)


@pytest.mark.parametrize("entry", ["- locale: 5", "- language: es"])
def test_i18n_language_entry_without_a_text_locale(before, project, entry):
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    line = line_of(path, "- locale: es")
    result, new = planted(before, project, lambda: path.write_text(text.replace("- locale: es", entry, 1),
                                                                   encoding="utf-8"))
    assert_reported(result, new, f"mkdocs.yml:{line}: an i18n language entry has no text `locale:`")
    assert_no_traceback(result)


INTERFACE_STRING_MISTAKES = {
    "a number": ("qr_code", "qr_code: 5", "`qr_code` is a number, not text"),
    "empty": ("qr_code", "qr_code:", "`qr_code` is empty, not text"),
    "a list": ("print_qr_caption", "print_qr_caption: [a]", "`print_qr_caption` is a list, not text"),
}


@pytest.mark.parametrize("mistake", INTERFACE_STRING_MISTAKES, ids=list(INTERFACE_STRING_MISTAKES))
def test_interface_string_that_is_not_text(before, project, mistake):
    key, row, expected = INTERFACE_STRING_MISTAKES[mistake]
    path = project / "locales/es.yml"
    line = line_of(path, f"{key}:")
    result, new = planted(before, project, lambda: path.write_text(
        re.sub(rf"(?m)^{key}:.*$", row, path.read_text(encoding="utf-8"), count=1), encoding="utf-8"))
    assert_reported(result, new, f"locales/es.yml:{line}: {expected}")


def test_diagram_labels_that_are_not_a_block(before, project):
    path = project / "locales/fr.yml"
    line = line_of(path, "diagram:")
    result, new = planted(before, project, lambda: path.write_text(
        re.sub(r"(?m)^diagram:\n(?:  .*\n)+", "diagram: schéma\n", path.read_text(encoding="utf-8")),
        encoding="utf-8"))
    assert_reported(result, new, f"locales/fr.yml:{line}: `diagram` is not a block of texts")


def test_locale_file_saved_as_yaml(before, project):
    result, new = planted(before, project, lambda: shutil.copy2(project / "locales/es.yml", project / "locales/de.yaml"))
    assert_reported(result, new, "locales/de.yaml: locale files end in .yml")


def test_a_string_no_locale_file_has_stops_the_build_naming_it(project, tmp_path):
    for path in (project / "locales").glob("*.yml"):
        path.write_text(re.sub(r"(?m)^qr_code:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(project, tmp_path / "out", english_only(project))
    assert result.returncode == 1
    assert "locales/en.yml has no `qr_code:`" in result.stdout + result.stderr
    assert "KeyError" not in result.stdout + result.stderr


# --------------------------------------------------------------------------- content safety

SAFETY_MISTAKES = {
    "raw script": ("docs/en/procedure.md", "<script>alert('hi')</script>", "raw <script> tag: pages may not run code"),
    "iframe": ("docs/en/procedure.md", '<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>',
               "raw <iframe> tag: pages may not embed other websites"),
    "object": ("docs/en/procedure.md", '<object data="leaflet.pdf"></object>', "raw <object> tag"),
    "embed": ("docs/en/procedure.md", '<embed src="leaflet.pdf">', "raw <embed> tag"),
    "form": ("docs/en/procedure.md", '<form action="https://example.org/ask"><input name="q"></form>',
             "raw <form> tag: the guide collects no information from readers"),
    "inline handler in HTML": ("docs/en/procedure.md", '<div onmouseover="alert(1)">Hover me</div>',
                               "inline event handler `onmouseover=`"),
    "inline handler in Markdown": ("docs/en/procedure.md", 'Call the clinic.\n{ onclick="alert(1)" }',
                                   "inline event handler `onclick=`"),
    "javascript: link": ("docs/en/procedure.md", "[Book now](javascript:alert(1))", "javascript: URL in a link"),
    "data: link": ("docs/en/procedure.md", "[Leaflet](data:text/html;base64,PHNjcmlwdD4=)", "data: URL in a link"),
    "image without alt": ("docs/en/procedure.md", "![](si-joint.png)", "image without alt text: ![](si-joint.png)"),
    "HTML image without alt": ("docs/en/procedure.md", '<img src="si-joint.png">',
                               "image without alt text: <img> has no alt attribute"),
    "remote image": ("docs/en/procedure.md", "![Diagram of the SI joint](https://example.org/si-joint.png)",
                     "image from another website: https://example.org/si-joint.png"),
    "remote HTML image": ("docs/en/procedure.md", '<img src="//cdn.example.org/si.png" alt="The SI joint">',
                          "image from another website: //cdn.example.org/si.png"),
    "script in a translation": ("docs/es/procedure.md", "<script src=\"https://example.org/x.js\"></script>",
                                "raw <script> tag"),
}


@pytest.mark.parametrize("mistake", SAFETY_MISTAKES)
def test_unsafe_content_fails_check_naming_file_and_line(before, project, mistake):
    name, text, message = SAFETY_MISTAKES[mistake]
    path = project / name
    heading = next(row for row in path.read_text(encoding="utf-8").splitlines() if row.startswith("## "))
    result, new = planted(before, project, lambda: edit(path, heading, f"{text}\n\n{heading}"))
    assert_reported(result, new, f"{name}:{line_of(path, text.splitlines()[-1])}: {message}")


def test_unsafe_glossary_definition_fails_check(before, project):
    path = project / "locales/en.yml"
    result, new = planted(before, project, lambda: edit(
        path, "definition: A kind of live X-ray video", 'definition: <img src="x.png" onerror="alert(1)"> A kind of live X-ray video'))
    line = line_of(path, "onerror=")
    assert_reported(result, new, f"locales/en.yml:{line}: inline event handler `onerror=`")


def test_code_examples_are_not_reported(before, project):
    """A <script> shown as code is text for the reader, not code for the browser."""
    path = project / "docs/en/about.md"
    result, new = planted(before, project, lambda: path.write_text(path.read_text(encoding="utf-8")
                                                           + "\n`<script>` and:\n\n```html\n<iframe src=x></iframe>\n```\n",
                                                           encoding="utf-8"))
    assert not [line for line in new if line.startswith("docs/en/about.md")], new


def test_check_failure_becomes_a_github_annotation(project):
    path = project / "docs/en/procedure.md"
    edit(path, ARTICLE_HEADING, f"<script>alert(1)</script>\n\n{ARTICLE_HEADING}")
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=project,
                            env=dict(ENV, GITHUB_ACTIONS="true"), capture_output=True, text=True)
    assert result.returncode == 1
    line = line_of(path, "<script>")
    assert f"::error file=docs/en/procedure.md,line={line}::raw <script> tag" in result.stdout


# --------------------------------------------------------------------------- scheduled review

def test_scheduled_workflow_fails_on_an_overdue_page(project):
    """The command in review-dates.yml fails when a page is overdue (plain `check` only warns)."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/review-dates.yml").read_text(encoding="utf-8"))
    assert workflow[True if True in workflow else "on"]["schedule"], "the workflow must run on a schedule"
    commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "check" in step.get("run", "")]
    script = next(c for c in commands if "--overdue-is-error" in c)
    match = re.search(r"python -m scripts check --overdue-is-error( *\|)?", script)
    assert match, script
    if match.group(1):
        assert "set -o pipefail" in script, "a pipe after the check hides its exit code without pipefail"
    path = project / "docs/en/procedure.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^last_reviewed:.*$", "last_reviewed: 2024-01-01", text, count=1, flags=re.M)
    path.write_text(re.sub(r"^next_review_due:.*$", "next_review_due: 2025-01-01", text, count=1, flags=re.M),
                    encoding="utf-8")
    result = run([sys.executable, "-m", "scripts", "check", "--overdue-is-error"], cwd=project)
    assert result.returncode == 1
    assert f"docs/en/procedure.md:{line_of(path, 'next_review_due:')}: the page is overdue for review: " \
           "`next_review_due` was 2025-01-01" in result.stdout


# --------------------------------------------------------------------------- pre-commit hooks

def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: dict(hook, repo=repo["repo"]) for repo in config["repos"] for hook in repo["hooks"]}


def hook_command(hook_id: str) -> list[str]:
    """The hook's entry, with the .venv's python replaced by the one running the tests."""
    entry = hooks()[hook_id]["entry"].split()
    assert entry[0] == ".venv/bin/python", entry
    return [sys.executable, *entry[1:]]


def test_pre_commit_hooks_are_local_and_download_nothing():
    import importlib.util

    found = hooks()
    assert {"trailing-whitespace", "end-of-file", "yaml", "markdown-lint", "codespell", "check"} <= set(found)
    for hook_id, hook in found.items():
        assert hook["repo"] == "local", hook_id
        assert hook["language"] in ("system", "pygrep"), hook_id
        assert "additional_dependencies" not in hook, hook_id
        if hook["language"] == "system":
            module = hook_command(hook_id)[2]
            assert importlib.util.find_spec(module) is not None, f"{hook_id}: python -m {module} is not installed"


def test_markdown_lint_passes_today_and_catches_a_broken_heading(project):
    shutil.copy2(ROOT / ".pymarkdown.json", project / ".pymarkdown.json")
    lint = hook_command("markdown-lint")
    files = [str(p.relative_to(project)) for p in sorted((project / "docs").rglob("*.md"))]
    clean = run([*lint, *files], cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    path = project / "docs/en/about.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n#Questions\n", encoding="utf-8")
    broken = run([*lint, "docs/en/about.md"], cwd=project)
    assert broken.returncode != 0
    assert re.search(rf"docs/en/about\.md:{line_of(path, '#Questions')}:1: MD018", broken.stdout), broken.stdout


def test_spelling_is_checked_in_english_files_only(project):
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    spell = hook_command("codespell")
    exclude = re.compile(hooks()["codespell"]["exclude"])
    for name in ("docs/en/about.md", "docs/es/about.md", "locales/fr.yml"):
        path = project / name
        path.write_text(path.read_text(encoding="utf-8") + "\n# You will recieve a call.\n", encoding="utf-8")
    english = [n for n in ("docs/en/about.md", "docs/es/about.md", "locales/fr.yml") if not exclude.search(n)]
    assert english == ["docs/en/about.md"]
    result = run([*spell, "docs/en/about.md", "docs/es/about.md", "locales/fr.yml"], cwd=project)
    assert result.returncode != 0
    assert f"docs/en/about.md:{line_of(project / 'docs/en/about.md', 'recieve')}: recieve ==> receive" in result.stdout
    assert "docs/es/about.md" not in result.stdout and "locales/fr.yml" not in result.stdout


# --------------------------------------------------------------------------- the way in: edit links, owners

def test_every_page_has_an_edit_link_to_its_own_source(site, languages, english_pages):
    from bs4 import BeautifulSoup

    from conftest import page_url_path

    for lang in languages:
        for name in english_pages:
            html = (site / page_url_path(lang, name) / "index.html").read_text(encoding="utf-8")
            link = BeautifulSoup(html, "html.parser").select_one("a[rel=edit]")
            assert link is not None, f"{lang}/{name}: no edit link"
            assert "/edit/" in link["href"] and link["href"].endswith(f"/docs/{lang}/{name}"), (lang, name, link["href"])
            assert link.get("title"), f"{lang}/{name}: the edit link has no accessible name"


def codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for row in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.lstrip().startswith("#"):
            pattern, *owners = row.split()
            rules.append((pattern, owners))
    return rules


def owners_of(path: str) -> list[str]:
    """GitHub's rule: the last matching line wins (only the pattern forms this file uses)."""
    found = []
    for pattern, owners in codeowners():
        anchored = pattern.lstrip("/")
        if pattern == "*" or (pattern.endswith("/") and path.startswith(anchored)) or path == anchored:
            found = owners
    return found


def test_codeowners_has_an_owner_for_every_language_and_the_protected_files(languages):
    patterns = [pattern for pattern, _ in codeowners()]
    for pattern, owners in codeowners():
        assert owners and all(re.fullmatch(r"@[\w.-]+(/[\w.-]+)?", o) for o in owners), (pattern, owners)
    for lang in languages:
        assert patterns.count(f"/docs/{lang}/") == 1, f"CODEOWNERS needs one line for /docs/{lang}/"
        owners = owners_of(f"docs/{lang}/procedure.md")
        assert owners and owners != owners_of("README.md"), f"docs/{lang}/ falls back to the default owners"
    for path in ("source/si-joint-rhizotomy-article.txt", "mkdocs.yml", ".github/workflows/ci.yml",
                 ".github/CODEOWNERS"):
        assert path in {p.lstrip("/") for p in patterns} or f"/{path.split('/')[0]}/" in patterns, path
    # The article needs both the clinical reviewers (docs/en) and the maintainers (mkdocs.yml).
    assert set(owners_of("docs/en/index.md")) | set(owners_of("mkdocs.yml")) <= set(
        owners_of("source/si-joint-rhizotomy-article.txt"))
    assert owners_of("docs/es/procedure.md") != owners_of("docs/fr/procedure.md")


def test_an_english_locale_change_marks_every_locale_file_outdated(project):
    # A definition changed in locales/en.yml must reach every translation, like a changed page does.
    edit(project / "locales" / "en.yml", "Medicine that numbs only one part of your body.", "Medicine that numbs one small area.")
    result = check(project)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    for lang in ("es", "fr", "zh", "vi", "ko", "ru", "ar"):
        assert re.search(rf"^locales/{lang}\.yml:\d+: locales/en\.yml changed after this file was synced .* — .*"
                         rf"python -m scripts sync {lang}", result.stdout, flags=re.M), result.stdout
    synced = run([sys.executable, "-m", "scripts", "sync", "fr"], cwd=project)
    assert "synced locales/fr.yml" in synced.stdout
    assert not re.search(r"^locales/fr\.yml:", check(project).stdout, flags=re.M)


def test_unreadable_front_matter_is_reported_once_not_as_an_outdated_translation(before, project):
    path = project / "docs/es/procedure.md"
    result, new = planted(before, project, lambda: path.write_text(
        path.read_text(encoding="utf-8").replace("title: ", "title: [", 1), encoding="utf-8"))
    about_it = [line for line in new if line.startswith("docs/es/procedure.md")]
    assert result.returncode == 1 and about_it, new
    assert all("front matter" in line for line in about_it), about_it


def test_translation_status_on_an_english_page(before, project):
    path = project / "docs/en/procedure.md"
    result, new = planted(before, project, lambda: path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", "---\ntranslation_status: reviewed\n", 1), encoding="utf-8"))
    assert_reported(result, new, f"docs/en/procedure.md:{line_of(path, 'translation_status:')}: an English page has "
                                 "a `translation_status`")


def test_a_translated_placeholder(before, project):
    path = project / "locales/es.yml"
    line = line_of(path, "basis_article:")
    result, new = planted(before, project, lambda: path.write_text(re.sub(
        r"(?m)^basis_article:.*$", 'basis_article: "el artículo, párrafo {párrafo}, frase {sentence}"',
        path.read_text(encoding="utf-8"), count=1), encoding="utf-8"))
    assert_reported(result, new, f"locales/es.yml:{line}: `basis_article` has the placeholders {{párrafo}}, "
                                 "{sentence}; locales/en.yml has {paragraph}, {sentence}")


def test_an_article_paragraph_without_its_page(before, project):
    path = project / "source/si-joint-rhizotomy-article.txt"
    result, new = planted(before, project, lambda: path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + "\n\nA seventh paragraph.\n", encoding="utf-8"))
    assert_reported(result, new, "source/si-joint-rhizotomy-article.txt: the article has 7 paragraphs, but the guide "
                                 "has one page for each of 6")
    assert_no_traceback(result)


@pytest.mark.parametrize("text", ["- a\n", "signoffs: foo\n"])
def test_signoff_records_of_the_wrong_shape(before, project, text):
    path = project / "source/signoffs.yml"
    result, new = planted(before, project, lambda: path.write_text(text, encoding="utf-8"))
    assert_reported(result, new, "source/signoffs.yml:1: the sign-off records are not a `signoffs:` list")
