"""Lighthouse's four mobile scores for the sample page of each language (needs npx)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import content
from ..browser import CHROMIUM
from .loads import page_path
from .projects import ENV
from .serving import GzipServer


LIGHTHOUSE = "lighthouse@12.2.3"


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
