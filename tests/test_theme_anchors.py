"""Every Material and static-i18n internal the build leans on (scripts/theme_anchors.py), checked
against the installed packages. After a version bump, these tests name each anchor that moved;
the build itself stops on the first one with the same name.

The markup, asset and attribute anchors are checked on a real two-language Material site built
with nothing of ours but a probe hook (about two seconds), so a pattern that no longer matches
Material's rendered HTML fails here, not only a build.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from jinja2 import nodes
from mkdocs.exceptions import PluginError

from conftest import ENV, ROOT
from scripts import lean, per_language
from scripts import theme_anchors as anchors

# A hook that asks static-i18n's private attributes through theme_anchors, as the build does:
# a moved attribute stops this build with the anchor's name.
_PROBE_HOOK = """
from scripts import theme_anchors as anchors

def on_page_context(context, page, config, nav):
    anchors.file_locale(page, config)
    anchors.i18n_current_language(config)
    anchors.i18n_building(config)
    anchors.i18n_build_only_locale(config)
    assert anchors.i18n_built_locales(config, "en") == ["en", "es"]
    assert anchors.alternates(config), "no language menu"
    return context
"""


@pytest.fixture(scope="module")
def material_site(tmp_path_factory) -> Path:
    """Material and static-i18n as installed, two languages, an extra stylesheet and script, no hook of ours."""
    root = tmp_path_factory.mktemp("material-probe")
    for name, text in {"docs/en/index.md": "# Hello\n\nSome text.\n", "docs/es/index.md": "# Hola\n\nUn texto.\n",
                       "overrides/assets/extra.css": "body{margin:0}\n", "overrides/assets/extra.js": "void 0;\n",
                       "probe.py": _PROBE_HOOK}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Probe", "site_url": "https://example.org/probe/",
        "theme": {"name": "material", "language": "en", "custom_dir": "overrides",
                  "palette": [{"scheme": "default", "primary": "indigo"}]},
        "extra_css": ["assets/extra.css"], "extra_javascript": ["assets/extra.js"],
        "hooks": ["probe.py"],
        "plugins": ["search", {"i18n": {"docs_structure": "folder", "fallback_to_default": True,
                                        "reconfigure_material": True,
                                        "languages": [{"locale": "en", "default": True, "name": "English", "build": True},
                                                      {"locale": "es", "name": "Español", "build": True}]}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = dict(ENV, PYTHONPATH=os.pathsep.join([str(ROOT), ENV.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")], cwd=root,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"({anchors.versions()})\n" + result.stdout + result.stderr
    return root / "site"


def test_every_markup_anchor_matches_materials_rendered_page(material_site):
    html = (material_site / "es" / "index.html").read_text(encoding="utf-8")
    moved = [f"{anchor.name}: {anchor.pattern.pattern} matches nothing in a rendered page "
             f"(look for `{anchor.probe}` in material/templates/{anchor.template})"
             for anchor in anchors.MARKUP if not anchor.pattern.search(html)]
    moved += [f"extra_{kind} link: {anchors.extra_link(kind, name).pattern} matches nothing"
              for kind, name in (("css", "assets/extra.css"), ("js", "assets/extra.js"))
              if not anchors.extra_link(kind, name).search(html)]
    assert not moved, f"({anchors.versions()})\n" + "\n".join(moved)


def test_every_asset_anchor_is_in_a_built_site(material_site):
    moved = []
    for asset in anchors.ASSETS:
        try:
            asset.find(material_site)
        except PluginError as error:
            moved.append(str(error))
    assert not moved, "\n".join(moved)


def test_the_bundle_reads_the_offline_index_where_the_kiosk_writes_it(material_site):
    bundle = next((material_site / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert anchors.OFFLINE_INDEX_PROBE in bundle and f"=>{anchors.OFFLINE_INDEX_VARIABLE})" in bundle, (
        f"({anchors.versions()}) Material's bundle no longer loads {anchors.OFFLINE_INDEX_FILE} / "
        f"{anchors.OFFLINE_INDEX_VARIABLE} over file://: the kiosk's search would be empty")


def test_the_worker_loads_lunr_files_as_lunr_files_says(material_site):
    worker = anchors.SEARCH_WORKER_FILE.find(material_site)[0].read_text(encoding="utf-8")
    moved = [f"`{probe}` not in the installed search worker" for probe in anchors.LUNR_LOADER_PROBES
             if probe not in worker]
    assert not moved, f"({anchors.versions()}) theme_anchors.lunr_files() may be wrong:\n" + "\n".join(moved)
    shipped = {p.name for p in anchors.LUNR_DIR.find(material_site)[0].rglob("*.js")}
    for langs in (["en"], ["es"], ["ja"], ["th"], ["en", "fr"]):
        assert anchors.lunr_files(langs) <= shipped, langs
    assert anchors.lunr_files(["en"]) == set()
    assert anchors.lunr_files(["en", "fr"]) == {"lunr.fr.min.js", "lunr.multi.min.js", "lunr.stemmer.support.min.js"}


def test_every_block_our_templates_override_is_one_of_materials():
    """Jinja ignores an override of a block the theme no longer has: the page just loses our part."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(anchors.material_dir())))

    def blocks(source: str) -> set[str]:
        return {block.name for block in env.parse(source).find_all(nodes.Block)}

    theirs = set()
    for template in ("base.html", "main.html"):
        theirs |= blocks((anchors.material_dir() / template).read_text(encoding="utf-8"))
    ours = {path: blocks(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "overrides").rglob("*.html"))}
    assert any(ours.values()), "no block overrides found: the test reads the wrong folder"
    gone = [f"{path.relative_to(ROOT)}: block `{name}` is not in Material's base.html"
            for path, names in ours.items() for name in sorted(names - theirs)]
    assert not gone, f"({anchors.versions()})\n" + "\n".join(gone)


