"""`python -m scripts bench`: build times, sizes and page loads, side by side with a default Material site.

Everything runs on copies of the project in a temporary folder, so the checkout (site/, dist/) is
never touched. The figures go to stdout as tables and to reports/bench.json.

This module is the entry (`register`, `cmd_bench`, `bench`); each measurement lives in its own module:
projects (scratch copies and timed builds), default_material (the comparison site), serving (the gzip
server), loads (page loads in Chromium), sizes, rebuild (`make serve`), scale (the large fixture),
lighthouse, budgets and report (tables and bench.json).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from .. import content, kiosk
from . import budgets
from .lighthouse import lighthouse_pages
from .loads import page_loads
from .projects import PYTHON, copy_project, median_of, run_build, timed
from .rebuild import serve_rebuild
from .report import render, write_report
from .scale import large_fixture
from .sizes import site_sizes, source_maps, unused_features


def bench(args, log=print) -> dict:
    """Run every measurement and return the report (see `render` for its tables)."""
    languages = content.languages()
    report: dict = {"languages": languages, "runs": args.runs, "load_average": list(os.getloadavg()),
                    "cpus": os.cpu_count(), "material": _material_version()}
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        project = copy_project(scratch / "project")
        full_site = scratch / "full-site"
        build: dict = {}
        report["build"] = build
        log(f"build: full public build x{args.runs}")
        build["full"] = median_of(args.runs, lambda i: run_build(project, full_site))
        for_lang = {}
        for lang in languages:
            single = copy_project(scratch / f"only-{lang}")
            config = content.config_overlay(single, lang, {}, build_only_locale=lang)
            log(f"build: {lang} only x{args.runs}")
            for_lang[lang] = median_of(args.runs, lambda i: run_build(single, scratch / f"only-{lang}-site", config))
            shutil.rmtree(scratch / f"only-{lang}-site", ignore_errors=True)
        build["english"] = for_lang[languages[0]]
        build["per_language_average"] = {
            "median_s": round(statistics.fmean(v["median_s"] for v in for_lang.values()), 2),
            "cpu_s": round(statistics.fmean(v["cpu_s"] for v in for_lang.values()), 2), "runs_s": []}
        build["per_language"] = for_lang
        log(f"build: kiosk x{args.runs}")
        build["kiosk"] = median_of(args.runs, lambda i: timed([PYTHON, "-m", "scripts", "kiosk"], project,
                                                              "`python -m scripts kiosk`"))
        kiosk_zip = project / "dist" / kiosk.ZIP_NAME
        if not args.no_serve:
            log(f"build: make serve rebuild after an edit x{args.runs}")
            build["serve_rebuild"] = serve_rebuild(copy_project(scratch / "serve"), args.runs)
        else:
            build["serve_rebuild"] = {"skipped": "--no-serve"}

        report["size"] = {
            "site": site_sizes(full_site, languages),
            "kiosk_zip": {"bytes": kiosk_zip.stat().st_size, "note": kiosk_zip.name},
            "source_maps": {"public": source_maps(full_site), "kiosk": source_maps(project / "dist" / "kiosk")},
            "unused_features": unused_features(project / "mkdocs.yml", full_site),
        }
        report["load"] = page_loads(full_site, scratch, languages, args, log)
        if args.no_lighthouse:
            report["lighthouse"] = {"skipped": "--no-lighthouse"}
        else:
            report["lighthouse"] = lighthouse_pages(full_site, scratch, languages, args, log)
        if args.large_pages and args.large_langs:
            report["large"] = large_fixture(scratch, args.large_pages, args.large_langs, log)
        else:
            report["large"] = {"skipped": "--large-pages 0"}
        report["budgets"] = budgets.budgets(report)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _material_version() -> str:
    try:
        from importlib.metadata import version

        return version("mkdocs-material")
    except Exception:  # noqa: BLE001 - only a label in the report
        return "unknown"


def cmd_bench(args) -> int:
    """Print build, size and page-load figures next to a default Material site (writes reports/bench.json).

    Takes several minutes: every build is repeated --runs times on a copy of the project.
    """
    quiet = lambda message: print(f"  ... {message}", file=sys.stderr, flush=True)
    report = bench(args, log=quiet)
    print(render(report))
    out = write_report(report, Path(args.json))
    print(f"wrote {content.rel(out)}")
    return 0


def register(add) -> None:
    p = add("bench", cmd_bench)
    p.add_argument("--runs", type=int, default=3, help="repeat each build and page load this many times (median)")
    p.add_argument("--page", default="index.md", help="sample page measured in every language")
    p.add_argument("--json", default="reports/bench.json", help="where to write the figures")
    p.add_argument("--large-pages", type=int, default=200, help="generated pages in the scale fixture (0: skip)")
    p.add_argument("--large-langs", type=int, default=8, help="languages in the scale fixture")
    p.add_argument("--no-serve", action="store_true", help="skip the `make serve` rebuild timing")
    p.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (npx lighthouse@12.2.3)")
    p.add_argument("--no-throttle", action="store_true", help="load pages without slow-4G network emulation")
