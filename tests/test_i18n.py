"""Eight languages: every page in each, per-language search, the language menu, RTL, SEO alternates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import build, english_only, page_url_path
from scripts import content, per_language

# Words found only in that language's pages; zh and ko words sit in mid-sentence, with no spaces
# around them in Chinese. Two per language, each in a different form than it is indexed where the
# language has a stemmer (e.g. "articulaciones" finds "articulación").
QUERIES = {
    "en": ["fluoroscopy", "treatments"],
    "es": ["articulaciones", "fisioterapia"],
    "fr": ["radioscopie", "nerveux"],
    "zh": ["骨盆", "麻醉"],
    "vi": ["khớp", "ngoại trú"],
    "ko": ["골반", "천장관절"],
    "ru": ["суставе", "крестец"],
    "ar": ["المفصل", "الحوض"],
}

# Review dates as a reader of each language expects them (Unicode CLDR long format).
DATES = {
    "en": "November 25, 2026",
    "es": "25 de noviembre de 2026",
    "fr": "25 novembre 2026",
    "ru": "25 ноября 2026 г.",
    "zh": "2026年11月25日",
    "ko": "2026년 11월 25일",
    "vi": "25 tháng 11, 2026",
    "ar": "25 نوفمبر 2026",
}


def soup_of(site: Path, lang: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / page_url_path(lang, name) / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_languages_are_the_eight_of_the_guide(languages):
    assert languages == ["en", "es", "fr", "zh", "vi", "ko", "ru", "ar"]


def test_every_page_is_built_in_every_language_with_its_html_lang(site, languages, english_pages):
    for lang in languages:
        for name in english_pages:
            soup = soup_of(site, lang, name)
            assert soup.html["lang"] == lang, f"{lang}/{name}"
            direction = soup.body.get("dir", "ltr")
            assert direction == ("rtl" if lang == "ar" else "ltr"), f"{lang}/{name}: dir={direction}"


def test_translated_pages_are_not_english_copies(site, languages, english_pages):
    for name in english_pages:
        english_h1 = soup_of(site, "en", name).h1.get_text(strip=True)
        for lang in languages[1:]:
            soup = soup_of(site, lang, name)
            assert soup.h1.get_text(strip=True) != english_h1, f"{lang}/{name} still has the English title"
            # The translated site name is in the window title too.
            site_name = next(item for item in content.language_entries() if item["locale"] == lang)["site_name"]
            assert soup.title.get_text().endswith(site_name), f"{lang}/{name}: {soup.title.get_text()}"


def test_review_dates_and_notices_are_in_the_page_language(site, languages):
    for lang in languages:
        strings = content.locale_strings(lang)
        soup = soup_of(site, lang, "procedure.md")
        review = content.normalise(soup.select_one("footer.guide-review").get_text(" "))
        assert f"{strings['last_reviewed']}: {DATES[lang]}" in review, review
        assert strings["disclaimer"] in review
        notice = soup.select_one(".guide-notice--translation")
        if lang == content.DEFAULT_LANGUAGE:
            assert notice is None
            continue
        assert strings["machine_assisted"] in notice.get_text(), lang
        link = notice.find("a")
        # The notice links to this very page in English.
        assert urljoin(f"https://x/{page_url_path(lang, 'procedure.md')}", link["href"]) == "https://x/procedure/"


# --------------------------------------------------------------------------- search, as built

def test_each_language_has_its_own_search_index(site, languages):
    for lang in languages:
        path = site / ("" if lang == "en" else lang) / "search" / "search_index.json"
        index = json.loads(path.read_text(encoding="utf-8"))
        titles = {p.meta["title"] for p in content.pages() if p.lang == lang}
        page_titles = {doc["title"].replace("\u200b", "") for doc in index["docs"] if "#" not in doc["location"]}
        assert page_titles == titles, f"{lang}: {page_titles ^ titles}"
        for doc in index["docs"]:
            assert not re.match(r"^[a-z]{2}/", doc["location"]), f"{lang}: {doc['location']} belongs to another language"
        expected = "en" if lang == "zh" else lang
        assert index["config"]["lang"] == [expected]
        settings = per_language.search_settings(lang)
        assert {key: index["config"][key] for key in settings} == settings, f"{lang}: index settings differ"
    chinese = json.loads((site / "zh/search/search_index.json").read_text(encoding="utf-8"))
    # jieba segmented the Chinese text at build time; the separator splits on its U+200B marks.
    assert "\u200b骨盆\u200b" in json.dumps(chinese, ensure_ascii=False)
    assert "\\u200b" in chinese["config"]["separator"]


def test_a_build_of_one_language_writes_no_files_for_the_others(project, tmp_path):
    """build_only_locale (bench, quick previews): search and sitemaps only for what was built."""
    out = tmp_path / "site"
    result = build(project, out, english_only(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "search/search_index.json").is_file()
    strays = sorted(str(p.relative_to(out)) for lang in content.languages()[1:] for p in (out / lang).rglob("*"))
    assert not strays, f"files for languages that were not built: {strays[:5]}"


# --------------------------------------------------------------------------- sitemaps and SEO

def test_open_graph_locale_names_each_languages_country(site, languages):
    """language_TERRITORY from CLDR: Korean is ko_KR and Vietnamese vi_VN, not ko_KO or vi_VI."""
    expected = {"en": "en_US", "es": "es_ES", "fr": "fr_FR", "zh": "zh_CN", "vi": "vi_VN", "ko": "ko_KR",
                "ru": "ru_RU", "ar": "ar_AR"}
    for lang in languages:
        soup = BeautifulSoup((site / ("" if lang == "en" else lang) / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert soup.select_one('meta[property="og:locale"]')["content"] == expected[lang], lang


def test_each_language_has_a_sitemap_of_its_pages_with_alternates(site, languages, english_pages):
    root = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "None" not in root
    assert root.count("<url>") == len(languages) * len(english_pages)
    for lang in languages[1:]:
        text = (site / lang / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>(.*?)</loc>", text)
        assert len(locs) == len(english_pages), lang
        assert all(loc.startswith("https://") and f"/{lang}/" in loc for loc in locs), locs
        assert text.count('hreflang="') == len(english_pages) * len(languages)


def test_every_page_has_absolute_hreflang_alternates_for_every_language(site, languages, english_pages):
    for lang in languages:
        for name in english_pages:
            links = soup_of(site, lang, name).select('link[rel="alternate"][hreflang]')
            assert [l["hreflang"] for l in links] == languages, f"{lang}/{name}"
            for link in links:
                assert link["href"].startswith("https://"), link["href"]
                assert link["href"].endswith("/" + page_url_path(link["hreflang"], name)), (lang, name, link["href"])


def test_language_menu_links_keep_the_reader_on_the_same_page(site, languages, english_pages):
    names = {item["locale"]: item["name"] for item in content.language_entries()}
    for lang in languages:
        for name in english_pages:
            here = f"https://x/{page_url_path(lang, name)}"
            items = soup_of(site, lang, name).select("a.md-select__link")
            assert [a["hreflang"] for a in items] == languages
            for a in items:
                target = urljoin(here, a["href"])
                expected = f"https://x/{page_url_path(a['hreflang'], name)}"
                assert target == expected, f"{lang}/{name}: menu entry {a['hreflang']} goes to {target}"
                # Each language is offered in its own name.
                assert a.get_text(strip=True) == names[a["hreflang"]]


# --------------------------------------------------------------------------- fallback

def test_a_page_missing_in_a_language_falls_back_to_english_with_a_notice(project, tmp_path):
    (project / "docs/es/questions.md").unlink()
    (project / "docs/es/procedure.md").unlink()
    out = tmp_path / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    soup = BeautifulSoup((out / "es/questions/index.html").read_text(encoding="utf-8"), "html.parser")
    notice = soup.select_one(".guide-notice--fallback")
    assert notice is not None
    assert content.locale_strings("es")["fallback"] in notice.get_text()
    assert soup.h1.get_text(strip=True) == "Questions to ask your provider"
    assert soup.h1.find_parent(attrs={"lang": "en"}) is not None, "English text must be marked as English"
    # Interface, search and the printed QR caption stay Spanish: the reader's language, resolved once.
    assert soup.html["lang"] == "es"
    assert '"base": "../../es/"' in str(soup)
    caption = soup.select_one(".guide-print-qr figcaption")
    assert caption is not None and content.locale_strings("es")["print_qr_caption"] in caption.get_text()
    # Inside the English text, what the build adds is English too ("Where this comes from" here).
    procedure = BeautifulSoup((out / "es/procedure/index.html").read_text(encoding="utf-8"), "html.parser")
    basis = procedure.select_one('[lang="en"] .guide-basis summary')
    assert basis is not None and basis.get_text(strip=True) == content.locale_strings("en")["basis_heading"]
    # Its links stay in the reader's language: from es/procedure/ to es/ pages, not the English site.
    targets = {urljoin("https://x/es/procedure/", a["href"]) for a in procedure.select(".guide-basis li a")
               if not a["href"].startswith("#")}
    assert targets and all(t.startswith("https://x/es/") for t in targets), targets


# --------------------------------------------------------------------------- in the browser

def open_search(page, url: str) -> None:
    page.goto(url)
    page.click("input.md-search__input")
    # Material says "Type to start searching" once its worker has loaded the index.
    page.wait_for_function(
        """() => {
            const config = JSON.parse(document.getElementById('__config').textContent);
            const meta = document.querySelector('.md-search-result__meta');
            return meta && meta.textContent.trim() === config.translations['search.result.placeholder'];
        }""",
        timeout=30000,
    )


def search(page, query: str) -> list[str]:
    page.fill("input.md-search__input", "")
    page.keyboard.type(query)
    # Material reads the query on key events; text typed through an IME ends with one too.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(QUERIES))
def test_search_returns_only_pages_in_the_page_language(context, base_url, lang):
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    open_search(page, base_url + page_url_path(lang, "procedure.md"))
    prefix = base_url if lang == "en" else f"{base_url}{lang}/"
    first = None
    for query in QUERIES[lang]:
        links = search(page, query)
        assert links, f"{lang}: no result for {query!r}"
        first = first or links[0]
        for link in links:
            assert link.startswith(prefix), f"{lang}: {query!r} returned {link}"
            if lang == "en":
                assert not re.match(r"^[a-z]{2}/", link[len(base_url):]), f"en: {query!r} returned {link}"
        assert page.locator(".md-search-result mark").count() > 0, f"{lang}: {query!r} not highlighted"
        # The result link carries the matched word, and the page it opens highlights it.
        highlight = parse_qs(urlparse(links[0]).query).get("h", [""])[0]
        assert highlight.strip(), f"{lang}: the result for {query!r} links to {links[0]} with an empty ?h="
    # Only this language's index and stemmer were loaded.
    loaded = [unquote(u[len(base_url):]) for u in requests if u.startswith(base_url)]
    indexes = [u for u in loaded if u.endswith("search_index.json")]
    assert indexes == [("" if lang == "en" else f"{lang}/") + "search/search_index.json"], indexes
    stemmers = {m.group(1) for u in loaded if (m := re.search(r"lunr\.(\w+)\.min\.js$", u))} - {"stemmer", "multi"}
    assert stemmers <= {lang}, f"{lang} loaded {stemmers}"
    # The first word's stem is not its prefix in English ("fluoroscopy" -> "fluoroscopi").
    page.goto(first)
    page.wait_for_selector("article mark[data-md-highlight]", timeout=10000)
    page.close()


@pytest.mark.browser
def test_search_finds_another_languages_word_nowhere(context, base_url):
    """A Spanish word typed on a French page finds nothing: the French index has no Spanish pages."""
    page = context.new_page()
    open_search(page, base_url + "fr/procedure/")
    page.keyboard.type("articulaciones")
    page.keyboard.press("End")
    page.wait_for_timeout(1500)
    assert page.locator(".md-search-result__item").count() == 0
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["es", "zh", "ar"])
def test_language_menu_round_trip_in_the_browser(context, base_url, lang):
    page = context.new_page()
    page.goto(base_url + "procedure/")
    page.hover(".md-header__option .md-select")
    page.click(f'a.md-select__link[hreflang="{lang}"]')
    page.wait_for_url(base_url + f"{lang}/procedure/")
    assert page.locator("html").get_attribute("lang") == lang
    page.hover(".md-header__option .md-select")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url(base_url + "procedure/")
    page.close()


@pytest.mark.browser
def test_arabic_pages_are_laid_out_right_to_left(browser, base_url):
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(base_url + "ar/procedure/")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        h1 = page.locator("article h1").bounding_box()
        assert h1["x"] + h1["width"] > width * 0.5, "the heading should start on the right"
        if width == 1280:
            nav = page.locator(".md-sidebar--primary").bounding_box()
            toc = page.locator(".md-sidebar--secondary").bounding_box()
            assert nav["x"] > toc["x"], "the navigation should be on the right, the contents on the left"
        else:
            # The menu button (Material's label, or the keyboard-reachable button that replaces it).
            page.locator('.md-header__button[for="__drawer"]:visible, .md-header__button[data-guide-for="__drawer"]:visible').first.click()
            page.wait_for_timeout(400)
            drawer = page.locator(".md-sidebar--primary").bounding_box()
            assert drawer["x"] + drawer["width"] >= width - 2, "the drawer should open from the right"
        context.close()
