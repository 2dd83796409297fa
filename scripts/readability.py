"""Readability of the article text and of the key points, per page and language, offline.

Formulas (each with its published target for patient material):
- en: Flesch–Kincaid grade level (textstat 0.7.3, pyphen syllables); key points must be <= 8.
- es: Fernández-Huerta, corrected form 206.84 - 0.60 P - 1.02 F (P syllables and F sentences per
  100 words); key points must be >= 60.
- fr: Kandel–Moles 207 - 1.015 (words/sentence) - 73.6 (syllables/word); key points >= 60.
- ru: Oborneva's Flesch for Russian 206.835 - 1.3 (words/sentence) - 60.1 (syllables/word);
  reported, with no pass mark (no agreed target for patient material).
- zh, ko, vi, ar: no validated formula works offline here; the table reports the mean sentence
  length (characters for zh, words otherwise) so editors can still see long sentences.

textstat >= 0.7.4 downloads the CMU dictionary through NLTK at run time, which cannot work
offline: the lock pins 0.7.3, whose syllable counts come from pyphen's bundled dictionaries.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pyphen

from . import content
from .content import Page, Problem

REPORT_DIR = content.ROOT / "reports"

# (formula name, pass test for key points, how to say the target)
TARGETS = {
    "en": ("Flesch–Kincaid grade", lambda score: score <= 8, "grade 8 or lower"),
    "es": ("Fernández-Huerta", lambda score: score >= 60, "60 or higher"),
    "fr": ("Kandel–Moles", lambda score: score >= 60, "60 or higher"),
}
REPORTED = {"ru": "Oborneva (Flesch for Russian)"}
PYPHEN = {"en": "en_US", "es": "es", "fr": "fr", "ru": "ru_RU"}

_SENTENCE = re.compile(r"(?<=[.!?。！？؟])\s*")
_VOWELS = {
    "es": "aeiouáéíóúü",
    "fr": "aeiouyàâäéèêëîïôöùûüÿœæ",
    "ru": "аеёиоуыэюя",
}


@dataclass
class Score:
    lang: str
    page: str
    part: str  # "article" or "key points"
    measure: str
    value: float | None
    words: int
    sentences: int
    passes: bool | None = None


# --------------------------------------------------------------------------- text from pages

def key_points(page: Page) -> tuple[str, int | None, int]:
    """The key-points box's bullet text, the line of the box, and its number of bullets."""
    lines = page.body.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^!!!\s+keypoints\b", line):
            items = []
            for row in lines[index + 1:]:
                if row.strip() and not row.startswith("    "):
                    break
                item = re.match(r"^\s+[-*]\s+(.*)$", row)
                if item:
                    items.append(_sentence_end(item.group(1).strip()))
            return " ".join(items), page.body_start + index, len(items)
    return "", None, 0


def article_text(page: Page) -> str:
    """The paragraph after the key points' section heading: the article, or its translation."""
    blocks = re.split(r"\n\s*\n", page.body)
    for index, block in enumerate(blocks):
        if block.startswith("## ") and index + 1 < len(blocks):
            return content.normalise(blocks[index + 1])
    return ""


def _sentence_end(text: str) -> str:
    # A bullet is a sentence of its own even when the editor left out the full stop.
    return text if re.search(r"[.!?。！？؟]$", text) else text + "."


# --------------------------------------------------------------------------- counting

def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if re.search(r"\w", s)]


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)


def syllables(word: str, lang: str) -> int:
    """Syllables by vowel groups (es, fr, ru) or pyphen hyphenation points (en)."""
    word = word.lower()
    if lang in _VOWELS:
        count = len(re.findall(f"[{_VOWELS[lang]}]+", word))
        if lang == "fr" and len(word) > 2 and word.endswith(("e", "es")) and count > 1:
            count -= 1  # a final mute e is not spoken
        return max(count, 1)
    return max(len(_dictionary(lang).positions(word)) + 1, 1)


_DICTIONARIES: dict[str, pyphen.Pyphen] = {}


def _dictionary(lang: str) -> pyphen.Pyphen:
    if lang not in _DICTIONARIES:
        _DICTIONARIES[lang] = pyphen.Pyphen(lang=PYPHEN.get(lang, "en_US"))
    return _DICTIONARIES[lang]


def score(text: str, lang: str) -> tuple[str, float | None, int, int]:
    """(measure, value, words, sentences) for one text."""
    found_sentences = sentences(text)
    found_words = words(text)
    n_sent, n_words = max(len(found_sentences), 1), max(len(found_words), 1)
    if lang == "en":
        import textstat

        textstat.set_lang("en_US")
        return TARGETS["en"][0], round(textstat.flesch_kincaid_grade(text), 1), len(found_words), len(found_sentences)
    if lang in ("es", "fr", "ru"):
        n_syll = sum(syllables(w, lang) for w in found_words)
        if lang == "es":
            value = 206.84 - 0.60 * (100 * n_syll / n_words) - 1.02 * (100 * n_sent / n_words)
        elif lang == "fr":
            value = 207 - 1.015 * (n_words / n_sent) - 73.6 * (n_syll / n_words)
        else:
            value = 206.835 - 1.3 * (n_words / n_sent) - 60.1 * (n_syll / n_words)
        measure = TARGETS[lang][0] if lang in TARGETS else REPORTED[lang]
        return measure, round(value, 1), len(found_words), len(found_sentences)
    if lang == "zh":
        characters = len(re.findall(r"[\u4e00-\u9fff]", text))
        return "mean sentence length (characters); no validated formula", round(characters / n_sent, 1), characters, len(found_sentences)
    return "mean sentence length (words); no validated formula", round(n_words / n_sent, 1), len(found_words), len(found_sentences)


