"""Scratch copies of the project and timed builds in them (the bench never touches the checkout)."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .. import content


ROOT = content.ROOT


PYTHON = sys.executable


ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=content.build_epoch())


# Never copied into a scratch project: output, caches and the environment.
_SKIP = shutil.ignore_patterns(".git", ".venv", "site", "dist", "reports", "__pycache__", ".pytest_cache",
                               "node_modules", "*.pyc")


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """A private copy of the project (sources only), where bench builds can do as they like."""
    shutil.copytree(source, dest, ignore=_SKIP)
    return dest


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
