"""Clinical trust: every sentence the guide writes rests on the article or a cited source, and a
clinician's sign-off is recorded, goes stale on change and gates the kiosk.

Scenario tests plant one mistake in a copy of the project and run the real `check`, `signoff` and
`kiosk` commands; the built-output tests read the session's public build.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ENV, build, check, edit, english_only, page_url_path, run

from scripts import content, trace

PROCEDURE = "docs/en/procedure.md"
FIRST_POINT = 'SI joint rhizotomy aims to stop pain signals that come from the SI joint.\n      {: data-basis="2.1" }'


def line_of(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def assert_message(result, where: str, *words: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out, out
    hits = [line for line in out.splitlines() if line.startswith(where)]
    assert hits, f"no message for {where} in:\n{out}"
    assert any(all(w in line for w in words) for line in hits), f"{words} not in {hits}"
    assert all(" — " in line for line in hits), hits  # every message says how to fix it


# --------------------------------------------------------------------------- the guide as it is

def test_every_added_sentence_of_the_english_guide_has_a_basis():
    pages = content.pages()
    assert trace.check(pages) == []
    claims = [c for p in pages if p.lang == "en" for c in trace.claims(p)[0]]
    kinds = {(c.box or c.kind) for c in claims}
    assert {"keypoints", "notsaid", "task", "bullet", "paragraph"} <= kinds, kinds
    # 5 key points on each of the 6 section pages, and at least 18 questions.
    assert sum(c.box == "keypoints" for c in claims) == 30
    assert sum(c.kind == "task" for c in claims) >= 18


def test_the_coverage_report_lists_every_article_sentence():
    result = run([sys.executable, "-m", "scripts", "coverage"])
    assert result.returncode == 0, result.stdout + result.stderr
    ids = trace.article_ids()
    for key in ids:
        assert re.search(rf"^\| {re.escape(key)} \|", result.stdout, re.M), key
    assert "NOT RESTATED" in result.stdout and "4.1" in result.stdout


def test_every_risk_sentence_reaches_a_key_point_or_note():
    where = trace.covered(content.pages(), with_glossary=False)
    for risk in ("4.3", "4.4", "4.5", "5.1"):
        assert any(place.split(":")[0] in content.SECTION_PAGES for place in where[risk]), (risk, where[risk])


# --------------------------------------------------------------------------- editor mistakes

def test_a_key_point_without_basis_is_named_by_file_and_line(project):
    page = project / PROCEDURE
    edit(page, FIRST_POINT, FIRST_POINT.split("\n")[0])
    line = line_of(page, "SI joint rhizotomy aims to stop pain signals")
    assert_message(check(project), f"{PROCEDURE}:{line}:", "no basis given", "aims to stop pain signals")


def test_a_basis_citing_an_article_sentence_that_does_not_exist(project):
    page = project / PROCEDURE
    edit(page, FIRST_POINT, FIRST_POINT.replace('"2.1"', '"2.9"'))
    assert_message(check(project), f"{PROCEDURE}:{line_of(page, '2.9')}:", "2.9", "not a sentence of the article")


def test_a_basis_citing_a_source_missing_from_the_registry(project):
    page = project / PROCEDURE
    edit(page, FIRST_POINT, FIRST_POINT.replace('"2.1"', '"2.1 nhs-made-up"'))
    assert_message(check(project), f"{PROCEDURE}:{line_of(page, 'nhs-made-up')}:", "nhs-made-up", "not in the source registry")


def test_a_malformed_basis_id(project):
    page = project / PROCEDURE
    edit(page, FIRST_POINT, FIRST_POINT.replace('"2.1"', '"2,1"'))
    assert_message(check(project), f"{PROCEDURE}:{line_of(page, '2,1')}:", "malformed")


def test_question_is_not_a_basis_for_a_key_point(project):
    page = project / PROCEDURE
    edit(page, FIRST_POINT, FIRST_POINT.replace('"2.1"', '"question"'))
    assert_message(check(project), f"{PROCEDURE}:{line_of(page, 'data-basis=' + chr(34) + 'question')}:", "only for the questions")


@pytest.mark.parametrize("field", ["url", "date"])
def test_a_registry_entry_missing_its_url_or_date(project, field):
    registry = project / "source" / "sources.yml"
    text = registry.read_text(encoding="utf-8")
    first = re.search(rf"^    {field}: .*\n", text, re.M)
    registry.write_text(text[:first.start()] + text[first.end():], encoding="utf-8")
    entry_line = line_of(registry, "- id: hey-rf-denervation")
    assert_message(check(project), f"source/sources.yml:{entry_line}:", f"has no `{field}`")


def test_a_truncated_url_in_the_registry(project):
    registry = project / "source" / "sources.yml"
    edit(registry, "thermal-radiofrequency-treatmentdenervation/", "thermal...")
    assert_message(check(project), f"source/sources.yml:{line_of(registry, 'thermal...')}:", "no usable URL")


def test_a_glossary_definition_without_basis(project):
    locale = project / "locales" / "en.yml"
    edit(locale, '    basis: "2.3"\n', "", count=1)  # fluoroscopy's basis
    assert_message(check(project), f"locales/en.yml:{line_of(locale, 'term: fluoroscopy')}:", "no basis given", "live X-ray")


def test_a_risk_sentence_left_out_of_every_key_point_is_reported(project):
    # Every claim that rests on 4.5 ("Serious complications are rare but can include…") loses that id.
    for page in (project / "docs" / "en").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'data-basis="([^"]*)"',
                      lambda m: 'data-basis="{}"'.format(" ".join(i for i in m.group(1).split() if i != "4.5") or "4.4"), text)
        page.write_text(text, encoding="utf-8")
    assert_message(check(project), "source/si-joint-rhizotomy-article.txt:", "article sentence 4.5 is not covered")


# --------------------------------------------------------------------------- sign-off

def signoff(project, *args):
    return run([sys.executable, "-m", "scripts", "signoff", *args], cwd=project)


def kiosk_gate(project):
    return run([sys.executable, "-m", "scripts", "kiosk", "--signed-off-only", "--out", str(project / "dist")], cwd=project)


def test_signoff_is_recorded_goes_stale_on_change_and_gates_the_kiosk(project):
    result = signoff(project, PROCEDURE, "--name", "Dr Ana Ruiz", "--role", "consultant in pain medicine", "--date", "2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    records = (project / "source" / "signoffs.yml").read_text(encoding="utf-8")
    assert "docs/en/procedure.md" in records and "Dr Ana Ruiz" in records and "fingerprint:" in records
    gate = kiosk_gate(project)
    assert gate.returncode == 1
    assert "docs/en/procedure.md" not in gate.stderr  # signed off and current
    assert "docs/en/summary.md: clinical content not signed off" in gate.stderr
    assert "docs/es/procedure.md: translation not signed off" in gate.stderr
    assert not (project / "dist" / "kiosk").exists()  # refused before building
    # Any change to the clinical content makes the sign-off stale.
    edit(project / PROCEDURE, "It usually takes less than an hour.", "It usually takes about an hour.")
    gate = kiosk_gate(project)
    assert "docs/en/procedure.md: clinical content stale" in gate.stderr, gate.stderr
    # So is a change to a glossary definition the page shows as a tooltip.
    signoff(project, PROCEDURE, "--name", "Dr Ana Ruiz", "--role", "consultant in pain medicine")
    assert "docs/en/procedure.md" not in kiosk_gate(project).stderr
    edit(project / "locales" / "en.yml", "Medicine that numbs only one part of your body.", "Medicine that numbs you.")
    assert "docs/en/procedure.md: clinical content stale" in kiosk_gate(project).stderr


def test_when_every_page_is_signed_off_the_gate_opens(project):
    script = ("from scripts import content, signoff\n"
              "for p in content.pages():\n"
              "    kind = 'clinical' if p.lang == 'en' else 'translation'\n"
              "    signoff.record(p.path, kind, 'Dr Ana Ruiz', 'reviewer', '2026-12-01')\n")
    assert run([sys.executable, "-c", script], cwd=project).returncode == 0
    result = run([sys.executable, "-m", "scripts", "signoffs"], cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every page is signed off" in result.stdout


@pytest.mark.parametrize("mistake, words", [
    (("docs/en/no-such-page.md",), "no such page"),
    (("docs/es/procedure.md",), "clinical sign-off is of the English page"),
    (("docs/en/procedure.md", "--date", "2026-13-45"), "is not a date"),
])
def test_signoff_refuses_bad_input(project, mistake, words):
    result = signoff(project, *mistake, "--name", "Dr Ana Ruiz", "--role", "pain physician")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert words in result.stderr


def test_a_signoff_record_for_a_page_that_does_not_exist(project):
    (project / "source" / "signoffs.yml").write_text(
        "signoffs:\n- page: docs/en/gone.md\n  kind: clinical\n  name: Dr A\n  role: r\n  date: 2026-12-01\n  fingerprint: abc\n",
        encoding="utf-8")
    assert_message(check(project), "source/signoffs.yml:2:", "docs/en/gone.md", "does not exist")


def test_reviewed_by_without_a_current_signoff_is_an_error(project):
    edit(project / PROCEDURE, "reviewed_by: pending clinical review", "reviewed_by: Dr Ana Ruiz")
    assert_message(check(project), f"{PROCEDURE}:{line_of(project / PROCEDURE, 'reviewed_by')}:", "no current clinical sign-off")


def test_a_signed_off_page_names_its_reviewer_until_it_changes(project, tmp_path):
    config = english_only(project)
    signoff(project, PROCEDURE, "--name", "Dr Ana Ruiz", "--role", "consultant in pain medicine", "--date", "2026-12-01")
    assert build(project, tmp_path / "signed", config).returncode == 0
    signed = BeautifulSoup((tmp_path / "signed" / "procedure" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Dr Ana Ruiz, consultant in pain medicine" in signed.select_one(".guide-review__reviewer").get_text()
    assert signed.select_one("[data-clinical-review=pending]") is None
    edit(project / PROCEDURE, "It usually takes less than an hour.", "It usually takes about an hour.")
    assert build(project, tmp_path / "stale", config).returncode == 0
    stale = BeautifulSoup((tmp_path / "stale" / "procedure" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Pending clinical review" in stale.select_one(".guide-review__reviewer").get_text()
    assert stale.select_one("[data-clinical-review=pending]") is not None


# --------------------------------------------------------------------------- what readers see

def soup(site, lang, name):
    return BeautifulSoup((site / page_url_path(lang, name) / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_labelled_picture_is_on_the_first_page_of_every_language(site, languages):
    for lang in languages:
        words = content.locale_strings(lang)["diagram"]
        figure = soup(site, lang, "index.md").select_one("figure.guide-diagram")
        assert figure is not None, lang
        svg = figure.select_one("svg")
        assert svg["role"] == "img" and svg["aria-labelledby"] == "pelvis-title pelvis-desc"
        assert svg.select_one("title").get_text() == words["title"]
        assert svg.select_one("desc").get_text() == words["description"]
        # A long label wraps onto two lines (at a space or after a hyphen): compare without the breaks.
        labels = ["".join(t.get_text("").split()) for t in svg.select("text")]
        for key in ("sacrum", "iliac_left", "iliac_right", "si_joint", "nerves"):
            assert "".join(str(words[key]).split()) in labels, (lang, key, labels)
        assert figure.select_one("svg abbr") is None  # tooltips never land inside the drawing
        assert words["description"] in figure.select_one("figcaption").get_text()


def test_where_this_comes_from_lists_every_claim_with_its_basis(site, languages):
    for lang in languages:
        page = soup(site, lang, "procedure.md")
        box = page.select_one("details.guide-basis")
        assert box is not None, lang
        claims = page.select(".md-content [data-basis]")
        listed = box.select("ul > li")
        assert len(listed) == len([c for c in claims if c["data-basis"] != "question"]) == 7, lang
        links = box.select("a[href]")
        assert links and all(not a["href"].startswith("/") for a in links), lang
    english = soup(site, "en", "before-during-after.md").select_one("details.guide-basis")
    sources = english.select("ol.guide-basis__sources li")
    assert sources and all(li.select_one("a[href^='https://']") for li in sources)


def test_a_printed_page_lists_the_definitions_of_the_words_it_uses(site):
    terms = soup(site, "en", "procedure.md").select_one(".guide-print-terms")
    assert terms is not None
    listed = [dt.get_text() for dt in terms.select("dt")]
    assert "fluoroscopy" in listed and "local anaesthesia" in listed
    assert "sacrum" not in listed  # not on this page


def test_the_clinic_phone_shows_a_placeholder_until_configured(site, project, tmp_path):
    assert soup(site, "en", "before-during-after.md").select_one(".guide-clinic-phone__missing") is not None
    config = english_only(project)
    command = [sys.executable, "-m", "scripts", "build", "--config", config, "--site-dir", str(tmp_path / "s")]
    result = subprocess.run(command, cwd=project, env=dict(ENV, CLINIC_PHONE="+44 20 7946 0000"),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((tmp_path / "s" / "before-during-after" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one(".guide-clinic-phone a[href^='tel:']")
    assert link is not None and link["href"] == "tel:+442079460000" and link.get_text() == "+44 20 7946 0000"
    assert page.select_one(".guide-clinic-phone__missing") is None


def test_draft_pages_say_so_first(site, languages):
    for lang in languages:
        main = soup(site, lang, "before-during-after.md").select_one(".md-content article")
        first_box = main.select_one(".admonition")
        assert first_box is not None and "draft" in first_box["class"], lang


# --------------------------------------------------------------------------- in the browser

LABELS_FIT = """() => {
  const svg = document.querySelector('figure.guide-diagram svg');
  const box = svg.getBoundingClientRect();
  const body = getComputedStyle(document.querySelector('.md-typeset')).color;
  return {
    width: box.width,
    page: document.documentElement.clientWidth,
    labels: [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1
                && r.bottom <= box.bottom + 1, height: r.height, fill: getComputedStyle(t).fill, body};
    }),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_picture_is_legible_at_320_px_in_both_palettes(browser, base_url, languages, scheme):
    context = browser.new_context(viewport={"width": 320, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        for lang in languages:
            page.goto(base_url + page_url_path(lang, "index.md"))
            found = page.evaluate(LABELS_FIT)
            assert found["width"] <= found["page"], (lang, found["width"])
            for label in found["labels"]:
                assert label["inside"], (lang, scheme, label["text"])
                assert label["height"] >= 11, (lang, scheme, label)  # about 12 px text on a 320 px phone
                assert label["fill"] == label["body"], (lang, scheme, label)  # the page's own text colour
    finally:
        context.close()


@pytest.mark.browser
def test_on_paper_the_picture_and_the_definitions_show(context, base_url):
    page = context.new_page()
    page.goto(base_url + page_url_path("en", "procedure.md"))
    assert not page.locator(".guide-print-terms").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".guide-print-terms").is_visible()
    assert "fluoroscopy" in page.locator(".guide-print-terms").inner_text()
    page.goto(base_url + page_url_path("en", "index.md"))
    page.emulate_media(media="print")
    assert page.locator("figure.guide-diagram svg").is_visible()
    assert page.locator("figure.guide-diagram svg").bounding_box()["width"] > 200
