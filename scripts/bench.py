"""`python -m scripts bench`: build times, sizes and page loads, side by side with a default Material site.

Everything runs on copies of the project in a temporary folder, so the checkout (site/, dist/) is
never touched. The figures go to stdout as tables and to reports/bench.json.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import re
import resource
import shutil
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import content, per_language

ROOT = content.ROOT
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764028800"))
LIGHTHOUSE = "lighthouse@12.2.3"

# The lean-page budgets of issue 8.
BUDGET_BYTES_RATIO = 0.9
BUDGET_REQUESTS = 6

# Same flags as the tests: Chromium's own background traffic would be counted as page requests.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
# A mid-range phone on Lighthouse's "slow 4G" (the values DevTools applies for it).
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1474.56 * 1024 / 8,
           "uploadThroughput": 675 * 1024 / 8}

# Never copied into a scratch project: output, caches and the environment.
_SKIP = shutil.ignore_patterns(".git", ".venv", "site", "dist", "reports", "__pycache__", ".pytest_cache",
                               "node_modules", "*.pyc")


# --------------------------------------------------------------------------- scratch projects

def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """A private copy of the project (sources only), where bench builds can do as they like."""
    shutil.copytree(source, dest, ignore=_SKIP)
    return dest


def set_i18n_option(config: Path, key: str, value: str) -> None:
    """Add `key: value` to the i18n plugin's options in a project copy's config."""
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^(\s*)- i18n:\n", lambda m: f"{m.group(0)}{m.group(1)}    {key}: {value}\n", text, count=1)
    if not count:
        raise RuntimeError(f"{config}: no `- i18n:` plugin entry to add {key} to")
    config.write_text(text, encoding="utf-8")


def keep_languages(config: Path, keep: list[str]) -> None:
    """Drop every i18n language entry not in `keep` from a project copy's config."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    out, dropping, indent = [], False, None
    for line in lines:
        entry = re.match(r"^(\s*)- locale: *(\S+)", line)
        if entry:
            indent = len(entry.group(1))
            dropping = entry.group(2) not in keep
        elif indent is not None and line.strip() and len(line) - len(line.lstrip()) <= indent:
            dropping, indent = False, None  # the list has ended
        if not dropping:
            out.append(line)
    config.write_text("".join(out), encoding="utf-8")


