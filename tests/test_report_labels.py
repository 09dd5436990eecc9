"""Labels (csvalue.report.labels): one lookup for a category's label, used by scopes and
divisions; readable tables keep their data columns beside their headers."""

from __future__ import annotations

import pandas as pd

from csvalue.report.labels import (category_label, division_name, header_label, label_cells,
                                   readable, scope_label)


def test_one_category_lookup_for_scopes_and_divisions(codebook):
    for code, en, _ko in codebook.item("division").category_labels:
        assert category_label(codebook, "division", code) == en
        assert division_name(codebook, code) == en
        assert scope_label(f"division:{code}", codebook) == f"Division: {en}"
    assert category_label(codebook, "division", "unknown") == "unknown"
    assert category_label(codebook, "no_such_item", "x") == "x"
    assert scope_label("tenure_years:<5y", codebook) == "Years as a customer: <5y"


def test_readable_keeps_data_columns_and_labels_cells(codebook):
    t = pd.DataFrame({"value": ["stability"], "importance": [0.3], "quadrant": ["improve"]})
    table = readable(t, codebook, korean=True, rename={"importance": "CVI β"})
    assert list(table.data.columns) == ["value", "importance", "quadrant"]
    assert table.data["importance"].tolist() == [0.3]                 # numbers untouched
    assert table.display_frame().columns.tolist() == ["Value", "CVI β", "Quadrant"]
    assert table.data["quadrant"].tolist() == ["Improve (개선)"]
    assert readable(t, codebook, cells=False).data.equals(t)
    assert label_cells(t, codebook)["value"].tolist() == ["Stable operations"]


def test_headers(codebook):
    assert header_label("cvi") == "CVI" and header_label("stability", codebook) == \
        "Stable operations"
    assert header_label("n_placed") == "N placed" and header_label(3) == 3
