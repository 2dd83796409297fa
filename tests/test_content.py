"""The article, verbatim, in the built English pages; front matter rendered on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, check, edit, page_url_path
from scripts import content

SHARED = ROOT.parent / "shared" / "source" / "si-joint-rhizotomy-article.txt"


def main_text(site: Path, lang: str, name: str) -> str:
    html = (site / page_url_path(lang, name) / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    # Inline tags (glossary <abbr>, links) must not split a sentence when the text is read out.
    for tag in article.find_all(["abbr", "a", "em", "strong", "span", "code"]):
        tag.unwrap()
    article.smooth()
    return content.normalise(article.get_text(" "))


@pytest.mark.skipif(not SHARED.exists(), reason="no shared/ folder beside this checkout")
def test_canonical_source_matches_shared_copy():
    assert (ROOT / "source" / SHARED.name).read_bytes() == SHARED.read_bytes()


def test_article_is_six_paragraphs_without_the_scraped_title():
    paragraphs = content.article_paragraphs()
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("The Sacroiliac (SI) joint, located")
    assert content.article_title() == "The Effective Relief Sacroiliac Joint Rhizotomy"


def test_every_sentence_once_in_order_on_its_own_page(site):
    texts = {name: main_text(site, "en", name) for name in content.SECTION_PAGES}
    for name, sentences in zip(content.SECTION_PAGES, content.article_sentences()):
        position = -1
        for sentence in sentences:
            text = texts[name]
            assert text.count(sentence) == 1, f"{name}: {sentence!r} appears {text.count(sentence)} times"
            assert text.find(sentence) > position, f"{name}: {sentence!r} is out of order"
            position = text.find(sentence)
            for other, other_text in texts.items():
                if other != name:
                    assert sentence not in other_text, f"{sentence!r} also on {other}"


@pytest.mark.parametrize("name", content.SECTION_PAGES + ("questions.md", "glossary.md", "about.md"))
def test_review_line_source_and_disclaimer_rendered(site, name):
    html = (site / page_url_path("en", name) / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    page = content.parse_page(content.DOCS / "en" / name)
    review = soup.select_one("footer.guide-review").get_text(" ")
    review = content.normalise(review)
    last = content.as_date(page.meta["last_reviewed"])
    due = content.as_date(page.meta["next_review_due"])
    assert f"Page last reviewed: {last:%B} {last.day}, {last.year}" in review
    assert f"Next review due: {due:%B} {due.day}, {due.year}" in review
    assert "Reviewed by: Pending clinical review" in review
    assert "Source: The Effective Relief Sacroiliac Joint Rhizotomy" in review
    assert "not medical advice" in review
    assert soup.select_one('meta[name="description"]')["content"] == page.meta["description"]
    assert soup.select_one('meta[property="og:title"]')["content"] == page.meta["title"]
    assert soup.select_one('meta[property="og:description"]')["content"] == page.meta["description"]
    assert soup.select_one('meta[property="og:locale"]')["content"] == "en_US"


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_aria_label_on_a_footer_that_is_no_landmark(site):
    """A footer inside the article, main or a section is not contentinfo: an aria-label there names nothing."""
    problems = []
    for path in built_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for footer in soup.select("footer[aria-label], footer[aria-labelledby]"):
            if footer.find_parent(["article", "aside", "main", "nav", "section"]):
                problems.append(f"{path.relative_to(site)}: <footer class=\"{' '.join(footer.get('class', []))}\"> has a name")
    assert not problems, "\n".join(problems[:20])


def test_every_decorative_inline_svg_is_hidden_from_screen_readers(site):
    """An SVG with no name of its own (Material's icons) is decoration, announced as nothing."""
    problems, named = [], 0
    for path in built_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for svg in soup.find_all("svg"):
            if svg.get("role") == "img" and (svg.get("aria-label") or svg.get("aria-labelledby")):
                named += 1
            elif svg.get("aria-hidden") != "true":
                problems.append(f"{path.relative_to(site)}: <svg> in <{svg.parent.name} class=\"{' '.join(svg.parent.get('class', []))}\">")
    assert not problems, f"{len(problems)} decorative SVGs without aria-hidden:\n" + "\n".join(problems[:20])
    # The QR codes and the diagram keep their names.
    assert named


# --------------------------------------------------------------------------- editor mistakes

def test_changed_article_word_fails_check_naming_file_and_sentence(project):
    edit(project / "docs/en/procedure.md", "The process usually takes less than an hour", "The process usually takes less than two hours")
    result = check(project)
    assert result.returncode == 1
    line = next(i + 1 for i, row in enumerate((project / "docs/en/procedure.md").read_text().splitlines())
                if "The process usually" in row or "Sacroiliac joint rhizotomy is a targeted" in row)
    assert f"docs/en/procedure.md:{line}: article sentence changed or missing: " \
           '"The process usually takes less than an hour and can be done on an outpatient basis' in result.stdout
    assert "restore it word for word from source/si-joint-rhizotomy-article.txt (paragraph 2)" in result.stdout


def test_deleted_article_sentence_fails_check(project):
    edit(project / "docs/en/benefits-and-risks.md", "The benefits of sacroiliac joint rhizotomy are notable. ", "")
    result = check(project)
    assert result.returncode == 1
    assert 'docs/en/benefits-and-risks.md:' in result.stdout
    assert 'article sentence changed or missing: "The benefits of sacroiliac joint rhizotomy are notable."' in result.stdout


def test_sentence_moved_to_another_page_fails_check(project):
    sentence = "The benefits of sacroiliac joint rhizotomy are notable."
    edit(project / "docs/en/benefits-and-risks.md", sentence + " ", "")
    edit(project / "docs/en/summary.md", "In conclusion,", sentence + " In conclusion,")
    result = check(project)
    assert result.returncode == 1
    assert f'docs/en/summary.md:' in result.stdout and "is on the wrong page" in result.stdout


def test_rewrapped_article_lines_still_pass(project):
    edit(project / "docs/en/procedure.md", "designed to disrupt pain signals ", "designed to disrupt pain signals\n")
    result = check(project)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "field, old, new, message",
    [
        ("missing", "description:", "summary:", "front matter field `description` is missing or empty"),
        ("bad date", "last_reviewed: 2026-11-25", "last_reviewed: 25/11/2026", "`last_reviewed` is not a date: '25/11/2026'"),
        ("due before last", "next_review_due: 2027-11-25", "next_review_due: 2025-01-01",
         "`next_review_due` (2025-01-01) is not after `last_reviewed` (2026-11-25)"),
        ("invalid yaml", "title: What the procedure is", "title: What the procedure is: a guide", "the front matter is not valid YAML"),
    ],
)
def test_front_matter_mistakes_fail_check_with_file_and_line(project, field, old, new, message):
    path = project / "docs/en/procedure.md"
    edit(path, old, new)
    result = check(project)
    assert result.returncode == 1
    # The message and its line number come from the same report line, not from anywhere in the output.
    found = [int(n) for n, text in re.findall(r"^docs/en/procedure\.md:(\d+): (.*)$", result.stdout, flags=re.M)
             if message in text]
    assert found, result.stdout
    line = found[0]
    if field == "missing":
        # A missing field has no line of its own: the report points at the opening '---'.
        assert line == 1, result.stdout
    else:
        assert path.read_text().splitlines()[line - 1].startswith(new.split(":")[0]), (line, result.stdout)


