"""Material's page shell without its indentation: the same markup in half the bytes.

Material writes the parts of a page around the article (the header, the tabs, the navigation, the footer) from
deeply nested templates, each line indented: at 5,000 tasks that whitespace was about 5 KiB of every page's 10 KiB
shell, 5 MiB over a thousand directive pages. A run of white space that holds a line break means one space to a
browser, whatever its length; it is written as one line break. Only the shell is touched (the article is the
tracker's own, already compact, and only the white space at its two ends is squeezed), and never inside `<pre>`,
`<textarea>` or `<script>`, where white space is kept.

A page that hides its table of contents (`hide: [toc]`: directive, agency and report pages, for the tables' width)
still gets it from Material, in a sidebar that is `display: none` at every screen size: it is left out, about 1 KiB
of a directive page. When such a page hides its navigation too, Material's navigation sidebar is only the phone's
menu, the tabs' eleven links again (1.8 KiB of every directive page, 7 MiB at 20,000 tasks): it is left out with the
header's button that opens it, and `tracker.css` shows the tabs at a phone's width as well, where they scroll
sideways. A page with a table of contents keeps its menu, which holds that table on a phone. And the logo,
drawn twice, is drawn once and referred to (`<use>`) the second time. Two things Material writes on every page
serve nothing here and are left out: the script that opens a content tab named in the address (the pages have
none: no `__tabbed_` input) and `<meta name="generator">`; 1 MiB at 20,000 tasks.
"""

from __future__ import annotations

import re

from generator.site.markdown_tables import outside_kept

_BREAKS = re.compile(r"[ \t]*\n\s*")  # white space with a line break in it: all of it is one line break


def _squeeze(part: str) -> str:
    return outside_kept(part, lambda text: _BREAKS.sub("\n", text))


_HIDDEN_NAV = (
    '<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" hidden>'
)
_DRAWER_BUTTON = re.compile(
    r'<label class="md-header__button md-icon" for="__drawer">\s*<svg\b[^>]*>.*?</svg>\s*</label>\n?', re.S
)
_HIDDEN_TOC = '<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" hidden>'
_CONTENT = '<div class="md-content"'  # what follows the table of contents' sidebar in Material's base.html


def squeeze_shell(html: str) -> str:
    """The page with the white space of its shell squeezed, its hidden table of contents left out and its logo drawn
    once; the article's content (`<article …>…</article>`) as it was, the white space at its two ends squeezed."""
    start = html.find("<article")
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return _squeeze(html)
    head, tail = _logo_once(_without_hidden_sidebars(_squeeze(html[:start]))), _squeeze(html[end:])
    article = _article_edges(html[start:end])
    if "__tabbed_" not in article:
        tail = tail.replace(_TABBED_SCRIPT, "", 1)
    return _GENERATOR.sub("", head, count=1) + article + tail


_SPACE = " \t\r\n\f"  # HTML's white space, not Python's: a no-break space is text


def _article_edges(article: str) -> str:
    """The blank lines and indentation Material's templates leave at both ends of an article, around its content
    (about a hundred bytes a page), as one line break each."""
    opened = article.find(">") + 1
    content = article[opened:].lstrip(_SPACE)
    head = article[:opened] + ("\n" if len(content) < len(article) - opened else "")
    kept = content.rstrip(_SPACE)
    return head + kept + ("\n" if len(kept) < len(content) else "")


# Material's base.html, after the article: a content tab named in the address is opened (pymdownx.tabbed).
_TABBED_SCRIPT = (
    "<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
    '(target.checked=target.name.startsWith("__tabbed_"))</script>'
)
_GENERATOR = re.compile(r'<meta name="generator" content="[^"<>]*">\n?')


# Material draws the site's logo twice, in the header and in the navigation's title (the phone's menu), the same
# inline SVG each time (300 bytes). The first keeps its drawing under an id, the second refers to it.
_LOGO = re.compile(r'(class="md-(?:header|nav)__button md-logo"[^>]*>\s*<svg\b[^>]*>)(.*?)(</svg>)', re.S)
LOGO_ID = "tk-logo"


def _logo_once(head: str) -> str:
    logos = list(_LOGO.finditer(head))
    if len(logos) != 2 or logos[0].group(2) != logos[1].group(2) or f'id="{LOGO_ID}"' in head:
        return head  # a theme or logo this does not know: left as it is
    first, second = logos
    return "".join(
        (
            head[: first.start(2)],
            f'<g id="{LOGO_ID}">{first.group(2)}</g>',
            head[first.end(2) : second.start(2)],
            f'<use href="#{LOGO_ID}"/>',
            head[second.end(2) :],
        )
    )


def _without_hidden_sidebars(head: str) -> str:
    toc = head.find(_HIDDEN_TOC)
    content = head.find(_CONTENT, toc)
    if toc < 0 or content < 0:  # shown, or a theme whose layout this does not know: left as it is
        return head
    head = head[:toc] + head[content:]
    nav = head.rfind(_HIDDEN_NAV, 0, toc)
    if nav < 0 or '"md-sidebar ' in head[nav + len(_HIDDEN_NAV) : toc]:  # shown, or not the sidebar before the toc
        return head
    return _DRAWER_BUTTON.sub("", head[:nav], count=1) + head[toc:]
