from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(-300)
def on_post_build(config):
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return
    for index in Path(config.site_dir).glob("**/search/search_index.json"):
        index.with_suffix(".js").write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
