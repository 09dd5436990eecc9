"""Writes the Korean-header CP949 export fixture from the shipped wave (run from the repository
root: python tests/data/korean_cp949/make_fixture.py). The first 400 rows of
csvalue/demo/waves/wave_2025.csv, with every column renamed to a Korean header (as the codebook
codebook_ko.yml maps them), categories written as their Korean labels, repurchase written as
its Korean scale-point labels, saved as CP949 (what Excel on Korean Windows writes for "CSV")."""

from pathlib import Path

import pandas as pd
import yaml

from csvalue.instrument.codebook import load_codebook

HERE = Path(__file__).parent
cb_ko = load_codebook(HERE / "codebook_ko.yml")
cb = load_codebook()
wave = pd.read_csv("csvalue/demo/waves/wave_2025.csv", dtype=str, keep_default_na=False).head(400)
labels = yaml.safe_load((HERE / "codebook_ko.yml").read_text(encoding="utf-8"))[
    "indices"]["repurchase"]["labels"]
for it in cb.items:
    if it.categories:
        ko = {code: k for code, _en, k in it.category_labels}
        wave[it.column] = wave[it.column].map(lambda v, ko=ko: ko.get(v, v))
wave["repurchase"] = wave["repurchase"].map(lambda v: labels[int(v)] if v else v)
wave = wave.rename(columns={it.column: cb_ko.item(it.id).column for it in cb.items
                            if it.column in wave})
wave.to_csv(HERE / "wave_2025_ko.csv", index=False, encoding="cp949")
