"""The termbase: misleading renderings of clinical concepts fail `make check` by file and line,
bad termbase entries are named, and no translated page shows English interface text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import check, edit, page_url_path

from scripts import content, terms


def line_of(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def messages(result, where: str) -> list[str]:
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out, out
    return [line for line in out.splitlines() if line.startswith(where)]


def test_every_language_has_a_termbase_and_no_page_breaks_it(languages):
    english, problems = terms.load("en")
    assert len(english) >= 8 and not problems
    for lang in languages[1:]:
        concepts, problems = terms.load(lang, set(english))
        assert not problems, problems
        assert set(english) <= set(concepts), (lang, set(english) - set(concepts))
    assert terms.check(content.pages(), languages) == []


@pytest.mark.parametrize("lang, old_name", [("zh", "神经根切断术"), ("ko", "신경근절단술"),
                                            ("vi", "cắt rễ thần kinh"), ("ar", "قطع جذور الأعصاب")])
def test_the_misleading_name_is_gone_and_planting_it_fails(project, lang, old_name):
    # No page, locale string or site name of the language still carries the "nerve-root cutting" name.
    for path in [*(content.DOCS / lang).glob("*.md"), content.CONFIG]:
        assert old_name not in path.read_text(encoding="utf-8"), path
    page = project / "docs" / lang / "procedure.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{old_name}\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    hits = messages(check(project), f"docs/{lang}/procedure.md:{line}: found ")
    assert hits and " — use " in hits[0] and "(" in hits[0], hits


def test_a_forbidden_term_in_a_kiosk_string_is_caught(project):
    locale = project / "locales" / "zh.yml"
    text = locale.read_text(encoding="utf-8")
    text = re.sub(r"^kiosk_start_over: .*$", "kiosk_start_over: 神经根切断术", text, count=1, flags=re.M)
    locale.write_text(text, encoding="utf-8")
    assert messages(check(project), f"locales/zh.yml:{line_of(locale, 'kiosk_start_over')}: found 神经根切断")


def test_a_page_without_the_approved_term_for_a_concept_is_reported(project):
    concepts, _ = terms.load("fr", set(terms.load("en")[0]))
    page = project / "docs" / "fr" / "procedure.md"
    text = page.read_text(encoding="utf-8")
    for term in concepts["fluoroscopy"].accepted:
        text = re.sub(re.escape(term), "imagerie", text, flags=re.IGNORECASE)
    page.write_text(text, encoding="utf-8")
    hits = messages(check(project), "docs/fr/procedure.md: ")
    assert any("`fluoroscopy`" in h for h in hits), hits


@pytest.mark.parametrize("mistake, words", [
    (("approved: [", "approved: [] #"), "has no approved term"),
    (("concept: fluoroscopy", "concept: fluoroscopie"), "unknown concept `fluoroscopie`"),
])
def test_bad_termbase_entries_are_named(project, mistake, words):
    locale = project / "locales" / "fr.yml"
    old, new = mistake
    edit(locale, old, new)
    hits = messages(check(project), "locales/fr.yml:")
    assert any(words in h for h in hits), hits


def test_a_forbidden_term_equal_to_an_approved_one(project):
    locale = project / "locales" / "zh.yml"
    concepts, _ = terms.load("zh", set(terms.load("en")[0]))
    approved = concepts["procedure-name"].approved[0]
    text = locale.read_text(encoding="utf-8")
    text = text.replace("    forbidden:\n", f"    forbidden:\n      - term: {approved}\n        reason: test\n", 1)
    locale.write_text(text, encoding="utf-8")
    hits = messages(check(project), "locales/zh.yml:")
    assert any("both approved and forbidden" in h for h in hits), hits


def test_a_locale_file_for_an_unknown_language(project):
    (project / "locales" / "xx.yml").write_text("termbase: []\n", encoding="utf-8")
    assert any("not a language configured" in h for h in messages(check(project), "locales/xx.yml"))


# --------------------------------------------------------------------------- English left on a page

def english_interface_strings() -> list[str]:
    """Interface sentences a translated page must never show in English."""
    strings = content.locale_strings("en")
    skip = {"glossary_match"}
    values = [v for k, v in strings.items() if isinstance(v, str) and k not in skip and len(v) >= 12]
    values += [str(content.load_config().get("copyright", ""))]
    return [" ".join(v.split()) for v in values if v]


def visible_text(html: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    for hidden in page.select("script, style, title, [lang=en], cite, .guide-basis__sources"):
        hidden.decompose()
    return " ".join(page.get_text(" ").split())


def test_no_english_interface_text_on_translated_pages(site, languages, english_pages):
    english = english_interface_strings()
    found = []
    for lang in languages[1:]:
        for name in english_pages:
            text = visible_text((site / page_url_path(lang, name) / "index.html").read_text(encoding="utf-8"))
            found += [f"{lang}/{name}: {s!r}" for s in english if s in text]
    assert not found, "\n".join(found)


def test_a_forbidden_term_in_a_site_name_is_caught(project):
    config = project / "mkdocs.yml"
    edit(config, 'site_name: "骶髂关节神经消融术患者指南"', 'site_name: "骶髂关节神经根切断术患者指南"')
    line = line_of(config, "神经根切断术")
    assert messages(check(project), f"mkdocs.yml:{line}: found 神经根切断")
