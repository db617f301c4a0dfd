"""The tracker's few overrides of Material's templates, and the theme files a tracker site never loads.

The overrides (`overrides/`, searched before Material's own templates, after a site's `custom_dir`) write each
navigation item and tab of a page as one line: Material's, with an ellipsis span and its nesting, was a third of the
shell of every page (3.5 KiB of a directive page's 7.4). They fall back on Material's own template, reached under the
prefix `material/`, for anything but a plain page (the open page, whose item holds its table of contents; a section).

Material's search plugin is off (see mkdocs.yml), but its theme still ships the search's language files (`lunr/`,
0.9 MB) and the source maps of its scripts (1.2 MB), which no page asks for: they are not copied into the site.
The search worker itself stays (Material's script starts it on every page).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

OVERRIDES = Path(__file__).with_name("overrides")
PREFIX = "material"  # `{% import "material/partials/nav-item.html" %}` reaches Material's own template
_UNUSED = re.compile(r"^assets/javascripts/(lunr/.*|.*\.map)$")


def _material_dir(config: MkDocsConfig) -> str | None:
    dirs = config.theme.dirs
    return next((d for d in dirs if Path(d).parts[-2:] == ("material", "templates")), None)


def add_overrides(config: MkDocsConfig) -> None:
    """Put the overrides just before Material's templates (a site's own custom_dir still wins)."""
    material = _material_dir(config)
    if material is None or str(OVERRIDES) in config.theme.dirs:  # another theme: nothing to override
        return
    config.theme.dirs.insert(config.theme.dirs.index(material), str(OVERRIDES))


MARKDOWN = "generator.site.markdown_tables"


def add_markdown(config: MkDocsConfig) -> None:
    """The site's Markdown extension (aligned columns, folding tables, compact markup), whether or not the site's
    mkdocs.yml lists it: the pages' script finds a folding table by the attribute the extension puts on it."""
    if MARKDOWN not in config.markdown_extensions:
        config.markdown_extensions.append(MARKDOWN)


def reach_material(env: Environment, config: MkDocsConfig) -> None:
    """Let the overrides import the template they override, under PREFIX."""
    material = _material_dir(config)
    if material is not None and env.loader is not None:
        env.loader = ChoiceLoader([env.loader, PrefixLoader({PREFIX: FileSystemLoader(material)})])


class CompiledTemplates(BytecodeCache):
    """The theme's templates as compiled, kept in memory across the rebuilds of one `tracker serve`: each rebuild
    reads mkdocs.yml again and makes a new Jinja environment, which would compile Material's templates again (0.5 s a
    rebuild). Jinja checks each template's source against what was compiled, so an edited template compiles anew."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def drop_unused(files: Files) -> None:
    for file in [f for f in files if _UNUSED.match(f.src_uri) and not f.generated_by]:
        files.remove(file)


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def shorter_config(html: str) -> str:
    """Material's configuration for its script without the search box's phrases (no page has a search box) and
    with its Vietnamese as letters rather than \\u escapes: about 1 KiB of every page."""

    def rewrite(match: re.Match[str]) -> str:
        config = json.loads(match.group(2))
        translations = config.get("translations") or {}
        config["translations"] = {k: v for k, v in translations.items() if not k.startswith("search.")}
        text = json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return match.group(1) + text + match.group(3)

    return _CONFIG.sub(rewrite, html, count=1)
