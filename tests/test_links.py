"""linkchecker on the built site: every internal link and #anchor resolves (external ones: weekly CI)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, run

LINKCHECKER = [str(Path(sys.executable).with_name("linkchecker")), "-f", str(ROOT / "linkcheckerrc")]


def readable_copy(site: Path) -> Path:
    """linkchecker run as root drops to `nobody`, which must be able to read every file."""
    folder = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    folder.chmod(0o755)
    copy = folder / "site"
    shutil.copytree(site, copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


@pytest.fixture(scope="module")
def site_copy(site):
    copy = readable_copy(site)
    yield copy
    shutil.rmtree(copy.parent, ignore_errors=True)


def test_built_site_has_no_broken_internal_links_or_anchors(site_copy):
    result = run([*LINKCHECKER, "--threads", str(max(os.cpu_count() or 2, 4)), str(site_copy / "index.html")])
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 errors found" in result.stdout


def test_linkchecker_catches_a_broken_link_and_a_broken_anchor(site_copy, tmp_path):
    planted = readable_copy(site_copy)
    # linkchecker treats only URLs below the start page's folder as internal: start at the root.
    page = planted / "index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("</article>", '<a href="no-such-page/">x</a> <a href="procedure/#no-such-anchor">y</a></article>', 1)
    page.write_text(html, encoding="utf-8")
    result = run([*LINKCHECKER, "--recursion-level", "1", str(page)])
    shutil.rmtree(planted.parent, ignore_errors=True)
    assert result.returncode == 1
    assert "no-such-page" in result.stdout
    assert "no-such-anchor" in result.stdout
