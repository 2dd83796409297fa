"""The comparison site: the same pages in one language, built with Material's defaults."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import content
from .projects import ENV, PYTHON, ROOT


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
    entry = next((item for item in content.language_entries(source / "mkdocs.yml") if item.get("locale") == lang), {})
    site_name = entry.get("site_name") or ours.get("site_name")
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