def test_kiosk_offline_plugin_is_where_theme_anchors_looks():
    assert anchors.offline_plugin_class().__name__ == "OfflinePlugin"


def test_every_language_key_is_in_materials_own_data():
    moved = [f"{key}: not in material/templates/partials/languages/en.html"
             for key in anchors.LANGUAGE_KEYS if not anchors._language_macro("en")(key)]
    assert not moved, f"({anchors.versions()})\n" + "\n".join(moved)
    assert anchors.is_right_to_left("ar") and not anchors.is_right_to_left("fr")
    with pytest.raises(PluginError, match="partials/languages/xx.html"):
        anchors.theme_language("xx", "direction")


def test_search_settings_are_materials_but_for_deliberate_differences(languages):
    """Each entry of per_language._OUR_SEARCH must differ from what Material already says."""
    same = [f"{lang} {key}: Material already says {value!r}; remove it from per_language._OUR_SEARCH"
            for lang, ours in per_language._OUR_SEARCH.items() for key, value in ours.items()
            if per_language.material_search(lang)[key] == value]
    assert not same, "\n".join(same)
    assert set(per_language._OUR_SEARCH) <= set(languages)
    for lang in languages:
        assert set(per_language.search_settings(lang)) == {"lang", "separator", "pipeline"}, lang


def test_a_missing_anchor_is_a_build_error_naming_it_and_the_versions(tmp_path):
    with pytest.raises(PluginError) as raised:
        anchors.CONFIG.sub(lambda m: m.group(0), "<html>no config</html>", "es/procedure.md")
    message = str(raised.value)
    assert "config-script" in message and "es/procedure.md" in message
    assert "mkdocs-material" in message and "mkdocs-static-i18n" in message
    with pytest.raises(PluginError, match="main-stylesheet-file"):
        anchors.MAIN_CSS_FILE.find(tmp_path)


def _built_site(tmp_path: Path, page_html: str) -> list[Path]:
    """A finished site as Material leaves it: its two stylesheets and one page."""
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    theme = [styles / "main.0123abcd.min.css", styles / "palette.4567ef01.min.css"]
    theme[0].write_text(".md-typeset{color:red}.md-unused{color:blue}", encoding="utf-8")
    theme[1].write_text("[data-md-color-scheme=slate]{color:white}", encoding="utf-8")
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    return theme


