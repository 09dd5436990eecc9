"""Trends over many waves: every pair with adjusted p, Bowker's symmetry, the CVI change
decomposed, and the trend tables computed once in the pipeline (equal to the database's)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.contingency_tables import SquareTable, mcnemar
from statsmodels.stats.multitest import multipletests

from csvalue.instrument.load import load_wave
from csvalue.instrument.settings import Settings
from csvalue.instrument.synth import generate, generate_waves
from csvalue.model.cvi_change import PARTS, decompose_cvi_change
from csvalue.model.indices import respondent_scores
from csvalue.pipeline.analyze import analyze
from csvalue.pipeline.database import store_results
from csvalue.pipeline.results import read_results, write_results
from csvalue.pipeline.trends import TREND_TABLES, trend_tables, trends_from_results
from csvalue.stats.change import bowker_symmetry
from csvalue import report as r

ROOT = Path(__file__).resolve().parents[1]
# the shipped demo waves, then the third synthetic wave kept with the reference data
WAVES = [ROOT / "csvalue/demo/waves/wave_2024.csv", ROOT / "csvalue/demo/waves/wave_2025.csv",
         ROOT / "data/reference/synthetic/wave_2026.csv"]


# ---------------------------------------------------------------------------------------
# Bowker's test
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_bowker_against_statsmodels(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(3, 6))
    table = rng.integers(1, 40, (k, k))
    ours = bowker_symmetry(table)
    theirs = SquareTable(table, shift_zeros=False).symmetry(method="bowker")
    assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-12)
    assert ours.df == theirs.df and ours.p_value == pytest.approx(theirs.pvalue, rel=1e-10)


def test_bowker_two_by_two_is_mcnemar_and_empty_pairs_carry_no_df():
    t = np.array([[30, 12], [5, 40]])
    m = mcnemar(t, exact=False, correction=False)
    assert bowker_symmetry(t).p_value == pytest.approx(m.pvalue, rel=1e-12)
    # categories 0 and 1 never exchanged anyone: that pair is not a degree of freedom
    t3 = np.array([[10, 0, 4], [0, 20, 3], [1, 9, 8]])
    b = bowker_symmetry(t3)
    assert b.df == 2 and b.statistic == pytest.approx(9 / 5 + 36 / 12)


# ---------------------------------------------------------------------------------------
# The CVI change decomposed
# ---------------------------------------------------------------------------------------

def _parts(a, b, cb):
    t = decompose_cvi_change(a, respondent_scores(a, cb), b, respondent_scores(b, cb), cb)
    return t.set_index("part")["points"], float(t["change"].iloc[0])


def test_the_parts_add_up_to_the_change_and_swap_sign(codebook):
    a, b = generate(900, seed=4, wave="2024"), generate(700, seed=5, wave="2025", shift=0.3)
    b.loc[b.index[:40], "division"] = np.nan            # respondents without a division
    b.loc[b.index[40:90], "v_stability"] = np.nan        # who did not rate every value
    parts, change = _parts(a, b, codebook)
    assert list(parts.index) == list(PARTS)
    assert parts.sum() == pytest.approx(change, abs=1e-10)
    ca = respondent_scores(a, codebook)["cvi"].mean()
    cb_ = respondent_scores(b, codebook)["cvi"].mean()
    assert change == pytest.approx(cb_ - ca, abs=1e-10)
    back, back_change = _parts(b, a, codebook)
    np.testing.assert_allclose(back.to_numpy(), -parts.to_numpy(), atol=1e-10)


def _linear_wave(rng, n, divisions, means, shares, codebook, wave):
    """CVI exactly linear in the value ratings (same model in every division)."""
    values = list(codebook.values)
    div = rng.choice(divisions, n, p=shares)
    x = np.vstack([rng.normal(means[d], 0.6, len(values)) for d in div])
    df = pd.DataFrame(x, columns=[codebook.sat(v, "value") for v in values])
    df["division"] = div
    cvi = 20 + x @ np.linspace(1, 3, len(values))
    return df, pd.DataFrame({"cvi": cvi, "wave": wave})


def test_a_pure_mix_change_is_all_mix_and_a_pure_rating_change_all_performance(codebook):
    rng = np.random.default_rng(9)
    divs = ["emr", "pms"]
    means = {"emr": 3.0, "pms": 4.0}
    # the same rows, only the divisions' shares change: within each division nothing moves
    da, sa = _linear_wave(rng, 3000, divs, means, [0.5, 0.5], codebook, "a")
    keep = np.r_[np.flatnonzero(da["division"] == "emr")[:500],
                 np.flatnonzero(da["division"] == "pms")]
    db, sb = da.iloc[keep].reset_index(drop=True), sa.iloc[keep].reset_index(drop=True).assign(wave="b")
    t = decompose_cvi_change(da, sa, db, sb, codebook).set_index("part")["points"]
    change = sb["cvi"].mean() - sa["cvi"].mean()
    assert t["division_mix"] != pytest.approx(0, abs=1e-3)
    assert t["value_performance"] + t["value_importance"] + t["other"] == pytest.approx(
        change - t["division_mix"], abs=1e-10)
    # an exactly linear CVI: the same model in both waves, so nothing for importance or other
    db2, sb2 = _linear_wave(rng, 3000, divs, {"emr": 3.5, "pms": 4.2}, [0.5, 0.5], codebook, "b")
    t2 = decompose_cvi_change(da, sa, db2, sb2, codebook).set_index("part")["points"]
    assert abs(t2["value_importance"]) < 1e-8 and abs(t2["other"]) < 1e-8
    assert abs(t2["value_performance"]) > 1 and abs(t2["division_mix"]) < 0.2


# ---------------------------------------------------------------------------------------
# Computed once in the pipeline, equal to the database's
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(codebook, tmp_path_factory):
    """The two shipped waves analysed (no bootstrap: the trends do not use it), written and
    stored."""
    waves = [load_wave(p, codebook) for p in WAVES[:2]]
    res = analyze(waves, codebook, Settings(n_boot=0), sources=WAVES[:2])
    out = tmp_path_factory.mktemp("res")
    write_results(res, out)
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'cs.sqlite'}"
    store_results(res, [w.data for w in waves], url, codebook)
    return out, url


def test_the_results_trend_tables_equal_the_databases(shipped, codebook):
    out, url = shipped
    ours = trends_from_results(read_results(out))
    theirs = trend_tables(url, codebook)
    for field in ("waves", "n_answers", "migration_waves", "p_adjust"):
        assert getattr(ours, field) == getattr(theirs, field), field
    for field in TREND_TABLES + ("changes",):
        pd.testing.assert_frame_equal(getattr(ours, field).reset_index(drop=True),
                                      getattr(theirs, field).reset_index(drop=True),
                                      check_dtype=False, rtol=1e-12, obj=field)
    # the chapter's loader reads the folder, and only the trend tables of it
    assert r.load_trends(out, codebook).waves == ("2024", "2025")


# ---------------------------------------------------------------------------------------
# Three waves
# ---------------------------------------------------------------------------------------

def test_the_2026_wave_continues_the_shipped_draw(codebook):
    w = generate_waves(2000, ("2024", "2025", "2026"), 0.4, 20250, calibrated="2025")
    for year, path in zip(("2024", "2025", "2026"), WAVES):
        shipped = load_wave(path, codebook).data
        assert len(shipped) == len(w[year]) == 2000
        np.testing.assert_allclose(shipped["cs"].to_numpy(float), w[year]["cs"].to_numpy(float))
    assert len(set(w["2025"]["resp_id"]) & set(w["2026"]["resp_id"])) == 800


@pytest.fixture(scope="module")
def three(codebook, tmp_path_factory):
    waves = [load_wave(p, codebook) for p in WAVES]
    res = analyze(waves, codebook, Settings(n_boot=0), sources=WAVES)
    out = tmp_path_factory.mktemp("three")
    write_results(res, out)
    return trends_from_results(read_results(out))


def test_three_waves_every_pair_adjusted(three):
    t = three
    assert t.waves == ("2024", "2025", "2026")
    pairs = t.pairs
    assert set(zip(pairs["wave_a"], pairs["wave_b"])) == {("2024", "2025"), ("2024", "2026"),
                                                          ("2025", "2026")}
    assert len(pairs) == 3 * 4 * 2          # pairs × indices × samples (each has a panel)
    for (_, _), fam in pairs.groupby(["index", "sample"]):
        np.testing.assert_allclose(fam["p_adjusted"], multipletests(fam["p_value"], method="holm")[1])
    assert (pairs["significant"] == (pairs["p_adjusted"] < 0.05)).all()
    # the chart's changes: each wave against the one before
    assert list(dict.fromkeys(zip(t.changes["wave_a"], t.changes["wave_b"]))) == [
        ("2024", "2025"), ("2025", "2026")]
    panel = pairs[(pairs["sample"] == "panel") & (pairs["wave_a"] == "2024")
                  & (pairs["wave_b"] == "2026")]
    assert (panel["n_a"] > 0).all()          # some 2024 customers answered again in 2026


def test_three_waves_symmetry_and_decomposition(three):
    t = three
    assert list(zip(t.symmetry["wave_a"], t.symmetry["wave_b"])) == [("2024", "2025"),
                                                                    ("2025", "2026")]
    assert (t.symmetry["p_adjusted"] >= t.symmetry["p_value"]).all()
    d = t.decomposition
    assert len(d) == 2 * len(PARTS)
    for _, g in d.groupby("wave_b"):
        assert g["points"].sum() == pytest.approx(g["change"].iloc[0], abs=1e-9)
    cvi = t.indices[t.indices["index"] == "cvi"].set_index("wave")["value"]
    last = d[d["wave_b"] == "2026"]
    assert last["change"].iloc[0] == pytest.approx(cvi["2026"] - cvi["2025"], abs=1e-9)


def test_the_management_chapter_shows_three_waves(three, codebook):
    t = three
    shown = r.trend_table(t)
    # 2025 against 2024; 2026 against 2025 (previous) and 2024 (base)
    assert list(dict.fromkeys(shown["Waves"])) == ["2024\u00a0→\u00a02025",
                                                   "2025\u00a0→\u00a02026",
                                                   "2024\u00a0→\u00a02026"]
    assert "p adjusted" in shown.columns
    m = r.pair_matrix(t)
    assert list(m.columns) == ["Index", "From", "2025", "2026"] and len(m) == 4 * 2
    assert m.loc[m["From"] == "2025", "2025"].eq("").all()
    dec = r.decomposition_table(t)
    assert dec["Waves"].tolist() == ["2024\u00a0→\u00a02025", "2025\u00a0→\u00a02026"]
    np.testing.assert_allclose(dec[["Division mix", "Value performance", "Value importance",
                                    "Other"]].sum(axis=1), dec["Change"], atol=1e-9)
    assert r.symmetry_sentence(t).startswith("Between 2025 and 2026")
    assert r.adjustment_facts(t)["p_adjust_method"].startswith("Holm")
