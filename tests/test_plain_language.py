"""The plain-language layer: key points, readability, glossary tooltips, questions, review status."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import check, edit, page_url_path, run
from scripts import content, readability

GRADE_14_KEY_POINTS = """    - Sacroiliac joint rhizotomy is a targeted nerve ablation technique designed to disrupt pain signals emanating from the sacroiliac joint, thereby facilitating considerable amelioration of chronic discomfort.
    - Interventional practitioners typically administer the procedure utilising fluoroscopic guidance and local anaesthetic infiltration, ensuring anatomically precise neurotomy.
    - Postprocedural recuperation is characteristically expeditious, permitting ambulatory discharge on the identical calendar day."""


def soup_of(site: Path, lang: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / page_url_path(lang, name) / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_section_page_has_three_to_five_key_points_in_every_language(languages):
    pages = {(p.lang, p.name): p for p in content.pages()}
    for lang in languages:
        for name in content.SECTION_PAGES:
            text, line, count = readability.key_points(pages[(lang, name)])
            assert text and line, f"{lang}/{name} has no key points"
            assert 3 <= count <= 5, f"{lang}/{name} has {count} key points"


def test_key_points_box_is_rendered_first_on_section_pages(site, languages):
    for lang in languages:
        for name in content.SECTION_PAGES:
            article = soup_of(site, lang, name).select_one("article.md-content__inner")
            box = article.select_one(".admonition.keypoints")
            assert box is not None and len(box.select("li")) >= 3, f"{lang}/{name}"
            assert box.find_previous("h2") is None, f"{lang}/{name}: key points should come before the article"


def test_english_key_points_meet_grade_8_and_spanish_french_meet_60():
    rows = readability.scores(content.pages())
    targets = [r for r in rows if r.part == "key points" and r.lang in readability.TARGETS]
    assert len(targets) == 3 * len(content.SECTION_PAGES)
    assert all(r.passes for r in targets), [(r.lang, r.page, r.value) for r in targets if not r.passes]
    # The article itself is college level: the plain layer is what makes the difference.
    english = {(r.page, r.part): r.value for r in rows if r.lang == "en"}
    assert all(english[(p, "article")] > english[(p, "key points")] + 5 for p in content.SECTION_PAGES)


def test_known_texts_score_as_published():
    """The formulas, on texts with known counts (guards against a silent change of formula)."""
    # 2 sentences, 10 words, 15 syllables (counted by hand: El sol sa-le. La ca-sa es muy bo-ni-ta y gran-de.)
    es = "El sol sale. La casa es muy bonita y grande."
    measure, value, words, sentences = readability.score(es, "es")
    assert (words, sentences) == (10, 2)
    assert value == round(206.84 - 0.60 * 150 - 1.02 * 20, 1)
    fr = "Le chat dort. Il fait beau."  # 6 words, 2 sentences, 6 syllables
    assert readability.score(fr, "fr")[1] == round(207 - 1.015 * 3 - 73.6 * 1, 1)


def test_grade_14_key_points_fail_check_with_file_and_score(project):
    path = project / "docs/en/procedure.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - SI joint rhizotomy aims to stop")
    end = text.index("## From the article")
    path.write_text(text[:start] + GRADE_14_KEY_POINTS + "\n\n" + text[end:], encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    line = text[:text.index("!!! keypoints")].count("\n") + 1
    match = re.search(rf"^docs/en/procedure\.md:{line}: the key points score ([\d.]+) on Flesch–Kincaid grade "
                      r"\(target: grade 8 or lower\) — use shorter sentences", result.stdout, flags=re.M)
    assert match, result.stdout
    assert float(match.group(1)) >= 14


def test_missing_key_points_fail_check(project):
    path = project / "docs/es/summary.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"!!! keypoints.*?\n\n((?:    .*\n)+)\n", "", text, flags=re.S)
    path.write_text(text, encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert "docs/es/summary.md: this section page has no key points box" in result.stdout


def test_readability_works_without_network(project, tmp_path):
    """textstat releases after 0.7.3 fetch NLTK data at run time; ours must not touch the network."""
    guard = tmp_path / "sitecustomize.py"
    guard.write_text(
        "import socket\n"
        "def _refuse(*args, **kwargs):\n"
        "    raise OSError('network access attempted')\n"
        "socket.socket.connect = _refuse\n"
        "socket.create_connection = _refuse\n"
    )
    import os

    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    import subprocess

    # A fresh copy has no reports/, so the report checked below is this run's, not one an earlier run left.
    report = project / "reports" / "readability.md"
    assert not report.exists()
    result = subprocess.run([sys.executable, "-m", "scripts", "readability"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "| en | procedure.md | Flesch–Kincaid grade |" in result.stdout
    assert "| en | procedure.md | Flesch–Kincaid grade |" in report.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- glossary

def _unmarked_terms(article, forms: list[str], match: str) -> list[str]:
    """Glossary forms still present in the text outside <abbr>, headings and links."""
    # Left out: the picture's labels (SVG text cannot hold a tooltip; its caption has them), the "Where this
    # comes from" list (it quotes the page's own sentences) and the print-only list of the definitions.
    for tag in article.select("abbr, h1, h2, h3, a, code, .guide-review, script, svg, .guide-basis, .guide-print-terms"):
        tag.decompose()
    # Addresses printed as text (the print edition's QR caption) are not prose.
    text = re.sub(r"https?://\S+", " ", article.get_text(" ")).casefold()
    before, after = {"word": (r"(?<!\w)", r"(?!\w)"), "word-start": (r"(?<!\w)", ""), "anywhere": ("", "")}[match]
    return [f for f in forms if re.search(before + re.escape(f.casefold()) + after, text)]


def test_every_glossary_term_on_a_page_has_its_tooltip_in_every_language(site, languages, english_pages):
    for lang in languages:
        strings = content.locale_strings(lang)
        definitions = {" ".join(str(e["definition"]).split()) for e in strings["glossary"]}
        forms = [f for e in strings["glossary"] for f in e["forms"]]
        total = 0
        for name in english_pages:
            soup = soup_of(site, lang, name)
            article = soup.select_one("article.md-content__inner")
            terms = article.select("abbr.guide-term")
            total += len(terms)
            for term in terms:
                assert term["title"] in definitions, f"{lang}/{name}: {term.get_text()} has a foreign definition"
                assert term.get("tabindex") == "0", "tooltips must be reachable by keyboard"
                # Valid under ARIA 1.2 and its draft: a focusable button named by its words, no aria-label.
                assert term.get("role") == "button" and not term.has_attr("aria-label"), f"{lang}/{name}: {term}"
            if name != "glossary.md":
                missed = _unmarked_terms(article, forms, strings.get("glossary_match", "word"))
                assert not missed, f"{lang}/{name}: {missed} appear without a tooltip"
        assert total >= 40, f"{lang}: only {total} glossary tooltips"


def test_glossary_page_lists_every_term_in_every_language(site, languages):
    for lang in languages:
        soup = soup_of(site, lang, "glossary.md")
        terms = [dt.get_text(" ", strip=True) for dt in soup.select("article dl dt")]
        assert len(terms) == len(content.locale_strings("en")["glossary"]), lang


def test_glossary_term_without_definition_fails_check(project):
    edit(project / "locales/fr.yml", "definition:", "definition: ''\n    unused:", 1)
    result = check(project)
    assert result.returncode == 1
    assert re.search(r"^locales/fr\.yml:\d+: glossary term `[^`]+` has no definition", result.stdout, flags=re.M), result.stdout


# --------------------------------------------------------------------------- questions and trust

def test_questions_page_is_a_checklist_in_every_language(site, languages):
    for lang in languages:
        boxes = soup_of(site, lang, "questions.md").select("article li.task-list-item input[type=checkbox]")
        assert len(boxes) >= 10, f"{lang}: {len(boxes)} questions"


def test_added_texts_carry_the_review_flag_and_readers_see_it(site, languages, english_pages):
    for page in content.pages():
        assert page.meta.get("clinical_review") == "pending" or page.meta.get("reviewed_by") != content.PENDING_REVIEW, page.path
        assert any(content.article_title() in str(source) for source in page.meta["sources"]), page.path
    for lang in languages:
        expected = content.locale_strings(lang)["clinical_review_pending"]
        for name in english_pages:
            flag = soup_of(site, lang, name).select_one('[data-clinical-review="pending"]')
            assert flag is not None and expected in flag.get_text(), f"{lang}/{name}"


def test_about_page_explains_authorship_review_translation_and_errors(site):
    text = soup_of(site, "en", "about.md").select_one("article").get_text(" ")
    for needle in ("Who wrote it", "How it is reviewed", "How it is translated", "Report an error"):
        assert needle in text