def test_lean_site_keeps_materials_stylesheets_when_a_page_does_not_link_the_trimmed_file(tmp_path):
    # Markup that moved: the page still links Material's stylesheet, which the anchor did not replace.
    theme = _built_site(tmp_path, "<link rel='stylesheet' href='assets/stylesheets/main.0123abcd.min.css'><body></body>")
    with pytest.raises(PluginError, match="main-stylesheet-href") as raised:
        lean.site(tmp_path, ["en"], SimpleNamespace(extra={}), "main.feedbeef.lean.css")
    assert "index.html" in str(raised.value) and "main.feedbeef.lean.css" in str(raised.value)
    assert all(path.exists() for path in theme)


def test_lean_site_writes_the_linked_stylesheet_and_rewrites_no_page(tmp_path):
    page = ('<link rel="stylesheet" href="assets/stylesheets/main.feedbeef.lean.css">'
            '<body><div class="md-typeset"></div></body>')
    theme = _built_site(tmp_path, page)
    before = (tmp_path / "index.html").stat().st_mtime_ns
    lean.site(tmp_path, ["en"], SimpleNamespace(extra={}), "main.feedbeef.lean.css")
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == page
    assert (tmp_path / "index.html").stat().st_mtime_ns == before, "lean.site wrote a finished page"
    trimmed = (tmp_path / "assets/stylesheets/main.feedbeef.lean.css").read_text(encoding="utf-8")
    assert ".md-typeset{color:red}" in trimmed and ".md-unused" not in trimmed
    assert not any(path.exists() for path in theme)


def test_page_links_the_trimmed_stylesheet_by_the_name_it_is_given():
    head = ('<meta http-equiv="Content-Security-Policy" content="__CSP__">'
            '<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
            '\n<link rel="stylesheet" href="../assets/stylesheets/palette.4567ef01.min.css">'
            '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script>')
    out = lean.trimmed_stylesheet(lean.preload_hints('<meta charset="utf-8">' + head, "es/index.md"),
                                  "main.feedbeef.lean.css", "es/index.md")
    assert "min.css" not in out
    assert out.count('href="../assets/stylesheets/main.feedbeef.lean.css"') == 2  # the link and its preload hint
    with pytest.raises(PluginError, match="palette-stylesheet"):
        lean.trimmed_stylesheet("<head></head>", "main.feedbeef.lean.css", "es/index.md")


