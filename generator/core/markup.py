"""Text from the data made inert, and the Jinja2 environment every wing renders its templates with.

Text in the YAML files comes from the people the figures judge: it is data, never markup, wherever it is shown
(pages, mail HTML, issues, feeds, job summaries). Each wing keeps its templates in its own package and asks
`environment` for a loader over them; the escaping rules are the same for all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup

from generator.core.wording import short_text, vn_date

# HTML's special characters, and Markdown's for links, images, attributes (`{: onclick=…}`), code and emphasis,
# and the pipe that ends a table cell, as character references: text from the data shows as written and cannot
# become markup, a link or a script.
# References are valid in Markdown, HTML and XML alike, so the same escaping serves pages, mail and feeds.
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]|"})


def inert(text: object) -> Markup:
    """Text from the data, escaped so that neither HTML nor Markdown reads anything in it as markup."""
    return Markup(str(text).translate(_INERT))


def table_cell(text: object) -> Markup:
    """Text for a Markdown table cell: inert, no pipes or line breaks to break the row."""
    return inert(" ".join(str(text).split()))


def link_target(url: str) -> Markup:
    """A checked http(s) address as a Markdown link target: parentheses and spaces percent-encoded, so that the
    address cannot end the link early and start markup of its own."""
    return inert(quote(url, safe=":/?#@!$&'*+,;=%~[]"))


@pass_eval_context
def _finalize(context: EvalContext, value: object) -> object:
    """Every `{{ … }}` of an escaping template: plain text is made inert; markup made by the code is kept."""
    if context.autoescape and isinstance(value, str) and not hasattr(value, "__html__"):
        return inert(value)
    return value


def environment(package: str, override: Path | None = None, **filters: Any) -> Environment:
    """Templates of `package` (its `templates/` folder), each replaceable by a file of the same name in `override`.

    Markdown, HTML and XML templates escape every value; other templates (plain-text mail, YAML) get what they
    are given and escape with their own filters. A name a template uses that its context does not give is an
    error, never an empty string."""
    loaders = [FileSystemLoader(str(override))] if override is not None else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PackageLoader(package, "templates")]),
        autoescape=select_autoescape(
            enabled_extensions=("md.j2", "html.j2", "xml.j2"), default_for_string=True, default=False
        ),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(vndate=vn_date, cell=table_cell, short=short_text, link=link_target, **filters)
    return env
