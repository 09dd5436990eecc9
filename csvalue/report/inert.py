"""Data-derived text made inert before it reaches the book: nothing from a codebook or a wave
file is ever rendered as markup.

Labels, category codes, instrument names and wave labels come from the user's files; the book
renders Markdown (MyST: roles ``{raw}`…```, directives in backtick or colon fences,
``$…$`` maths, substitutions ``{{…}}``) and HTML. :func:`inert` turns such text into text
that shows exactly as written in the place it goes:

- ``"markdown"`` (the default) — MyST/CommonMark source: a Markdown cell, a Markdown display
  object, a pipe-table cell, a heading, a glued Markdown value (``{glue:md}``). Every ASCII
  punctuation character is backslash-escaped, which CommonMark defines as a literal character
  (so ``<script>`` renders as text, ``{raw}`` is no role, a backtick opens no code span,
  ``|`` splits no table cell, ``$`` opens no formula, ``#``, ``-``, ``1.`` and ``>`` start
  no heading, list or quote), and line breaks become spaces (a line break inside a table cell
  or a heading would end it, and a new line could start a directive fence);
- ``"html"`` — an HTML display object or attribute: ``& < > " '`` as entities;
- ``"text"`` — plain text that docutils escapes itself (``{glue:text}``, ``glue`` of a
  ``str``): only the line breaks, which would otherwise break the sentence around it;
- ``"mathtext"`` — a matplotlib figure label: text is drawn as text, except that a pair of
  ``$`` starts mathtext, so ``$`` is escaped.

Example
-------
>>> inert("<script>alert(1)</script>")
'\\\\<script\\\\>alert\\\\(1\\\\)\\\\<\\\\/script\\\\>'
>>> inert("<b>x</b> & y", "html")
'&lt;b&gt;x&lt;/b&gt; &amp; y'
"""

from __future__ import annotations

import html
import re
import string
from typing import Any, Literal

Target = Literal["markdown", "html", "text", "mathtext"]

_PUNCTUATION = frozenset(string.punctuation)      # CommonMark's escapable ASCII punctuation
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def inert(value: Any, target: Target = "markdown") -> str:
    """``value`` as text that shows as written, never as markup, in ``target``.

    Parameters
    ----------
    value : a label, code, name or value (anything; ``str(value)`` is used; None → ``""``).
    target : where the text goes: ``"markdown"``, ``"html"``, ``"text"`` or ``"mathtext"``
        (see the module docstring).

    Examples
    --------
    >>> inert("Ease of work")
    'Ease of work'
    >>> inert("a | b")
    'a \\\\| b'
    >>> inert("{raw} html")
    '\\\\{raw\\\\} html'
    >>> inert("line one\\n# heading")
    'line one \\\\# heading'
    >>> inert("50%+ of $5", "mathtext")
    '50%+ of \\\\$5'
    >>> inert("two\\nlines", "text"), inert(None)
    ('two lines', '')
    """
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ", text)
    if target == "markdown":
        return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)
    if target == "html":
        return html.escape(text, quote=True)
    if target == "text":
        return text
    if target == "mathtext":
        return text.replace("$", r"\$")
    raise ValueError(f"inert: target must be markdown, html, text or mathtext; got {target!r}")
