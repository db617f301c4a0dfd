"""The shell's white space is squeezed and nothing else: the same text, the same elements, `<pre>`, `<textarea>`,
`<script>` and the article's content exactly as written."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.mkdocs_plugin.shell import squeeze_shell

PAGE = """<!doctype html>
<html>
  <head>
    <script>
      var a = 1
      var b = `two
         lines`
    </script>
  </head>
  <body>
    <nav class="md-tabs">
      <ul>
          <li><a href="../">
              Tổng quan
          </a></li>
      </ul>
    </nav>
    <pre>
  kept   as   it is
    </pre>
    <textarea>
  a   b
</textarea>
    <article class="md-content__inner">
      <p>Bài   viết
         giữ nguyên</p>
    </article>
    <footer>
        <p>Cuối   trang</p>
    </footer>
  </body>
</html>
"""


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.words.extend(data.split())


def parsed(html: str) -> tuple[list[str], list[str]]:
    parser = Text()
    parser.feed(html)
    return parser.tags, parser.words


def test_the_shell_loses_its_indentation_and_keeps_its_text_and_elements():
    squeezed = squeeze_shell(PAGE)
    assert len(squeezed) < len(PAGE)
    assert parsed(squeezed) == parsed(PAGE)
    assert "\n          <li>" not in squeezed and "\n<li>" in squeezed
    assert "Cuối   trang" in squeezed  # white space without a line break is left alone


def test_pre_textarea_script_and_the_article_are_exactly_as_written():
    squeezed = squeeze_shell(PAGE)
    for element in re.findall(r"<pre>.*?</pre>|<textarea>.*?</textarea>|<script>.*?</script>", PAGE, re.S):
        assert element in squeezed
    content = PAGE[PAGE.index("<p>Bài") : PAGE.index("</article>")].rstrip()
    assert '<article class="md-content__inner">\n' + content + "\n</article>" in squeezed


def test_the_articles_edges_lose_their_blank_lines_and_not_a_no_break_space():
    page = '<div>\n  <article class="a">\n   \n  \xa0<p>x</p>\n\n   \n  </article>\n</div>'
    assert squeeze_shell(page) == '<div>\n<article class="a">\n\xa0<p>x</p>\n</article>\n</div>'


def test_a_page_without_an_article_is_squeezed_whole():
    assert squeeze_shell("<div>\n    <p>x</p>\n</div>") == "<div>\n<p>x</p>\n</div>"


def test_a_hidden_table_of_contents_is_left_out_and_a_shown_one_kept():
    sidebar = '<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc"{}>'
    page = '<body>\n  {}\n    <nav>Mục lục</nav>\n  </div>\n  <div class="md-content"><article>x</article></div>'
    hidden = squeeze_shell(page.format(sidebar.format(" hidden")))
    assert "Mục lục" not in hidden and '<div class="md-content"><article>x</article>' in hidden
    shown = squeeze_shell(page.format(sidebar.format("")))
    assert "Mục lục" in shown


LOGO = '<path d="M12 8a3 3 0 0 0 3-3"/>'
TWO_LOGOS = (
    '<header><a href=".." class="md-header__button md-logo" aria-label="x">\n<svg viewBox="0 0 24 24">'
    + LOGO
    + '</svg>\n</a></header><nav><label><a href=".." class="md-nav__button md-logo" aria-label="x">\n'
    + '<svg viewBox="0 0 24 24">'
    + LOGO
    + "</svg>\n</a></label></nav><article>a</article>"
)


def test_the_logo_is_drawn_once_and_referred_to_the_second_time():
    out = squeeze_shell(TWO_LOGOS)
    assert out.count(LOGO) == 1
    assert f'<svg viewBox="0 0 24 24"><g id="tk-logo">{LOGO}</g></svg>' in out
    nav = out.split("<nav>", 1)[1]
    assert '<svg viewBox="0 0 24 24"><use href="#tk-logo"/></svg>' in nav


def test_two_different_logos_are_left_as_they_are():
    other = TWO_LOGOS.replace(LOGO, '<path d="M1 1"/>', 1)
    assert squeeze_shell(other).count("<path") == 2 and "tk-logo" not in squeeze_shell(other)


def test_the_tab_script_and_the_generator_tag_are_left_out_unless_a_tab_needs_the_script():
    from generator.mkdocs_plugin.shell import _TABBED_SCRIPT

    page = (
        '<head>\n<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">\n<title>x</title></head>'
        '<article class="md-content__inner">{}</article>' + _TABBED_SCRIPT + '<script src="b.js"></script>'
    )
    plain = squeeze_shell(page.format("<p>x</p>"))
    assert _TABBED_SCRIPT not in plain and 'name="generator"' not in plain
    assert "<title>x</title>" in plain and '<script src="b.js"></script>' in plain
    tabbed = squeeze_shell(page.format('<input id="__tabbed_1_1" name="__tabbed_1" type="radio">'))
    assert _TABBED_SCRIPT in tabbed


def test_a_menu_that_only_repeats_the_tabs_is_left_out_with_its_button():
    """Navigation and table of contents both hidden: the navigation's sidebar is the phone's menu of the tabs' links,
    left out with the header's button that opens it. A shown navigation, or a shown table of contents (which the
    phone's menu holds), keeps both."""
    button = '<label class="md-header__button md-icon" for="__drawer">\n<svg><path d="M3 6"/></svg>\n</label>\n'
    nav = (
        '<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation"{}>\n'
        '<div class="md-sidebar__inner"><nav>Menu</nav></div></div>\n'
    )
    toc = (
        '<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc"{}>\n'
        "<nav>Mục lục</nav></div>\n"
    )
    page = (
        '<header>{}</header><nav class="md-tabs">Tabs</nav>'
        '<main>{}{}<div class="md-content"><article>x</article></div></main>'
    )

    def squeezed(nav_hidden: str, toc_hidden: str) -> str:
        return squeeze_shell(page.format(button, nav.format(nav_hidden), toc.format(toc_hidden)))

    both = squeezed(" hidden", " hidden")
    assert "Menu" not in both and "__drawer" not in both and "Mục lục" not in both
    assert '<header></header><nav class="md-tabs">Tabs</nav><main><div class="md-content"><article>x</article>' in both
    for kept in (squeezed("", " hidden"), squeezed(" hidden", "")):
        assert "Menu" in kept and 'for="__drawer"' in kept
