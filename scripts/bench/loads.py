"""Page loads in Chromium on an emulated phone: requests, bytes, DCL and LCP, ours next to default Material."""

from __future__ import annotations

import contextlib
import re
import statistics
from pathlib import Path

from .. import content, per_language
from ..browser import CHROMIUM, CHROMIUM_ARGS
from .default_material import build_default, default_material_project
from .report import _ratio
from .serving import GzipServer


# A mid-range phone on Lighthouse's "slow 4G" (the values DevTools applies for it).
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1474.56 * 1024 / 8,
           "uploadThroughput": 675 * 1024 / 8}


_LCP = """() => new Promise(resolve => {
  let last = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) last = e.startTime; })
    .observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => resolve(last), 100);
})"""


_DCL = "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


def _unless_timeout():
    # Imported here, not at the top: every `python -m scripts` command loads this module, only bench needs Playwright.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    return contextlib.suppress(PlaywrightTimeout)


def measure_load(browser, server: GzipServer, path: str, *, throttle: bool = True, quiet: float = 1.0) -> dict:
    """Load one page in a fresh phone-sized context (empty cache) and return what it cost."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        if throttle:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        mark = server.mark()
        page.goto(server.url + path.lstrip("/"), wait_until="load")
        with _unless_timeout():
            page.wait_for_load_state("networkidle", timeout=15000)  # the server log below is what counts
        server.wait_quiet(quiet)
        dcl, lcp = page.evaluate(_DCL), page.evaluate(_LCP)
        requests = server.since(mark)
    finally:
        context.close()
    return {
        "requests": len(requests),
        "sent_bytes": sum(r["sent"] for r in requests),
        "raw_bytes": sum(r["raw"] for r in requests),
        "dcl_ms": round(dcl),
        "lcp_ms": round(lcp),
        "files": [{k: r[k] for k in ("path", "status", "sent", "raw")} for r in requests],
    }


def measure_median(browser, server: GzipServer, path: str, runs: int, throttle: bool = True) -> dict:
    """Bytes and requests of the first load, with the median DCL and LCP of `runs` loads."""
    loads = [measure_load(browser, server, path, throttle=throttle) for _ in range(max(1, runs))]
    first = dict(loads[0])
    first["dcl_ms"] = round(statistics.median(load["dcl_ms"] for load in loads))
    first["lcp_ms"] = round(statistics.median(load["lcp_ms"] for load in loads))
    first["stable"] = len({(load["requests"], load["sent_bytes"]) for load in loads}) == 1
    return first


def page_path(lang: str, name: str) -> str:
    """Site-relative URL path of a page: `procedure.md` in `es` -> `es/procedure/`."""
    stem = name[:-3]
    path = "" if stem == "index" else f"{stem}/"
    return path if lang == content.DEFAULT_LANGUAGE else f"{lang}/{path}"


def foreign_requests(files: list[dict], lang: str, languages: list[str]) -> list[str]:
    """Requests that belong to another language than `lang` (its pages, index, sitemap or stemmer)."""
    default, others = languages[0], languages[1:]
    own_lunr = set(per_language.search_settings(lang)["lang"])
    foreign = []
    for item in files:
        path = item["path"]
        folder = next((code for code in others if path.startswith(f"/{code}/")), None)
        stemmer = re.search(r"/lunr\.([a-z]{2})\.min\.js$", path)
        if folder is not None:
            belongs = folder
        elif stemmer:
            belongs = lang if stemmer.group(1) in own_lunr else stemmer.group(1)
        elif path.endswith((".html", "/", "search_index.json", "sitemap.xml")):
            belongs = default
        else:
            continue  # shared assets (theme CSS and JS) belong to every language
        if belongs != lang:
            foreign.append(path)
    return foreign


def load_row(lang: str, path: str, ours: dict, default: dict, languages: list[str]) -> dict:
    """One page-load row: our figures, the default Material figures and ours/default."""
    return {
        "lang": lang, "path": path, "ours": ours, "default": default,
        "ratio": {key: _ratio(ours[key], default[key]) for key in ("requests", "sent_bytes", "raw_bytes", "dcl_ms", "lcp_ms")},
        "foreign": foreign_requests(ours["files"], lang, languages),
    }


def page_loads(site: Path, scratch: Path, languages: list[str], args, log) -> dict:
    """The sample page of every language, ours next to a default Material build of the same page."""
    from playwright.sync_api import sync_playwright

    rows = []
    ours_server = GzipServer(site)
    servers = [ours_server]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for lang in languages:
                    log(f"page load: {lang} (ours and default Material) x{args.runs}")
                    default_site = build_default(default_material_project(scratch / f"default-{lang}", lang))
                    default_server = GzipServer(default_site)
                    servers.append(default_server)
                    path = page_path(lang, args.page)
                    ours = measure_median(browser, ours_server, path, args.runs, throttle=not args.no_throttle)
                    default = measure_median(browser, default_server, page_path(content.DEFAULT_LANGUAGE, args.page),
                                             args.runs, throttle=not args.no_throttle)
                    rows.append(load_row(lang, path, ours, default, languages))
            finally:
                browser.close()
    finally:
        for server in servers:
            server.close()
    conditions = "phone 412x823, slow 4G (562 ms RTT, 1.4 Mbps)" if not args.no_throttle else "phone 412x823, no throttling"
    return {"conditions": conditions, "page": args.page, "pages": rows}
