"""The report as plain-text tables and as reports/bench.json."""

from __future__ import annotations

import json
from pathlib import Path

from .projects import ROOT
from .scale import SECTION_SIZE


def _kib(n: int | None) -> str:
    return "-" if n is None else f"{n / 1024:.1f}"


def _ratio(ours, default) -> float | None:
    return round(ours / default, 2) if default else None


def table(title: str, header: list[str], rows: list[list]) -> str:
    """A plain-text table, columns aligned, for the terminal and CI logs."""
    cells = [header] + [["-" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    line = lambda row: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
    return "\n".join([title, line(header), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]]) + "\n"


def render(report: dict) -> str:
    """All tables of a bench report (as produced by `bench()`) as text."""
    out = []
    builds = report.get("build", {})
    if builds:
        rows = []
        for key, label in (("full", "full public build (all languages)"), ("english", "English only (build_only_locale)"),
                           ("per_language_average", "per language, average"), ("kiosk", "kiosk build"),
                           ("serve_rebuild", "make serve: rebuild after one page edit")):
            item = builds.get(key)
            if item is None:
                continue
            if "skipped" in item:
                rows.append([label, None, None, item["skipped"]])
            else:
                rows.append([label, item["median_s"], item.get("cpu_s"), " ".join(map(str, item.get("runs_s", [])))])
        for lang, item in (builds.get("per_language") or {}).items():
            rows.append([f"  {lang} only", item["median_s"], item.get("cpu_s"), " ".join(map(str, item["runs_s"]))])
        out.append(table("BUILD (seconds, median)", ["build", "wall s", "CPU s", "wall runs / note"], rows))
    sizes = report.get("size", {})
    if sizes:
        rows = [["public site total", _kib(sizes["site"]["total_bytes"]), f"{sizes['site']['files']} files"]]
        kiosk = sizes["kiosk_zip"]
        rows.append(["kiosk zip", _kib(kiosk["bytes"]), kiosk.get("note", "")])
        for lang, item in sizes["site"]["search_index"].items():
            rows.append([f"search index {lang}", _kib(item["raw_bytes"]), f"{_kib(item['gzip_bytes'])} KiB gzip"])
        out.append(table("SIZE (KiB)", ["what", "KiB", "note"], rows))
    loads = report.get("load", {})
    if loads.get("pages"):
        rows = []
        for row in loads["pages"]:
            ours, default = row["ours"], row["default"]
            rows.append([row["lang"], row["path"] or "/", ours["requests"], default["requests"],
                         _kib(ours["sent_bytes"]), _kib(default["sent_bytes"]), row["ratio"]["sent_bytes"],
                         _kib(ours["raw_bytes"]), _kib(default["raw_bytes"]),
                         ours["dcl_ms"], default["dcl_ms"], row["ratio"]["dcl_ms"],
                         ours["lcp_ms"], default["lcp_ms"], row["ratio"]["lcp_ms"],
                         len(row["foreign"])])
        out.append(table(f"PAGE LOAD (first view, gzip, {loads['conditions']})",
                         ["lang", "page", "req", "req def", "KiB gz", "KiB gz def", "ratio", "KiB raw", "raw def",
                          "DCL ms", "DCL def", "ratio", "LCP ms", "LCP def", "ratio", "other-lang"], rows))
    large = report.get("large")
    if large and "grid" in large:
        rows = [[g["pages"], g["languages"], g["html_pages"], g["seconds"], g["cpu_s"], g["cpu_ms_per_page"]]
                for g in large["grid"]]
        out.append(table(f"SCALE (generated pages in nav sections of {SECTION_SIZE}, navigation.prune; one build each)",
                         ["gen pages", "languages", "HTML files", "wall s", "CPU s", "CPU ms/page"], rows))
        fp, fl = large["fit_pages"], large["fit_languages"]
        out.append(f"growth (CPU): {large['per_page_s']} s per page (all {large['largest']['languages']} languages), "
                   f"{large['per_page_language_s']} s per page per language, {large['per_language_s']} s per language "
                   f"({large['largest']['pages']} generated pages); R² {fp['r2']} / {fl['r2']}, largest point "
                   f"{fp['largest_vs_line']:+.0%} / {fl['largest_vs_line']:+.0%} off the line -> "
                   f"{ {True: 'linear', False: 'NOT linear', None: 'too few points to tell'}[large['linear']] }\n")
    elif large:
        out.append(f"SCALE: {large.get('skipped')}\n")
    lh = report.get("lighthouse")
    if lh and lh.get("pages"):
        rows = []
        for lang, item in lh["pages"].items():
            if "scores" in item:
                s = item["scores"]
                rows.append([lang, s.get("performance"), s.get("accessibility"), s.get("best-practices"), s.get("seo"),
                             "; ".join(item["lost"])[:110]])
            else:
                rows.append([lang, None, None, None, None, item["error"][:90]])
        for lang, item in (lh.get("default") or {}).items():
            s = item.get("scores") or {}
            rows.append([f"{lang} default", s.get("performance"), s.get("accessibility"), s.get("best-practices"),
                         s.get("seo"), ("; ".join(item.get("lost", [])) or item.get("error", ""))[:110]])
        out.append(table("LIGHTHOUSE 12.2.3 (mobile)", ["lang", "perf", "a11y", "best", "seo", "audits below 100"], rows))
    elif lh:
        out.append(f"LIGHTHOUSE: {lh.get('skipped')}\n")
    budgets = report.get("budgets", [])
    if budgets:
        rows = [[b["budget"], "met" if b["met"] else "NOT MET", b["measured"]] for b in budgets]
        out.append(table("BUDGETS", ["budget", "status", "measured"], rows))
    return "\n".join(out)


def write_report(report: dict, out: Path) -> Path:
    if not out.is_absolute():
        out = ROOT / out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out
