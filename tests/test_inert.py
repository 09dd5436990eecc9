"""report.inert: data-derived text never renders as markup, in MyST Markdown, HTML or a figure.

Checked against the MyST parser the book uses (the same extensions as ``_config.yml``), not
against the escaping rules themselves: the rendered HTML holds no live payload, and the text a
reader sees is the text the data holds.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from csvalue.report.inert import inert
from hostile_payloads import MARK, PAYLOADS, live_payloads

MD = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "dollarmath", "amsmath",
                                                        "deflist"}), RendererHTML)
MARKUP_TOKENS = {"html_inline", "html_block", "fence", "code_inline", "myst_role",
                 "math_inline", "math_block", "link_open", "heading_open", "colon_fence",
                 "em_open", "strong_open", "bullet_list_open", "ordered_list_open",
                 "blockquote_open", "code_block", "dl_open", "myst_block_break", "hr"}
PLACES = {
    "sentence": lambda t: f"The value {t} is the largest.\n",
    "table cell": lambda t: f"| label | n |\n|---|---|\n| {t} | 3 |\n",
    "heading": lambda t: f"# Division tasks: {t}\n",
    "start of a cell": lambda t: f"{t}\n",
    "list item": lambda t: f"- {t}\n",
}
STRUCTURE = {"table", "thead", "tbody", "tr", "th", "td", "p", "h1", "ul", "li"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def rendered(markdown: str) -> tuple[set[str], str, set[str]]:
    """(HTML tags, visible text, token types) of a MyST Markdown source."""
    parser = _Text()
    parser.feed(MD.render(markdown))
    types = {t.type for t in MD.parse(markdown)}
    types |= {c.type for t in MD.parse(markdown) for c in (t.children or [])}
    return parser.tags, "".join(parser.text), types


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", PAYLOADS)
def test_no_payload_renders_as_markup_in_markdown(name, place):
    payload = PAYLOADS[name]
    source = PLACES[place](inert(payload))
    tags, text, types = rendered(source)
    assert not live_payloads(MD.render(source))
    assert tags <= STRUCTURE, (tags, source)
    assert not types & (MARKUP_TOKENS - ({"heading_open"} if place == "heading" else set())
                        - ({"bullet_list_open"} if place == "list item" else set()))
    shown = re.sub(r"\s+", " ", payload).strip()
    assert shown in re.sub(r"\s+", " ", text), (text, shown)     # seen exactly as written


@pytest.mark.parametrize("name", [n for n in PAYLOADS
                                  if n not in ("entity", "formula", "js link", "autolink")])
def test_the_payloads_are_markup_without_inert(name):
    """The checks can fail: unescaped, every payload parses as markup (or breaks a cell)."""
    raw = PAYLOADS[name]
    if name == "table":
        _, text, _ = rendered(PLACES["table cell"](raw))
        assert MARK not in text                    # the cell was split and cut short
        return
    _, _, types = rendered(PLACES["start of a cell"](raw))
    assert types & MARKUP_TOKENS, types


@pytest.mark.parametrize("name", PAYLOADS)
def test_html_target_escapes_every_tag(name):
    out = inert(PAYLOADS[name], "html")
    assert not live_payloads(f"<p>{out}</p>") and "<" not in out
    assert html.unescape(out) == re.sub(r"\n", " ", PAYLOADS[name])


def test_plain_text_keeps_the_characters_and_loses_only_line_breaks():
    assert inert("a\r\nb\nc\u2028d", "text") == "a b c d"
    assert inert(PAYLOADS["script"], "text") == PAYLOADS["script"]


def test_figure_labels_never_start_mathtext():
    from matplotlib import cbook

    for p in (*PAYLOADS.values(), "50% of $5 and $6", "$x$"):
        assert not cbook.is_math_text(inert(p, "mathtext"))
    assert cbook.is_math_text("$x$")


def test_an_unknown_target_is_refused():
    with pytest.raises(ValueError, match="markdown, html, text or mathtext"):
        inert("x", "latex")
