"""How long `make serve` takes to show an edit."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

from .. import content
from .loads import page_path
from .projects import ENV, PYTHON


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
