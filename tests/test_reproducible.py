"""Reproducible builds: one commit, one output, byte for byte, wherever and whenever it is built."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ENV, english_only

# 2020-02-02 10:40 UTC: far from today, so a date taken from the clock cannot pass for it.
EPOCH = 1580640000
DAY = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).date()


def build_with(project: Path, site: Path, env: dict, config: str = "mkdocs.yml") -> None:
    result = subprocess.run([sys.executable, "-m", "scripts", "build", "--config", config, "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_one_commit_are_byte_identical(project, tmp_path):
    # The second build runs from another folder, in another time zone, with another hash seed.
    other = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(project, other)
    first, second = tmp_path / "first", tmp_path / "second"
    build_with(project, first, dict(ENV, SOURCE_DATE_EPOCH=str(EPOCH), TZ="UTC", PYTHONHASHSEED="1"))
    build_with(other, second, dict(ENV, SOURCE_DATE_EPOCH=str(EPOCH), TZ="Asia/Seoul", PYTHONHASHSEED="2"))
    a, b = digests(first), digests(second)
    assert a.keys() == b.keys(), sorted(set(a) ^ set(b))
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, f"{len(differing)} file(s) differ: {differing[:10]}"
    assert len(a) > 50
    # The date in the output is the fixed one: sitemap entries and the .gz header.
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (first / "sitemap.xml").read_text(encoding="utf-8")))
    assert lastmods == {DAY.isoformat()}, lastmods
    for sitemap in first.glob("*/sitemap.xml"):
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap.read_text(encoding="utf-8"))) <= {DAY.isoformat()}
    header = (first / "sitemap.xml.gz").read_bytes()[:10]
    midnight = dt.datetime.combine(DAY, dt.time(), dt.timezone.utc).timestamp()
    assert int.from_bytes(header[4:8], "little") == midnight
    assert gzip.decompress((first / "sitemap.xml.gz").read_bytes()) == (first / "sitemap.xml").read_bytes()


def test_build_takes_its_date_from_the_last_commit(project, tmp_path):
    """Without SOURCE_DATE_EPOCH (a plain `python -m scripts build`), the last commit dates the output."""
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"}
    stamp = f"@{EPOCH} +0000"
    git = dict(env, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t", GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", *args], cwd=project, env=git, check=True, capture_output=True)
    site = tmp_path / "out"
    build_with(project, site, env, english_only(project))
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert lastmods == {DAY.isoformat()}, lastmods
