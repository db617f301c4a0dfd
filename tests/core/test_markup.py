"""Text from the data is inert wherever it is shown: every character HTML or Markdown would read as markup becomes
a character reference, and a link target cannot end its link early."""

from __future__ import annotations

import pytest

from generator.core.markup import environment, inert, link_target, table_cell

SPECIAL = "&<>\"'\\`*_{}[]|"


@pytest.mark.parametrize("char", list(SPECIAL))
def test_each_special_character_becomes_a_character_reference(char):
    assert str(inert(f"a{char}b")) == f"a&#{ord(char)};b"


def test_other_text_is_left_as_written():
    text = "Sở Y tế: 12 cơ sở (đạt 95%), #1 ~ ^ $ / ; = + -"
    assert str(inert(text)) == text


def test_a_pipe_cannot_end_a_table_cell_nor_a_line_break_the_row():
    cell = str(table_cell("Cột A | Cột B\nDòng hai\r\n  tiếp"))
    assert cell == "Cột A &#124; Cột B Dòng hai tiếp"


def test_a_link_target_cannot_end_its_link_nor_start_markup():
    target = str(link_target("https://example.org/a b(c)?q=<x>&y='z'"))
    assert target == "https://example.org/a%20b%28c%29?q=%3Cx%3E&#38;y=&#39;z&#39;"


def test_markdown_and_html_templates_escape_every_value_and_keep_markup_made_by_the_code():
    env = environment("generator.site")
    page = env.from_string("{{ text }} {{ cell | cell }} {{ made }}")
    made = inert("<b>")  # already escaped by the code: not escaped twice
    out = page.render(text="<script>|", cell="a|b", made=made)
    assert out == "&#60;script&#62;&#124; a&#124;b &#60;b&#62;"


def test_a_plain_text_template_gets_the_text_as_it_is(tmp_path):
    (tmp_path / "mail.txt.j2").write_text("{{ text }}|{{ day | vndate }}", "utf-8")
    env = environment("generator.site", tmp_path)
    from datetime import date

    assert env.get_template("mail.txt.j2").render(text="<b>*x*</b>", day=date(2025, 5, 1)) == "<b>*x*</b>|01/05/2025"


def test_an_override_replaces_the_packages_template(tmp_path):
    (tmp_path / "league.md.j2").write_text("ghi đè {{ x }}", "utf-8")
    env = environment("generator.site", tmp_path)
    assert env.get_template("league.md.j2").render(x="<i>") == "ghi đè &#60;i&#62;"
    assert "league" in environment("generator.site").get_template("league.md.j2").filename


def test_a_name_the_context_does_not_give_is_an_error():
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        environment("generator.site").from_string("{{ missing }}").render()


def test_block_tags_leave_no_blank_line_and_the_last_newline_is_kept():
    env = environment("generator.site")
    text = "# Tiêu đề\n{% for x in xs %}\n    {% if x %}\n- {{ x }}\n    {% endif %}\n{% endfor %}\n"
    template = env.from_string(text)
    assert template.render(xs=["a", "", "b"]) == "# Tiêu đề\n- a\n- b\n"


def test_a_page_ends_with_its_last_newline():
    assert environment("generator.site").from_string("{{ x }}\n").render(x="a") == "a\n"
