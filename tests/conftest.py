"""Shared fixtures: the site is built once per session; browsers and servers are reused.

Scenario fixtures copy the project into a temporary folder, apply one editor mistake and run
the real commands (`python -m scripts check`, `python -m scripts build`) on the copy.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import content  # noqa: E402
from scripts.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401  (tests import them from here)

# What a copy of the project needs to check and build.
PROJECT_FILES = ("docs", "locales", "source", "overrides", "scripts", "mkdocs.yml", "mkdocs.kiosk.yml", "Makefile")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=content.build_epoch())


def run(args, cwd=ROOT, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, **kw)


def build(project: Path, site: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "scripts", "build", "--config", config, "--site-dir", str(site)], cwd=project)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The public site, built once with the same command as `make build`."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def languages() -> list[str]:
    return content.languages()


@pytest.fixture(scope="session")
def english_pages() -> list[str]:
    return sorted(p.name for p in content.pages() if p.lang == content.DEFAULT_LANGUAGE)


def page_url_path(lang: str, name: str) -> str:
    """Site-relative path of a page: `procedure.md` in `es` -> `es/procedure/`."""
    stem = name[:-3]
    path = "" if stem == "index" else f"{stem}/"
    return path if lang == content.DEFAULT_LANGUAGE else f"{lang}/{path}"


@pytest.fixture(scope="session")
def all_pages(languages, english_pages) -> list[tuple[str, str]]:
    """(lang, page path) for every built page in every language."""
    return [(lang, page_url_path(lang, name)) for lang in languages for name in english_pages]


# --------------------------------------------------------------------------- serving

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.lru_cache(maxsize=None)
def _serve(directory: str) -> str:
    handler = functools.partial(_QuietHandler, directory=directory)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def base_url(site) -> str:
    """The built site served on loopback, as GitHub Pages would serve it."""
    return _serve(str(site))


def serve(directory: Path) -> str:
    return _serve(str(directory))


# --------------------------------------------------------------------------- browser

BROWSER_FIXTURES = {"browser", "context", "page"}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Fails before any fixture starts Chromium, so `-m "not browser"` (make test-fast) never starts one.
    wanted = BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    if wanted and item.get_closest_marker("browser") is None:
        pytest.fail(f"{item.nodeid} uses {', '.join(sorted(wanted))} but is not marked @pytest.mark.browser", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` or set CHROMIUM")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


# --------------------------------------------------------------------------- scenarios

def copy_project(dest: Path) -> Path:
    """The project's sources copied into `dest`, where a test may change them."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the project, for tests that plant an editor's mistake in it."""
    return copy_project(tmp_path / "project")


def check(project: Path, *extra: str) -> subprocess.CompletedProcess:
    """`python -m scripts check` run on a project copy (what `make check` runs)."""
    return run([sys.executable, "-m", "scripts", "check", *extra], cwd=project)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"scenario setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def english_only(project: Path, config: str = "mkdocs.yml") -> str:
    """Write mkdocs.en.yml into a project copy: inherits `config`, builds English only (~2 s, not ~12 s)."""
    return content.config_overlay(project, "en", {}, base=config, build_only_locale=content.DEFAULT_LANGUAGE)
