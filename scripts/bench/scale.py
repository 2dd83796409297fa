"""The large fixture: build time against pages and languages, and whether it grows linearly."""

from __future__ import annotations

import re
import shutil
import statistics
from pathlib import Path

import yaml

from .. import content
from .projects import ROOT, copy_project, run_build


SECTION_SIZE = 20


def make_large_fixture(dest: Path, pages: int, langs: int, source: Path = ROOT) -> Path:
    """A project copy with `pages` generated pages (plus the real ones) in the first `langs` languages."""
    copy_project(dest, source)
    config = dest / "mkdocs.yml"
    # The copy's config, as MkDocs loads it, changed as data and written back (comments are not needed here).
    data = content.load_config(config)
    languages = content.languages(config)[:langs]
    i18n = content.i18n_options(data)
    i18n["languages"] = [item for item in i18n["languages"] if item["locale"] in languages]
    for folder in (dest / "docs").iterdir():
        if folder.is_dir() and folder.name not in languages:
            shutil.rmtree(folder)
    for lang in languages:
        template = dest / "docs" / lang / "procedure.md"
        if not template.exists():
            template = dest / "docs" / content.DEFAULT_LANGUAGE / "procedure.md"
        text = template.read_text(encoding="utf-8")
        for number in range(1, pages + 1):
            page = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)} {number}", text, count=1)
            page = re.sub(r"(?m)^# (.*)$", lambda m: f"# {m.group(1)} {number}", page, count=1)
            (dest / "docs" / lang / f"generated-{number:04d}.md").write_text(page, encoding="utf-8")
    # A site this size groups its pages in sections and prunes the navigation to the open one;
    # a flat list of every page on every page makes each page grow with the site (quadratic build).
    data["nav"] += [{f"Generated {first}-{min(first + SECTION_SIZE - 1, pages)}":
                     [f"generated-{number:04d}.md" for number in range(first, min(first + SECTION_SIZE - 1, pages) + 1)]}
                    for first in range(1, pages + 1, SECTION_SIZE)]
    data["theme"]["features"] = [*data["theme"].get("features", []), "navigation.prune"]
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


LINEAR_TOLERANCE = 0.2


LINEAR_R2_MIN = 0.98


def is_linear(fit: dict) -> bool | None:
    """Straight enough (R² and the largest point's distance from the line), or None from fewer than 3 points."""
    if fit["points"] < 3:
        return None  # two points always make a perfect line
    return fit["r2"] >= LINEAR_R2_MIN and abs(fit["largest_vs_line"]) <= LINEAR_TOLERANCE


def _fit(points: list[tuple[float, float]]) -> dict:
    """Least-squares line through (x, seconds) points, with R² and how far the largest point
    lies from the line through the smaller ones (a curve that bends upward shows there first)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in points)
    ordered = sorted(points)
    deviation = 0.0
    if len(ordered) >= 3:
        (x1, y1), (x2, y2), (x3, y3) = ordered[-3:]
        predicted = y2 + (y2 - y1) / (x2 - x1) * (x3 - x2) if x2 != x1 else y3
        deviation = y3 / predicted - 1 if predicted else 0.0
    return {"points": len(set(xs)), "slope_s": round(slope, 4), "intercept_s": round(intercept, 2),
            "r2": round(1 - residual / total, 4) if total else 1.0, "largest_vs_line": round(deviation, 3)}


def large_fixture(scratch: Path, pages: int, langs: int, log) -> dict:
    """Build times over a grid of generated pages and languages, with the growth per page and per language."""
    total_langs = len(content.languages())
    langs = min(langs, total_langs)
    page_steps = sorted({max(1, pages // 4), max(1, pages // 2), pages})
    lang_steps = sorted({1, max(1, langs // 2), langs})
    points = {}

    def point(p, l):
        if (p, l) not in points:
            log(f"large fixture: {p} generated pages x {l} language(s)")
            project = make_large_fixture(scratch / f"large-{p}-{l}", p, l)
            wall, cpu = run_build(project, scratch / f"large-{p}-{l}-site")
            built = sum(1 for _ in (scratch / f"large-{p}-{l}-site").rglob("index.html"))
            points[(p, l)] = {"pages": p, "languages": l, "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
                              "html_pages": built, "cpu_ms_per_page": round(1000 * cpu / built)}
            shutil.rmtree(project)
            shutil.rmtree(scratch / f"large-{p}-{l}-site")
        return points[(p, l)]

    by_page = [point(p, langs) for p in page_steps]
    by_lang = [point(pages, l) for l in lang_steps]
    # CPU seconds: other jobs on the machine would bend a wall-clock line.
    page_fit = _fit([(row["pages"], row["cpu_s"]) for row in by_page])
    lang_fit = _fit([(row["languages"], row["cpu_s"]) for row in by_lang])
    biggest = points[(pages, langs)]
    verdicts = [is_linear(page_fit), is_linear(lang_fit)]
    return {
        "grid": list(points.values()),
        "per_page_s": page_fit["slope_s"],  # one more page, in all `langs` languages
        "per_page_language_s": round(page_fit["slope_s"] / langs, 4),
        "per_language_s": lang_fit["slope_s"],  # one more language, with `pages` generated pages
        "fit_pages": page_fit,
        "fit_languages": lang_fit,
        "linear": None if None in verdicts else all(verdicts),
        "largest": biggest,
    }
