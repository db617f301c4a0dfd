"""A Markdown extension: a table's aligned columns named once on the table, not on every cell.

Python-Markdown writes `style="text-align: right;"` on every cell of a column aligned `--:`; a site of 5,000 tasks
held 122,047 of them (3.1 MiB). The table instead says which of its columns are aligned, 1-based:
`data-r="4 6"` (right) and `data-c="2"` (centre), and `docs/assets/tracker.css` aligns the cells of those columns
(a class on every cell, as before, was still 0.6 MiB). Listed in `mkdocs.yml` under `markdown_extensions` as
`generator.site.markdown_tables`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

ATTRIBUTES = {"text-align: right;": "data-r", "text-align: center;": "data-c"}  # left is the default
COLUMNS = 12  # the stylesheet's rules cover this many columns


class _AlignByColumn(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            columns: dict[str, set[int]] = {}
            for row in table.iter("tr"):
                for index, cell in enumerate(c for c in row if c.tag in ("td", "th")):
                    style = cell.attrib.pop("style", "")
                    if name := ATTRIBUTES.get(style):
                        columns.setdefault(name, set()).add(index + 1)
            for name, indexes in sorted(columns.items()):
                table.set(name, " ".join(map(str, sorted(indexes))))


class AlignByColumn(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_AlignByColumn(md), "tk_align_by_column", 5)


def makeExtension(**kwargs: object) -> AlignByColumn:
    return AlignByColumn(**kwargs)
