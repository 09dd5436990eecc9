"""A Sphinx extension of the book: every glued number reads with a true minus sign.

Numbers the chapters format themselves go through :func:`csvalue.report.format.format_number`;
a number glued raw and formatted in the prose (``{glue:text}`gap:.2f```) is formatted by
myst-nb, which writes Python's hyphen-minus. This extension passes the text of every pasted
value (myst-nb's ``pasted-text`` inline nodes) through :func:`csvalue.report.format.true_minus`
once the document is read, so that the prose shows "−1.75" as the tables do.

Example
-------
>>> from docutils import nodes
>>> node = nodes.inline("-1.75", "-1.75", classes=["pasted-text"])
>>> para = nodes.paragraph("", "", nodes.Text("a gap of "), node)
>>> doc = nodes.document(None, None); doc += para
>>> pasted_minus(None, doc); para.astext()
'a gap of −1.75'
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from csvalue.report.format import true_minus


def pasted_minus(app: Any, doctree: nodes.document) -> None:
    """Replace the hyphen-minus of negative numbers in every pasted value of ``doctree``."""
    for node in doctree.findall(nodes.inline):
        if "pasted-text" not in node.get("classes", []):
            continue
        for text in list(node.findall(nodes.Text)):
            new = true_minus(str(text))
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", pasted_minus)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