def timed(command: list[str], cwd: Path, what: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a command (CPU time hardly moves when other jobs load the machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise RuntimeError(f"{what} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_build(project: Path, site_dir: Path, config: str = "mkdocs.yml") -> tuple[float, float]:
    """Wall and CPU seconds of `python -m scripts build` (what `make build` runs) in a project copy."""
    return timed([PYTHON, "-m", "scripts", "build", "--config", config, "--site-dir", str(site_dir)], project,
                 f"build of {project / config}")


def median_of(runs: int, measure) -> dict:
    times = [measure(i) for i in range(runs)]
    return {"median_s": round(statistics.median(t[0] for t in times), 2), "runs_s": [round(t[0], 2) for t in times],
            "cpu_s": round(statistics.median(t[1] for t in times), 2)}


# --------------------------------------------------------------------------- gzip server

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest", ".ico"}


@functools.lru_cache(maxsize=4096)
def _gzipped(path: str, mtime: float) -> bytes:
    # Level 6 with a fixed timestamp: the size does not change from one run to the next.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class GzipServer:
    """A static server that compresses text like GitHub Pages does and logs every response.

    The log is kept on the server side because dedicated workers' fetches and importScripts
    calls do not all reach the page's request events.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory).resolve()
        self.log: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.do_GET(body=False)

            def do_GET(self, body=True):
                path, status = server.resolve(urlparse(self.path).path)
                if path is None:
                    self.send_response(301)
                    self.send_header("Location", urlparse(self.path).path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                raw = path.read_bytes() if path.is_file() else b"Not found"
                data, encoding = raw, None
                accepts = "gzip" in self.headers.get("Accept-Encoding", "")
                if accepts and path.suffix in COMPRESSIBLE and path.is_file():
                    data, encoding = _gzipped(str(path), path.stat().st_mtime), "gzip"
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
                    kind += "; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "max-age=600")
                self.send_header("Vary", "Accept-Encoding")
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                self.end_headers()
                if body:
                    self.wfile.write(data)
                with server._lock:
                    server.log.append({"path": urlparse(self.path).path, "status": status, "raw": len(raw),
                                       "sent": len(data), "gzip": encoding == "gzip", "at": time.perf_counter()})

        self._httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def resolve(self, url_path: str) -> tuple[Path | None, int]:
        """File for a URL path like GitHub Pages: folder -> index.html, unknown -> 404.html."""
        target = (self.directory / unquote(url_path).lstrip("/")).resolve()
        if self.directory not in target.parents and target != self.directory:
            return self.directory / "404.html", 404
        if target.is_dir():
            if not url_path.endswith("/"):
                return None, 301
            target = target / "index.html"
        if target.is_file():
            return target, 200
        return self.directory / "404.html", 404

    def mark(self) -> int:
        with self._lock:
            return len(self.log)

    def since(self, mark: int) -> list[dict]:
        with self._lock:
            return list(self.log[mark:])

    def wait_quiet(self, seconds: float = 1.0, timeout: float = 30.0) -> None:
        """Wait until no request has arrived for `seconds` (late fetches such as sitemaps count)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            with self._lock:
                last = self.log[-1]["at"] if self.log else 0
            if time.perf_counter() - last >= seconds:
                return
            time.sleep(0.1)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --------------------------------------------------------------------------- page load

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
    own_lunr = {code for code in per_language.SEARCH.get(lang, {}).get("lang", ["en"])}
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


# --------------------------------------------------------------------------- default Material

def default_material_project(dest: Path, lang: str, source: Path = ROOT) -> Path:
    """A plain Material site of the same pages in one language: Material's defaults, same Markdown."""
    ours = content.load_config(source / "mkdocs.yml")
    docs = dest / "docs"
    docs.mkdir(parents=True)
    names = []
    for item in ours.get("nav") or []:
        name = item if isinstance(item, str) else next(iter(item.values()))
        page = source / "docs" / lang / name
        if not page.exists():
            page = source / "docs" / content.DEFAULT_LANGUAGE / name
        shutil.copy2(page, docs / name)
        names.append(name)
    site_name = ours.get("site_name")
    for plugin in ours.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for item in plugin["i18n"].get("languages", []):
                if item.get("locale") == lang and item.get("site_name"):
                    site_name = item["site_name"]
    config = {
        "site_name": site_name,
        "theme": {"name": "material", "language": lang},
        # The same Markdown extensions, so both sites render the same page.
        "markdown_extensions": ours.get("markdown_extensions") or [],
        "nav": names,
    }
    (dest / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return dest


def build_default(project: Path) -> Path:
    site = project / "site"
    result = subprocess.run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                            cwd=project, env=ENV, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"default Material build failed:\n{result.stderr[-3000:]}")
    return site


# --------------------------------------------------------------------------- sizes and budgets

def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def site_sizes(site: Path, languages: list[str]) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    indexes = {}
    for lang in languages:
        index = site / ("" if lang == languages[0] else lang) / "search" / "search_index.json"
        if index.exists():
            indexes[lang] = {"raw_bytes": index.stat().st_size, "gzip_bytes": gz_size(index)}
    return {
        "total_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
        "search_index": indexes,
    }


def source_maps(folder: Path) -> list[str]:
    """Source map files, and CSS/JS files that still point at one."""
    found = [str(p.relative_to(folder)) for p in folder.rglob("*.map")]
    for path in folder.rglob("*"):
        if path.suffix in (".js", ".css") and path.is_file():
            if re.search(rb"[#@] sourceMappingURL=", path.read_bytes()[-400:]):
                found.append(f"{path.relative_to(folder)} (sourceMappingURL comment)")
    return sorted(found)


# Evidence in the built pages that an enabled Material feature does something here.
FEATURE_EVIDENCE = {
    "content.action.edit": r'class="md-content__button md-icon"[^>]*href=|href="[^"]*"[^>]*class="md-content__button',
    "content.action.view": r'class="md-content__button md-icon"',
    "content.tooltips": r"<abbr |\btitle=",
    "content.code.copy": r'<pre|class="highlight"',
    "content.code.annotate": r'class="md-annotation',
    "content.code.select": r'class="highlight"',
    "content.tabs.link": r'class="tabbed-set',
    "content.footnote.tooltips": r'class="footnote',
    "navigation.footer": r'class="md-footer__link',
    "navigation.instant": None,  # loads pages by XHR; a lean static guide has no use for it
    "navigation.instant.prefetch": None,
    "navigation.instant.progress": None,
    "navigation.tracking": r'class="md-nav__link" href="#',
    "navigation.top": r'class="md-top',
    "navigation.tabs": r'class="md-tabs',
    "navigation.sections": r'class="md-nav__item md-nav__item--section',
    "navigation.expand": r'md-nav__item--nested',
    "navigation.indexes": r'md-nav__container',
    "navigation.path": r'class="md-path',
    "navigation.prune": r'md-nav__item--nested',
    "toc.follow": r'class="md-nav__link" href="#',
    "toc.integrate": r'data-md-component="toc"',
    "search.highlight": r'data-md-component="search"',
    "search.suggest": r'data-md-component="search-suggest"',
    "search.share": r'data-md-component="search-share"',
    "header.autohide": r'data-md-component="header"',
    "announce.dismiss": r'data-md-component="announce"',
}


def unused_features(config: Path, site: Path) -> list[str]:
    """Enabled theme features with no use on any built page."""
    features = (content.load_config(config).get("theme") or {}).get("features") or []
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    unused = []
    for feature in features:
        pattern = FEATURE_EVIDENCE.get(feature, "")
        if pattern is None or (pattern and not any(re.search(pattern, html) for html in pages)):
            unused.append(feature)
    return unused


# --------------------------------------------------------------------------- serve rebuild

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def serve_rebuild(project: Path, runs: int, page: str = "procedure.md", timeout: float = 180.0) -> dict:
    """Seconds from saving an edited page to `make serve` serving the new text."""
    port = free_port()
    process = subprocess.Popen([PYTHON, "-m", "scripts", "serve", "--addr", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        root = f"http://127.0.0.1:{port}/"
        end = time.perf_counter() + timeout
        while _get(root) is None:
            if time.perf_counter() > end or process.poll() is not None:
                raise RuntimeError("`python -m scripts serve` did not start serving")
            time.sleep(0.25)
        with urllib.request.urlopen(root, timeout=5) as response:
            base = response.geturl()  # mkdocs serves under site_url's path
        url = base + page_path(content.DEFAULT_LANGUAGE, page)
        source = project / "docs" / content.DEFAULT_LANGUAGE / page
        original = source.read_text(encoding="utf-8")
        times = []
        for run in range(runs):
            marker = f"Bench edit marker {run} {time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            start = time.perf_counter()
            source.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while marker not in (_get(url) or ""):
                if time.perf_counter() - start > timeout:
                    raise RuntimeError(f"the served page never showed the edit to {page}")
                time.sleep(0.1)
            times.append(time.perf_counter() - start)
        source.write_text(original, encoding="utf-8")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    return {"median_s": round(statistics.median(times), 2), "runs_s": [round(t, 2) for t in times]}


# --------------------------------------------------------------------------- large fixture

SECTION_SIZE = 20


def make_large_fixture(dest: Path, pages: int, langs: int, source: Path = ROOT) -> Path:
    """A project copy with `pages` generated pages (plus the real ones) in the first `langs` languages."""
    copy_project(dest, source)
    languages = content.languages(dest / "mkdocs.yml")[:langs]
    keep_languages(dest / "mkdocs.yml", languages)
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
    config = dest / "mkdocs.yml"
    # A site this size groups its pages in sections and prunes the navigation to the open one;
    # a flat list of every page on every page makes each page grow with the site (quadratic build).
    entries = ""
    for first in range(1, pages + 1, SECTION_SIZE):
        last = min(first + SECTION_SIZE - 1, pages)
        entries += f"  - Generated {first}-{last}:\n"
        entries += "".join(f"    - generated-{number:04d}.md\n" for number in range(first, last + 1))
    text, count = re.subn(r"(\nnav:\n(?:  - .*\n)*)", lambda m: m.group(1) + entries, config.read_text(encoding="utf-8"),
                          count=1)
    if not count:
        raise RuntimeError("mkdocs.yml has no `nav:` list to add the generated pages to")
    text, count = re.subn(r"(?m)^(\s*)features:\n", lambda m: f"{m.group(0)}{m.group(1)}  - navigation.prune\n", text,
                          count=1)
    if not count:
        raise RuntimeError("mkdocs.yml has no theme `features:` list to add navigation.prune to")
    config.write_text(text, encoding="utf-8")
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


# --------------------------------------------------------------------------- Lighthouse

def lighthouse(url: str, out: Path, timeout: float = 300.0) -> dict:
    """The four mobile category scores of Lighthouse 12.2.3 (Node 20), or why it could not run."""
    if not shutil.which("npx"):
        return {"error": "npx not found (install Node.js 20 to get Lighthouse scores)"}
    env = dict(ENV, CHROME_PATH=CHROMIUM)
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
               "--only-categories=performance,accessibility,best-practices,seo",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"Lighthouse took more than {timeout:.0f} s"}
    if result.returncode or not out.exists():
        return {"error": (result.stderr.strip().splitlines() or ["Lighthouse failed"])[-1][:300]}
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {key: round(value["score"] * 100) if value["score"] is not None else None
              for key, value in report["categories"].items()}
    lost = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = f" {audit['displayValue']}" if audit.get("displayValue") else ""
                lost.append(f"{ref['id']}{shown}")
    return {"scores": scores, "lost": lost, "warnings": report.get("runWarnings", [])}


# --------------------------------------------------------------------------- the command

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
        kiosk = sizes.get("kiosk_zip")
        rows.append(["kiosk zip", _kib(kiosk.get("bytes")) if kiosk else None, (kiosk or {}).get("note", "")])
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
            set_i18n_option(single / "mkdocs.yml", "build_only_locale", lang)
            log(f"build: {lang} only x{args.runs}")
            for_lang[lang] = median_of(args.runs, lambda i: run_build(single, scratch / f"only-{lang}-site"))
            shutil.rmtree(scratch / f"only-{lang}-site", ignore_errors=True)
        build["english"] = for_lang[languages[0]]
        build["per_language_average"] = {
            "median_s": round(statistics.fmean(v["median_s"] for v in for_lang.values()), 2),
            "cpu_s": round(statistics.fmean(v["cpu_s"] for v in for_lang.values()), 2), "runs_s": []}
        build["per_language"] = for_lang
        kiosk_zip = None
        kiosk_maps = None
        if (project / "mkdocs.kiosk.yml").exists():
            log(f"build: kiosk x{args.runs}")
            kiosk_command = _kiosk_command(project)
            build["kiosk"] = median_of(args.runs, lambda i: kiosk_command(scratch))
            zips = sorted((project / "dist").glob("*.zip")) if (project / "dist").exists() else []
            kiosk_zip = {"bytes": zips[0].stat().st_size, "note": zips[0].name} if zips else \
                {"bytes": None, "note": "no zip (mkdocs build -f mkdocs.kiosk.yml only)"}
            kiosk_dir = project / "dist" / "kiosk" if (project / "dist" / "kiosk").exists() else scratch / "kiosk-site"
            kiosk_maps = source_maps(kiosk_dir) if kiosk_dir.exists() else None
        else:
            build["kiosk"] = {"skipped": "no mkdocs.kiosk.yml yet"}
        if not args.no_serve:
            log(f"build: make serve rebuild after an edit x{args.runs}")
            build["serve_rebuild"] = serve_rebuild(copy_project(scratch / "serve"), args.runs)
        else:
            build["serve_rebuild"] = {"skipped": "--no-serve"}

        report["size"] = {
            "site": site_sizes(full_site, languages),
            "kiosk_zip": kiosk_zip,
            "source_maps": {"public": source_maps(full_site), **({"kiosk": kiosk_maps} if kiosk_maps is not None else {})},
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
        report["budgets"] = budgets(report)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _material_version() -> str:
    try:
        from importlib.metadata import version

        return version("mkdocs-material")
    except Exception:  # noqa: BLE001 - only a label in the report
        return "unknown"


def _kiosk_command(project: Path):
    """`python -m scripts kiosk` when the kiosk module is there, else a plain build of mkdocs.kiosk.yml."""
    if (project / "scripts" / "kiosk.py").exists():
        return lambda scratch: timed([PYTHON, "-m", "scripts", "kiosk"], project, "`python -m scripts kiosk`")
    return lambda scratch: run_build(project, scratch / "kiosk-site", "mkdocs.kiosk.yml")


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


def lighthouse_pages(site: Path, scratch: Path, languages: list[str], args, log) -> dict:
    server = GzipServer(site)
    pages = {}
    try:
        for lang in languages:
            log(f"lighthouse: {lang}")
            pages[lang] = lighthouse(server.url + page_path(lang, args.page), scratch / f"lighthouse-{lang}.json")
            if "error" in pages[lang] and lang == languages[0]:
                return {"skipped": f"Lighthouse could not run: {pages[lang]['error']}"}
    finally:
        server.close()
    result = {"pages": pages}
    default_site = scratch / f"default-{languages[0]}" / "site"
    if default_site.exists():
        # The same audit of Material's defaults shows what this machine's CPU allows at all.
        log(f"lighthouse: {languages[0]} default Material")
        server = GzipServer(default_site)
        try:
            result["default"] = {languages[0]: lighthouse(server.url + page_path(content.DEFAULT_LANGUAGE, args.page),
                                                          scratch / "lighthouse-default.json")}
        finally:
            server.close()
    return result


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


def write_report(report: dict, out: Path) -> Path:
    if not out.is_absolute():
        out = ROOT / out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


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
