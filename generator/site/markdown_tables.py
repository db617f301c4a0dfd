"""A Markdown extension: tables and lists written in the fewest bytes HTML reads the same.

Python-Markdown writes `style="text-align: right;"` on every cell of a column aligned `--:`; a site of 5,000 tasks
held 122,047 of them (3.1 MiB). The table instead says which of its columns are aligned, 1-based:
`data-r="4 6"` (right) and `data-c="2"` (centre), and `docs/assets/tracker.css` aligns the cells of those columns
(a class on every cell, as before, was still 0.6 MiB). A table that folds on a phone (`_macros.md.j2`'s `wide`,
a marker before the table, since Markdown reads no attributes on a table) says so on the table too: `data-fold`.

Then the HTML: the end tags HTML lets a table and a list leave out (`</td>`, `</th>`, `</tr>`, `</li>`: the next
cell, row or item, or the end of its parent, ends one; HTML's "optional tags") are left out, and so are the line
breaks Python-Markdown puts between block elements, which a browser does not show. At 20,000 tasks that was 11.6
MiB of the 139 MiB of articles. Text, elements and attributes are as they were, and nothing inside `<pre>`,
`<textarea>` or `<script>` is touched. Listed in `mkdocs.yml` under `markdown_extensions` as
`generator.site.markdown_tables`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
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


_KEPT = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_FOLD = re.compile(r'<div class="tk-fold-next" data-fold="([0-9 ]*)" hidden></div>\s*<table\b')
_OPTIONAL_END = re.compile(r"</(?:td|th|tr|li)>")
_BLOCK = r"(?:table|thead|tbody|tr|td|th|ul|ol|li|p|div|h[1-6]|details|summary|blockquote|hr)\b"
# Line breaks after a block element's tag, and before one: a browser shows none of them. (Two substitutions
# without a function called for each match: a third of the time of one that chose its replacement.)
_BREAK_AFTER = re.compile(rf"(<{_BLOCK}[^>]*>|</{_BLOCK}>)\n+")
_BREAK_BEFORE = re.compile(rf"\n+(?=</?{_BLOCK})")


def outside_kept(html: str, change: Callable[[str], str]) -> str:
    """`html` with `change` applied to its markup outside `<pre>`, `<textarea>` and `<script>`, whose white space
    and text a browser keeps as written."""
    pieces = _KEPT.split(html)  # split() with two groups: text, kept element, its tag name, text, …
    return "".join(change(piece) if i % 3 == 0 else piece for i, piece in enumerate(pieces) if i % 3 != 2)


def _fold_on_table(text: str) -> str:
    return _FOLD.sub(r'<table data-fold="\1"', text)


def _shrink(text: str) -> str:
    return _BREAK_BEFORE.sub("", _BREAK_AFTER.sub(r"\1", _OPTIONAL_END.sub("", text)))


def compact(html: str) -> str:
    """The same document in fewer bytes: fold markers on their tables, optional end tags and line breaks between
    block elements left out, `<pre>`, `<textarea>` and `<script>` as they were."""
    if "<" not in html:  # a heading's text, which the table of contents passes through every postprocessor
        return html
    return outside_kept(html, lambda text: _shrink(_fold_on_table(text)))


class _Compact(Postprocessor):
    def run(self, text: str) -> str:
        return compact(text)


class AlignByColumn(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_AlignByColumn(md), "tk_align_by_column", 5)
        # Last of the postprocessors (raw HTML is back in place by then): the page's final markup.
        md.postprocessors.register(_Compact(md), "tk_compact", 1)


def makeExtension(**kwargs: object) -> AlignByColumn:
    return AlignByColumn(**kwargs)