def test_overdue_review_warns_in_check_and_fails_in_scheduled_mode(project):
    path = project / "docs/en/procedure.md"
    edit(path, "last_reviewed: 2026-11-25", "last_reviewed: 2024-01-01")
    edit(path, "next_review_due: 2027-11-25", "next_review_due: 2025-01-01")
    warn = check(project)
    assert warn.returncode == 0, warn.stdout
    assert "docs/en/procedure.md:5: warning: the page is overdue for review" in warn.stdout
    fail = check(project, "--overdue-is-error")
    assert fail.returncode == 1
    assert "docs/en/procedure.md:5: the page is overdue for review: `next_review_due` was 2025-01-01" in fail.stdout


def test_duplicate_title_fails_check(project):
    edit(project / "docs/en/summary.md", "title: Summary and talking to your provider", "title: Benefits and risks")
    result = check(project)
    assert result.returncode == 1
    assert "docs/en/summary.md:2: the title 'Benefits and risks' is already used by docs/en/benefits-and-risks.md" in result.stdout


def test_page_left_out_of_nav_fails_check(project):
    (project / "docs/en/extra.md").write_text((project / "docs/en/about.md").read_text().replace("About this guide", "Extra"))
    result = check(project)
    assert result.returncode == 1
    assert "mkdocs.yml:" in result.stdout and "docs/en/extra.md is not in the navigation" in result.stdout
