"""The lean page: what the MkDocs hook does so a first view costs few bytes and few requests.

Per page (`page()`, public site only):
- the small local CSS, JS and SVG favicon are inlined, so they cost no request of their own;
- Material's main and palette stylesheets become one link to a trimmed stylesheet, whose name
  (`stylesheet_name()`) is known before any page is built because it comes from the build's inputs;
- a small script defers Material's search index and worker until the reader opens search.

After the build (`site()`), which reads the finished pages and rewrites none of them:
- public site: writes the trimmed stylesheet under that name, holding only the rules that can
  match the built pages or the elements Material's JavaScript creates (dark mode included);
- public and kiosk: removes source maps and the search stemmers no language of the guide uses.
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.parse
from importlib import metadata
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from . import content, kiosk_edition, per_language
from . import theme_anchors as anchors

# Browser code inlined into every public page (overrides/hooks/guide.py keeps it off the site as a file).
LAZY_SEARCH = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/search/lazy-search.js"
# Files at most this size are inlined: a request costs more than their bytes on a slow link.
INLINE_MAX_BYTES = 8 * 1024


# Packages whose output ends up in a page's markup, so in what the trimmed stylesheet keeps.
_MARKUP_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown")
# Project folders every finished page is made from (texts, strings, templates, the build's code).
_INPUT_FOLDERS = ("docs", "locales", "source", "overrides", "scripts")


def stylesheet_name(project: Path) -> str:
    """The trimmed stylesheet's file name, from everything its content depends on.

    The content depends on the finished pages, which depend only on these inputs: the project's
    folders and config files, and the packages that write markup. Naming it from them lets every
    page link it as it is built, and a changed input still gives browsers a new file name.
    """
    project = Path(project)
    digest = hashlib.sha256()
    for dist in _MARKUP_PACKAGES:
        digest.update(f"{dist}=={metadata.version(dist)}\n".encode())
    files = sorted(project.glob("mkdocs*.yml"))
    for folder in _INPUT_FOLDERS:
        files += sorted(p for p in (project / folder).rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith("."))
    for path in files:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    # The config's `!ENV` settings (site address, edit links, clinic phone) reach the pages too.
    for name in sorted(_env_names(project)):
        digest.update(f"{name}={os.environ.get(name)}\0".encode())
    return f"main.{digest.hexdigest()[:8]}.lean.css"


def _env_names(project: Path) -> set[str]:
    """Environment variables the mkdocs*.yml files read with `!ENV NAME` or `!ENV [NAME, …, default]`."""
    names: set[str] = set()

    def walk(node) -> None:
        if node.tag == "!ENV":
            items = node.value if isinstance(node, yaml.SequenceNode) else [node]
            names.update(item.value for item in (items[:-1] if len(items) > 1 else items)
                         if isinstance(item, yaml.ScalarNode))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    for path in Path(project).glob("mkdocs*.yml"):
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=content.TolerantLoader)
        if node is not None:
            walk(node)
    return names


def is_public(config) -> bool:
    """The kiosk edition (offline plugin, file://) keeps Material's own files and links."""
    return not kiosk_edition.enabled(config)


def _local_file(config, href: str, base: str) -> Path | None:
    """The docs or theme file behind a page-relative href, when it is local and small."""
    if re.match(r"^[a-z]+:|^//", href):
        return None
    site_path = urllib.parse.urljoin("/" + base, href).lstrip("/").split("?")[0]
    for folder in [config.docs_dir, *config.theme.dirs]:
        candidate = Path(folder) / site_path
        if candidate.is_file() and candidate.stat().st_size <= INLINE_MAX_BYTES:
            return candidate
    return None


def page(output: str, page_url: str, config, stylesheet: str, where: str = "page") -> str:
    """Inline small local assets and the SVG favicon, defer search, link the trimmed stylesheet (public site only)."""
    if not is_public(config):
        return output
    base = page_url if page_url.endswith("/") or not page_url else page_url.rsplit("/", 1)[0] + "/"

    def inline_css(match):
        path = _local_file(config, match.group(1), base)
        if path is None:
            return match.group(0)
        return f"<style>{path.read_text(encoding='utf-8').strip()}</style>"

    def inline_js(match):
        path = _local_file(config, match.group(1), base)
        if path is None:
            return match.group(0)
        # "</script" inside the code would end the element early; none of ours has one.
        code = path.read_text(encoding="utf-8").strip()
        return match.group(0) if "</script" in code.lower() else f"<script>{code}</script>"

    def inline_icon(match):
        path = _local_file(config, match.group(2), base)
        if path is None or path.suffix != ".svg":
            return match.group(0)
        # A space is not allowed raw in a URL (the HTML checker rejects it), so it is encoded too.
        svg = urllib.parse.quote(" ".join(path.read_text(encoding="utf-8").split()), safe="=:/'")
        return f'{match.group(1)}"data:image/svg+xml,{svg}"'

    for css in config.extra_css:
        output = _must_sub(anchors.extra_link("css", css), inline_css, output, f"extra_css {css}", where)
    for js in config.extra_javascript:
        output = _must_sub(anchors.extra_link("js", str(js)), inline_js, output, f"extra_javascript {js}", where)
    output = anchors.FAVICON.sub(inline_icon, output, where)

    # Comment lines are for readers of the source, not for every page download.
    lazy = "\n".join(line for line in LAZY_SEARCH.read_text(encoding="utf-8").splitlines()
                     if not line.strip().startswith("//")).strip()
    output = anchors.BUNDLE.sub(lambda m: f"<script>{lazy}</script>{m.group(0)}", output, where)
    return trimmed_stylesheet(preload_hints(output, where), stylesheet, where)


def trimmed_stylesheet(output: str, name: str, where: str) -> str:
    """Material's two stylesheet links become one link (and its preload hint) to the trimmed file."""
    output = anchors.PALETTE_CSS.sub("", output, where)
    return anchors.MAIN_HREF.sub(lambda m: f'{m.group(1)}{name}"', output, where, count=0)


def _must_sub(pattern: re.Pattern, repl, text: str, name: str, where: str) -> str:
    """A link Material writes for every extra_css/extra_javascript entry; missing is a build error."""
    out, found = pattern.subn(repl, text)
    if not found:
        raise anchors.missing(f"{name} link", where)
    return out


# Our own placeholder's policy (overrides/main.html), not Material's markup.
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def preload_hints(output: str, where: str = "page") -> str:
    """Preload links for the theme stylesheet and every script, ahead of the stylesheet link.

    Chromium's preload scanner fetches nothing it finds after a meta CSP, so without these
    hints the bundle waits for the stylesheet and each script for the one before it. Placed
    after the policy, they are still governed by it.
    """
    csp = _CSP_META.search(output)
    if csp is None:
        raise PluginError(f"{where}: no Content-Security-Policy meta — overrides/main.html must keep its placeholder")
    css = anchors.THEME_CSS.search(output, where)
    if css.start() < csp.end():
        raise anchors.missing("main-stylesheet after the CSP meta", where)
    hints = [f'<link rel="preload" href="{css.group(1)}" as="style">']
    anchors.SCRIPT_SRC.search(output[css.end():], where)
    hints += [f'<link rel="preload" href="{src}" as="script">'
              for src in anchors.SCRIPT_SRC.pattern.findall(output[css.end():])]
    output = output[:css.start()] + "".join(hints) + "\n      " + output[css.start():]
    # A long policy must not push the charset out of the first 1024 bytes, where browsers look.
    charset = anchors.CHARSET.search(output, where)
    if charset.start() > csp.start():
        output = output[:charset.start()] + output[charset.end():]
        output = output[:csp.start()] + charset.group(0).strip() + "\n  " + output[csp.start():]
    return output


# --------------------------------------------------------------------------- CSS

def _scan(css: str, i: int, stops: str) -> int:
    """Index of the first character of `stops` at nesting depth 0 from i (strings, comments skipped)."""
    depth = 0
    while i < len(css):
        c = css[i]
        if c in "\"'":
            j = i + 1
            while j < len(css) and css[j] != c:
                j += 2 if css[j] == "\\" else 1
            i = j + 1
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in stops:
            return i
        i += 1
    return len(css)


def _block_end(css: str, i: int) -> int:
    """Index just past the `}` closing the block whose `{` is at i."""
    depth, i = 0, i
    while i < len(css):
        j = _scan(css, i, "{}")
        if j >= len(css):
            return len(css)
        depth += 1 if css[j] == "{" else -1
        i = j + 1
        if depth == 0:
            return i
    return len(css)


def parse_css(css: str) -> list:
    """Rules as ("rule", selectors, body), ("group", at-prelude, children) or ("raw", text)."""
    items, i = [], 0
    while i < len(css):
        while i < len(css) and css[i] in " \n\t\r":
            i += 1
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            continue
        if i >= len(css):
            break
        j = _scan(css, i, "{;}")
        if j >= len(css) or css[j] in ";}":
            if css[i:j + 1].strip(" ;}"):
                items.append(("raw", css[i:j + 1]))
            i = j + 1
            continue
        prelude, end = css[i:j].strip(), _block_end(css, j)
        body = css[j + 1:end - 1]
        if re.match(r"@(media|supports|layer|container|document)\b", prelude):
            items.append(("group", prelude, parse_css(body)))
        elif prelude.startswith("@") or "{" in body:
            items.append(("raw", css[i:end]))  # keyframes, page, nested rules: kept whole
        else:
            items.append(("rule", prelude, body))
        i = end
    return items


def _split_top(text: str, sep: str) -> list[str]:
    parts, i = [], 0
    while True:
        j = _scan(text, i, sep)
        parts.append(text[i:j])
        if j >= len(text):
            return parts
        i = j + 1


_CLASS = re.compile(r"\.((?:\\.|[\w-])+)")
_ID = re.compile(r"#((?:\\.|[\w-])+)")
_PALETTE_ATTR = re.compile(r"\[(data-md-color-(?:scheme|primary|accent))=[\"']?([\w-]+)[\"']?\]")


def _unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


def selector_can_match(selector: str, known: dict) -> bool:
    """False only when the selector needs a class, id or palette colour no page can ever have.

    Classes inside :not(), :is(), :where() and attribute values are ignored, so the test errs
    on the side of keeping a rule.
    """
    for attr, value in _PALETTE_ATTR.findall(selector):
        if value not in known["palette"].get(attr, set()):
            return False
    bare = re.sub(r"\[[^\]]*\]", "", selector)
    while re.search(r"\([^()]*\)", bare):
        bare = re.sub(r"\([^()]*\)", "", bare)
    if any(_unescape(c) not in known["classes"] for c in _CLASS.findall(bare)):
        return False
    return all(_unescape(i) in known["ids"] for i in _ID.findall(bare))


def _purge_rules(items: list, known: dict) -> list:
    out = []
    for item in items:
        if item[0] == "rule":
            kept = [s for s in _split_top(item[1], ",") if selector_can_match(s.strip(), known)]
            if kept:
                out.append(("rule", ",".join(kept), item[2]))
        elif item[0] == "group":
            children = _purge_rules(item[2], known)
            if children:
                out.append(("group", item[1], children))
        else:
            out.append(item)
    return out


def _serialise(items: list) -> str:
    parts = []
    for item in items:
        if item[0] == "rule":
            parts.append(f"{item[1]}{{{item[2]}}}")
        elif item[0] == "group":
            parts.append(f"{item[1]}{{{_serialise(item[2])}}}")
        else:
            parts.append(item[1])
    return "".join(parts)


def _drop_unused_properties(items: list, used_elsewhere: str) -> list:
    """Remove custom property declarations nothing reads (mostly icons of unused features)."""
    while True:
        text = _serialise(items) + used_elsewhere
        used = set(re.findall(r"var\(\s*(--[\w-]+)", text)) | set(re.findall(r"(--[\w-]+)", used_elsewhere))
        changed = False

        def prune(items):
            nonlocal changed
            out = []
            for item in items:
                if item[0] == "rule" and "--" in item[2]:
                    decls = _split_top(item[2], ";")
                    kept = [d for d in decls if not (m := re.match(r"\s*(--[\w-]+)\s*:", d)) or m.group(1) in used]
                    if len(kept) != len(decls):
                        changed = True
                    if any(d.strip() for d in kept):
                        out.append(("rule", item[1], ";".join(kept)))
                elif item[0] == "group":
                    children = prune(item[2])
                    if children:
                        out.append(("group", item[1], children))
                else:
                    out.append(item)
            return out

        items = prune(items)
        if not changed:
            return items


def _drop_unused_keyframes(items: list, used_elsewhere: str) -> list:
    text = _serialise([i for i in items if not (i[0] == "raw" and i[1].startswith("@keyframes"))]) + used_elsewhere

    def keep(item):
        name = re.match(r"@keyframes\s+([\w-]+)", item[1]) if item[0] == "raw" else None
        return name is None or re.search(rf"(?<![\w-]){re.escape(name.group(1))}(?![\w-])", text)

    return [i for i in items if keep(i)]


def known_names(html_pages: list[str], scripts: list[str]) -> dict:
    """Class names, ids and palette colours the pages have or Material's JavaScript can create."""
    classes, ids = set(), set()
    palette: dict[str, set] = {}
    for page_html in html_pages:
        for value in re.findall(r'\bclass="([^"]*)"', page_html):
            classes.update(value.split())
        ids.update(re.findall(r'\bid="([^"]*)"', page_html))
        for attr, value in re.findall(r'\b(data-md-color-(?:scheme|primary|accent))="([^"]*)"', page_html):
            palette.setdefault(attr, set()).add(value)
    for code in scripts:
        # Any word in the scripts may be a class name they add at run time: keep it.
        words = set(re.findall(r"[A-Za-z_][\w-]*", code))
        classes |= words
        ids |= words
    return {"classes": classes, "ids": ids, "palette": palette}


def lean_css(css: str, known: dict, used_elsewhere: str) -> str:
    """Material's CSS without the rules, icons and animations nothing on the site can use."""
    items = _purge_rules(parse_css(css), known)
    items = _drop_unused_properties(items, used_elsewhere)
    items = _drop_unused_keyframes(items, used_elsewhere)
    return _serialise(items)


# --------------------------------------------------------------------------- after the build

_SOURCE_MAP_COMMENT = re.compile(rb"\n?/[*/][#@] sourceMappingURL=[^\n]*?(?:\*/)?\s*$")


def remove_source_maps(site: Path) -> list[Path]:
    """Delete *.map files and the comments pointing at them (devtools would fetch them)."""
    removed = sorted(site.rglob("*.map"))
    for path in removed:
        path.unlink()
    for path in list(site.rglob("*.js")) + list(site.rglob("*.css")):
        data = path.read_bytes()
        stripped = _SOURCE_MAP_COMMENT.sub(b"", data)
        if stripped != data:
            path.write_bytes(stripped + b"\n")
    return removed


def prune_stemmers(site: Path, languages: list[str]) -> list[Path]:
    """Delete lunr language files that no language of the guide loads in Material's search worker."""
    folder = anchors.LUNR_DIR.find(site)[0]
    needed = set()
    for lang in languages:
        needed |= anchors.lunr_files(per_language.search_settings(lang)["lang"])
    removed = [p for p in folder.rglob("*.js") if p.name not in needed]
    for path in removed:
        path.unlink()
    return removed


def site(site_dir: Path, languages: list[str], config, stylesheet: str) -> None:
    """Trim the built site: the lean stylesheet the pages link (public), no source maps, no unused stemmers.

    The pages are read, never rewritten: they already link `stylesheet` (see `page()`).
    """
    site_dir = Path(site_dir)
    remove_source_maps(site_dir)
    prune_stemmers(site_dir, languages)
    if not is_public(config):
        return
    styles = site_dir / "assets" / "stylesheets"
    theme = anchors.MAIN_CSS_FILE.find(site_dir) + anchors.PALETTE_CSS_FILE.find(site_dir)
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))}
    # Every HTML file, 404.html included, must link the trimmed file and nothing of Material's.
    names = [p.name for p in theme]
    unlinked = [str(p.relative_to(site_dir)) for p, t in texts.items() if stylesheet not in t or any(n in t for n in names)]
    if unlinked:
        # Material's stylesheets stay: a page without the trimmed link would otherwise have no styles.
        raise anchors.missing("main-stylesheet-href", f"{', '.join(unlinked[:3])} (expected a link to {stylesheet})")
    scripts = [p.read_text(encoding="utf-8") for p in (site_dir / "assets" / "javascripts").rglob("*.js")]
    scripts += [s for t in texts.values() for s in re.findall(r"<script>(.*?)</script>", t, re.S)]
    ours = [p.read_text(encoding="utf-8") for p in site_dir.rglob("*.css") if p not in theme]
    ours += [s for t in texts.values() for s in re.findall(r"<style>(.*?)</style>", t, re.S)]
    ours += [s for t in texts.values() for s in re.findall(r'\bstyle="([^"]*)"', t)]
    known = known_names(list(texts.values()), scripts)
    css = "".join(p.read_text(encoding="utf-8").removeprefix('@charset "UTF-8";') for p in theme)
    (styles / stylesheet).write_text('@charset "UTF-8";' + lean_css(css, known, "\n".join(ours + scripts)),
                                     encoding="utf-8")
    for path in theme:
        path.unlink()
