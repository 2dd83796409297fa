"""The lean-page budgets of issue 8, met or not, from a report's figures."""

from __future__ import annotations


# The lean-page budgets of issue 8.
BUDGET_BYTES_RATIO = 0.9


BUDGET_REQUESTS = 6


def budgets(report: dict) -> list[dict]:
    """Each lean-page budget of issue 8, met or not, from the figures in the report."""
    result = []
    loads = report.get("load", {}).get("pages", [])
    if loads:
        worst = max(loads, key=lambda r: r["ratio"]["sent_bytes"] or 0)
        result.append({"budget": f"compressed bytes <= {BUDGET_BYTES_RATIO}x default Material (every language)",
                       "met": all((r["ratio"]["sent_bytes"] or 9) <= BUDGET_BYTES_RATIO for r in loads),
                       "measured": f"worst {worst['lang']} {worst['ratio']['sent_bytes']}x"})
        most = max(loads, key=lambda r: r["ours"]["requests"])
        result.append({"budget": f"<= {BUDGET_REQUESTS} requests on first view (every language)",
                       "met": all(r["ours"]["requests"] <= BUDGET_REQUESTS for r in loads),
                       "measured": f"most {most['lang']} {most['ours']['requests']}"})
        foreign = [f"{r['lang']}: {p}" for r in loads for p in r["foreign"]]
        result.append({"budget": "nothing of another language loaded", "met": not foreign,
                       "measured": "; ".join(foreign)[:120] or "none"})
    maps = report.get("size", {}).get("source_maps")
    if maps is not None:
        result.append({"budget": "no source maps (public and kiosk output)", "met": not any(maps.values()),
                       "measured": "; ".join(f"{k}: {len(v)}" for k, v in maps.items())})
    unused = report.get("size", {}).get("unused_features")
    if unused is not None:
        result.append({"budget": "no unused JavaScript features enabled", "met": not unused,
                       "measured": ", ".join(unused) or "none"})
    lh = report.get("lighthouse", {}).get("pages")
    if lh:
        scores = {lang: item.get("scores", {}) for lang, item in lh.items()}
        met = all(s and all(v == 100 for v in s.values()) for s in scores.values())
        low = [f"{lang} " + " ".join(f"{k[:4]} {v}" for k, v in s.items() if v != 100)
               for lang, s in scores.items() if any(v != 100 for v in s.values())]
        low += [f"{lang} did not run" for lang, s in scores.items() if not s]
        result.append({"budget": "Lighthouse mobile 100/100/100/100 (every language)", "met": met,
                       "measured": "; ".join(low)[:120] or "all 100"})
    large = report.get("large", {})
    if large.get("linear") is not None:
        fp, fl = large["fit_pages"], large["fit_languages"]
        result.append({"budget": "build time grows linearly (pages, languages)", "met": large["linear"],
                       "measured": f"R² {fp['r2']} / {fl['r2']}, largest point {fp['largest_vs_line']:+.0%} / "
                                   f"{fl['largest_vs_line']:+.0%} off the line"})
    return result
