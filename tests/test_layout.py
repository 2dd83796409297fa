"""The layout of issue 14 point 4 and the single readers of point 3, as fast tests (no build, no browser)."""

from __future__ import annotations

import ast
import inspect
import os
import sys

from conftest import ROOT, check, run
from scripts import __main__ as cli
from scripts import content, kiosk, lean, per_language


def test_make_check_writes_nothing_into_the_tree(project):
    before = sorted(p.relative_to(project) for p in project.rglob("*") if "__pycache__" not in p.parts)
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    after = sorted(p.relative_to(project) for p in project.rglob("*") if "__pycache__" not in p.parts)
    assert after == before


def test_check_writes_the_readability_report_when_asked(project, tmp_path):
    result = check(project, "--report", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| en | procedure.md | Flesch–Kincaid grade |" in (tmp_path / "out" / "readability.md").read_text("utf-8")
    assert (tmp_path / "out" / "readability.json").exists()
    assert not (project / "reports").exists()


def test_cli_imports_its_commands_and_checks_explicitly():
    source = inspect.getsource(cli)
    assert "__import__" not in source and "ModuleNotFoundError" not in source
    # Every module of scripts/ with a content check is in the one list `check` runs.
    tree = ast.parse(source)
    listed = {node.func.value.id for node in ast.walk(tree) if isinstance(node, ast.Call)
              and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
              and node.func.attr == "check"}
    modules = {path.stem for path in (ROOT / "scripts").glob("*.py")
               if "\ndef check(pages" in path.read_text(encoding="utf-8")}
    assert modules and modules <= listed, modules - listed


def test_every_command_is_registered():
    result = run([sys.executable, "-m", "scripts", "--help"])
    for command in ("check", "bench", "readability", "kiosk", "coverage", "signoff", "signoffs"):
        assert f"    {command}" in result.stdout, command


def test_kiosk_bundle_files_sit_together():
    for name in kiosk.EXTRAS:
        assert (kiosk.BUNDLE / name).is_file(), name
    assert not (ROOT / "scripts" / "launch-kiosk.sh").exists() and not (ROOT / "scripts" / "KIOSK.md").exists()


def test_browser_javascript_sits_with_the_theme_assets():
    assert not list((ROOT / "scripts").rglob("*.js")), "browser JavaScript belongs under overrides/assets/javascripts/"
    for path in (lean.LAZY_SEARCH, per_language.STEMMING_JS):
        assert path.is_file() and path.is_relative_to(ROOT / "overrides" / "assets" / "javascripts"), path


def test_config_is_read_the_way_mkdocs_reads_it(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/guide/")
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "45")
    assert content.load_config()["site_url"] == "https://example.org/guide/"
    kiosk_config = content.load_config(ROOT / "mkdocs.kiosk.yml")
    # INHERIT merged as MkDocs merges it, !ENV resolved in the child too.
    assert kiosk_config["extra"]["kiosk"]["idle_seconds"] == 45
    assert kiosk_config["site_name"] == content.load_config()["site_name"]


def test_build_epoch_has_one_reader(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1580640000")
    assert content.build_epoch() == "1580640000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert content.build_epoch() == content.commit_time()
    for path in [*(ROOT / "scripts").rglob("*.py"), *(ROOT / "tests").glob("*.py"), ROOT / "Makefile"]:
        if path.name in ("content.py", "test_layout.py", "test_reproducible.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert 'get("SOURCE_DATE_EPOCH' not in text and "git log -1" not in text, path


def test_config_has_one_reader():
    """content.load_config (MkDocs' own loader) is the one place that reads mkdocs*.yml as MkDocs does."""
    readers = [path for path in [*(ROOT / "scripts").rglob("*.py"), *(ROOT / "tests").glob("*.py")]
               if path.name not in ("content.py", "test_layout.py") and "yaml_load(" in path.read_text(encoding="utf-8")]
    assert not readers, f"use content.load_config() instead of reading mkdocs.yml in: {readers}"


def test_browser_path_has_one_reader():
    code = [*(ROOT / "scripts").rglob("*.py"), *(ROOT / "scripts").rglob("*.sh"), *(ROOT / "tests").glob("*.py"),
            ROOT / "Makefile"]
    for path in code:
        if path.name in ("browser.py", "test_layout.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert 'environ.get("CHROMIUM"' not in text and "/usr/bin/chromium" not in text, path
    result = run([sys.executable, "-m", "scripts.browser"])
    assert result.stdout.strip() == os.environ.get("CHROMIUM", "/usr/bin/chromium")