# --------------------------------------------------------------------------- report and check

def scores(pages: list[Page]) -> list[Score]:
    out = []
    for page in pages:
        if page.error or page.name not in content.SECTION_PAGES:
            continue
        points, _, _ = key_points(page)
        for part, text in (("article", article_text(page)), ("key points", points)):
            if not text:
                continue
            measure, value, n_words, n_sent = score(text, page.lang)
            passes = None
            if part == "key points" and page.lang in TARGETS and value is not None:
                passes = TARGETS[page.lang][1](value)
            out.append(Score(page.lang, page.name, part, measure, value, n_words, n_sent, passes))
    return out


def check(pages: list[Page], langs: list[str]) -> list[Problem]:
    """Every section page has key points, and they meet their language's readability target."""
    problems = []
    for page in pages:
        if page.error or page.name not in content.SECTION_PAGES:
            continue
        points, line, count = key_points(page)
        if not points:
            problems.append(Problem(page.path, None, "this section page has no key points box",
                                    'add `!!! keypoints "Key points"` with 3 to 5 short bullets, as on the other pages'))
            continue
        if page.lang in TARGETS:
            name, passes, target = TARGETS[page.lang]
            measure, value, _, _ = score(points, page.lang)
            if not passes(value):
                problems.append(Problem(page.path, line, f"the key points score {value} on {name} (target: {target})",
                                        "use shorter sentences and everyday words; the article below keeps the medical detail"))
        if not 3 <= count <= 5:
            problems.append(Problem(page.path, line, f"the key points box has {count} bullets",
                                    "keep 3 to 5 short bullets"))
    problems += guide_wide(pages)
    return problems


# All the English key points read as one text: short bullets alone flatter Flesch–Kincaid.
GUIDE_WIDE = {"Flesch–Kincaid grade": 6, "SMOG grade": 8}


def guide_wide_scores(pages: list[Page]) -> dict[str, float]:
    import textstat

    text = " ".join(key_points(p)[0] for p in pages
                    if p.lang == content.DEFAULT_LANGUAGE and not p.error and p.name in content.SECTION_PAGES)
    textstat.set_lang("en_US")
    return {"Flesch–Kincaid grade": round(textstat.flesch_kincaid_grade(text), 1),
            "SMOG grade": round(textstat.smog_index(text), 1)} if text.strip() else {}


def guide_wide(pages: list[Page]) -> list[Problem]:
    problems = []
    for measure, value in guide_wide_scores(pages).items():
        if value > GUIDE_WIDE[measure]:
            problems.append(Problem(content.DOCS / content.DEFAULT_LANGUAGE, None,
                                    f"all English key points together score {value} on {measure} "
                                    f"(target: {GUIDE_WIDE[measure]} or lower)",
                                    "use shorter sentences and fewer words of three or more syllables in the key points"))
    return problems


def write_report(rows: list[Score], folder: Path = REPORT_DIR) -> Path:
    """reports/readability.json and a Markdown table (a CI artifact for editors)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "readability.json").write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1),
                                             encoding="utf-8")
    lines = ["# Readability: article text and key points", "",
             "| language | page | measure | article | key points | key points meet target |",
             "|---|---|---|---|---|---|"]
    by_key = {(r.lang, r.page, r.part): r for r in rows}
    order = content.languages()
    for lang, page in sorted({(r.lang, r.page) for r in rows}, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1])):
        article, points = by_key.get((lang, page, "article")), by_key.get((lang, page, "key points"))
        measure = (points or article).measure
        verdict = {True: "yes", False: "NO", None: "n/a"}[points.passes if points else None]
        lines.append(f"| {lang} | {page} | {measure} | {article.value if article else ''} | "
                     f"{points.value if points else ''} | {verdict} |")
    wide = guide_wide_scores(content.pages())
    if wide:
        lines += ["", "All English key points together: " + ", ".join(f"{k} {v} (target ≤ {GUIDE_WIDE[k]})" for k, v in wide.items())]
    path = folder / "readability.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cmd_readability(args) -> int:
    """Print the readability table (article vs key points, per page and language) and write reports/."""
    rows = scores(content.pages())
    path = write_report(rows)
    print(path.read_text(encoding="utf-8"))
    failing = [r for r in rows if r.passes is False]
    return 1 if failing else 0


def register(add) -> None:
    add("readability", cmd_readability)