def _mini_project(root: Path) -> Path:
    for name, text in {"mkdocs.yml": "site_name: x\nsite_url: !ENV [GUIDE_TEST_URL, 'https://example.org/']\n",
                       "docs/en/index.md": "# Hello\n",
                       "overrides/main.html": "{% extends 'base.html' %}\n", "locales/en.yml": "a: b\n",
                       "source/article.txt": "Title\n", "scripts/lean.py": "# code\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_stylesheet_name_follows_every_input_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.delenv("GUIDE_TEST_URL", raising=False)
    project = _mini_project(tmp_path / "a")
    name = lean.stylesheet_name(project)
    assert re.fullmatch(r"main\.[0-9a-f]{8}\.lean\.css", name)
    # The same inputs elsewhere, and build leftovers, give the same name: the build stays reproducible.
    assert lean.stylesheet_name(_mini_project(tmp_path / "b")) == name
    (project / "scripts/__pycache__").mkdir()
    (project / "scripts/__pycache__/lean.cpython-311.pyc").write_bytes(b"\0")
    (project / "site").mkdir()
    (project / "site/index.html").write_text("<html></html>", encoding="utf-8")
    assert lean.stylesheet_name(project) == name
    seen = {name}
    for changed in ("docs/en/index.md", "overrides/main.html", "locales/en.yml", "source/article.txt",
                    "scripts/lean.py", "mkdocs.yml"):
        with (project / changed).open("a", encoding="utf-8") as handle:
            handle.write("# edit\n" if changed.endswith(".yml") else "<!-- edit -->\n")
        renamed = lean.stylesheet_name(project)
        assert renamed not in seen, f"editing {changed} did not change the trimmed stylesheet's name"
        seen.add(renamed)
    # A setting the config reads with !ENV changes the pages too.
    monkeypatch.setenv("GUIDE_TEST_URL", "https://clinic.example/guide/")
    assert lean.stylesheet_name(project) not in seen


# --------------------------------------------------------------------------- a page's languages

def _i18n_config(*languages, only=None):
    """A loaded config as the hook sees it, with static-i18n's parsed (locale, default, build) entries."""
    entries = [SimpleNamespace(locale=locale, default=default, build=build, name=locale.upper())
               for locale, default, build in languages]
    plugin = SimpleNamespace(config=SimpleNamespace(languages=entries, build_only_locale=only))
    return SimpleNamespace(extra={}, plugins={anchors.I18N: plugin})


def test_built_languages_follow_build_false_and_build_only_locale():
    # The default need not be listed first; it always routes the site's root.
    config = _i18n_config(("es", False, True), ("en", True, True), ("fr", False, False))
    assert anchors.i18n_locales(config, "en") == ["en", "es", "fr"]
    assert anchors.i18n_built_locales(config, "en") == ["en", "es"]
    only = _i18n_config(("en", True, True), ("es", False, True), only="es")
    assert anchors.i18n_built_locales(only, "en") == ["es"]
    assert anchors.i18n_built_locales(SimpleNamespace(plugins={}), "en") == ["en"]


def _guide_hook():
    """overrides/hooks/guide.py, loaded the way MkDocs loads a hook file."""
    spec = importlib.util.spec_from_file_location("guide_hook_under_test", ROOT / "overrides/hooks/guide.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_pages_languages_are_resolved_once_before_any_step_asks(monkeypatch):
    guide = _guide_hook()
    asked = []
    # A Spanish URL served from the English file: static-i18n's fallback.
    monkeypatch.setattr(guide.anchors, "file_locale", lambda page, config: asked.append(page.url) or "en")
    page = SimpleNamespace(url="es/questions/", file=SimpleNamespace(src_uri="questions.md"))
    config = _i18n_config(("en", True, True), ("es", False, True))
    guide.on_pre_build(config)
    with pytest.raises(PluginError, match="questions.md: its language was asked for before on_pre_page"):
        guide.page_languages(page)
    guide.on_pre_page(page, config, None)
    answers = {guide.page_languages(page) for _ in range(5)} | {(guide._lang(page), "en", "questions/")}
    assert answers == {("es", "en", "questions/")} and guide.page_languages(page).fallback
    assert asked == ["es/questions/"], "the page's language was worked out more than once"
    # A new build (static-i18n runs one per language) forgets the last one's pages.
    guide.on_pre_build(config)
    with pytest.raises(PluginError):
        guide.page_languages(page)


def test_a_file_without_static_i18ns_locale_is_a_build_error():
    config = SimpleNamespace(plugins={anchors.I18N: object()})
    page = SimpleNamespace(file=SimpleNamespace(src_uri="es/procedure.md"))
    with pytest.raises(PluginError, match=r"i18n-file\.locale.*es/procedure\.md"):
        anchors.file_locale(page, config)
    page.file.locale = "es"
    assert anchors.file_locale(page, config) == "es"
    assert anchors.file_locale(page, SimpleNamespace(plugins={})) is None


def test_each_rebuild_forgets_what_the_last_one_cached():
    """`make serve` rebuilds in one process: an edited glossary or sources registry must show."""
    from scripts import glossary, page_parts

    guide = _guide_hook()
    glossary.terms("en")
    page_parts.registry()
    assert glossary.terms.cache_info().currsize and page_parts.registry.cache_info().currsize
    guide.forget_cached()
    assert not glossary.terms.cache_info().currsize and not page_parts.registry.cache_info().currsize
