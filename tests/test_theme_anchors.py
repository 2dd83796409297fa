"""Every Material and static-i18n internal the build leans on (scripts/theme_anchors.py), checked
against the installed packages without building anything. After a version bump, this test names
each anchor that moved; the build itself stops on the first one with the same name."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from scripts import lean
from scripts import theme_anchors as anchors


def _package_source(name: str) -> str:
    folder = Path(importlib.util.find_spec(name).origin).parent
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py")))


def test_every_markup_anchor_is_in_materials_templates():
    moved = []
    for anchor in anchors.MARKUP:
        template = anchors.material_dir() / anchor.template
        text = template.read_text(encoding="utf-8") if template.is_file() else ""
        if anchor.probe not in text:
            moved.append(f"{anchor.name}: `{anchor.probe}` not in material/templates/{anchor.template}")
    base = (anchors.material_dir() / "base.html").read_text(encoding="utf-8")
    moved += [f"extra_css/extra_javascript link: `{probe}` not in base.html"
              for probe in anchors.EXTRA_PROBES if probe not in base]
    assert not moved, f"({anchors.versions()})\n" + "\n".join(moved)


def test_every_asset_anchor_is_in_materials_bundle():
    moved = [f"{asset.name}: no {asset.in_theme} in material/templates"
             for asset in anchors.ASSETS
             if asset.in_theme and asset.in_theme != "sitemap.xml" and not list(anchors.material_dir().glob(asset.in_theme))]
    assert not moved, f"({anchors.versions()})\n" + "\n".join(moved)


def test_every_private_attribute_is_in_the_plugins_source():
    sources = {name: _package_source(name) for name in {module for _, module, _ in anchors.ATTRIBUTES}}
    moved = [f"{name}: `{text}` not in {module}" for name, module, text in anchors.ATTRIBUTES if text not in sources[module]]
    assert anchors.offline_plugin_class().__name__ == "OfflinePlugin"
    assert not moved, f"({anchors.versions()})\n" + "\n".join(moved)


def test_a_missing_anchor_is_a_build_error_naming_it_and_the_versions(tmp_path):
    with pytest.raises(PluginError) as raised:
        anchors.CONFIG.sub(lambda m: m.group(0), "<html>no config</html>", "es/procedure.md")
    message = str(raised.value)
    assert "config-script" in message and "es/procedure.md" in message
    assert "mkdocs-material" in message and "mkdocs-static-i18n" in message
    with pytest.raises(PluginError, match="main-stylesheet-file"):
        anchors.MAIN_CSS_FILE.find(tmp_path)


def test_lean_site_keeps_materials_stylesheets_when_no_page_link_was_rewritten(tmp_path):
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    theme = [styles / "main.0123abcd.min.css", styles / "palette.4567ef01.min.css"]
    for path in theme:
        path.write_text("body{color:red}", encoding="utf-8")
    # Markup that moved: the page links Material's stylesheet in a way the anchor no longer matches.
    (tmp_path / "index.html").write_text(
        "<link rel='stylesheet' href='assets/stylesheets/main.0123abcd.min.css'><body></body>", encoding="utf-8")
    config = SimpleNamespace(extra={})
    with pytest.raises(PluginError, match="main-stylesheet-href"):
        lean.site(tmp_path, ["en"], config)
    assert all(path.exists() for path in theme)
