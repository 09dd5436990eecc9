"""Trends read from the database: migration matrix, change tests through the stats API."""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.model.indices import change_table
from csvalue.pipeline import database as db
from csvalue.pipeline import trends
from csvalue.stats.change import SAMPLES
from db_helpers import scored_wave


def two_waves(codebook, url):
    """A hand-made panel: r1..r6 in both waves, r7 only in 2024, r8 only in 2025."""
    a_tiers = {"r1": "loyalist", "r2": "loyalist", "r3": "apostle", "r4": "love-hate",
               "r5": "inferior", "r6": "inferior", "r7": "loyalist"}
    b_tiers = {"r1": "loyalist", "r2": "apostle", "r3": "loyalist", "r4": "love-hate",
               "r5": "love-hate", "r6": None, "r8": "inferior"}
    for wave, tiers in (("2024", a_tiers), ("2025", b_tiers)):
        df = scored_wave(codebook, ids=list(tiers), wave=wave, seed=len(wave))
        df["loyalty_tier"] = list(tiers.values())
        db.store(df, db.WaveMeta(wave), url, codebook)


def test_migration_matrix_of_a_hand_made_panel(db_url, codebook):
    two_waves(codebook, db_url)
    m = trends.migration(db_url, "2024", "2025", codebook, disclosure_min=0).set_index("from_tier")
    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    expected = pd.DataFrame(
        [[1, 1, 0, 0],      # r1 stays, r2 drops to apostle (r7 left the panel)
         [1, 0, 0, 0],      # r3 moves up
         [0, 0, 1, 0],      # r4 stays
         [0, 0, 1, 0]],     # r5 moves up; r6 has no tier in 2025
        index=tiers, columns=tiers)
    assert (m[tiers].to_numpy() == expected.to_numpy()).all()
    assert m["n"].tolist() == [2, 1, 1, 1]
    assert m.loc["loyalist", "apostle_pct"] == 50 and m.loc["apostle", "loyalist_pct"] == 100
    assert m[[f"{t}_pct" for t in tiers]].sum(axis=1).tolist() == [100.0] * 4


def test_migration_rows_without_respondents_have_no_shares(codebook):
    a = pd.Series(["inferior"], index=["x"])
    m = trends.tier_migration(a, a, codebook, disclosure_min=0)
    assert m["n"].tolist() == [0, 0, 0, 1]
    assert np.isnan(m.loc[0, "loyalist_pct"]) and m.loc[3, "inferior_pct"] == 100


def test_migration_blanks_small_cells_and_their_complements(codebook):
    """Row n is published: a lone small cell would be its row total minus the others."""
    from csvalue.stats.disclosure import disclosure_safe

    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    counts = np.array([[60, 25, 33, 6], [18, 27, 38, 17], [39, 26, 187, 66], [3, 16, 80, 140]])
    a, b = [], []
    for i, ti in enumerate(tiers):
        for j, tj in enumerate(tiers):
            a += [ti] * counts[i, j]
            b += [tj] * counts[i, j]
    ids = [f"r{k}" for k in range(len(a))]
    m = trends.tier_migration(pd.Series(a, index=ids), pd.Series(b, index=ids), codebook)
    blank = m[tiers].isna().to_numpy()
    assert blank[3, 0] and np.isnan(m.loc[3, "loyalist_pct"])        # inferior → loyalist = 3
    assert disclosure_safe(blank) and blank.sum() > 1
    assert m["n"].tolist() == counts.sum(axis=1).tolist()            # row totals still shown
    assert (m[tiers].to_numpy()[~blank] == counts[~blank]).all()
    assert (m["suppressed"] == blank.sum(axis=1)).all()
    shown = m[[f"{t}_pct" for t in tiers]].notna().to_numpy()
    assert (shown == ~blank).all()


def test_panel_size(tmp_path, codebook):
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    two_waves(codebook, url)
    p = trends.panel_size(url)
    assert p["n"].tolist() == [7, 7] and p["in_previous_wave"].tolist()[1] == 6


def test_store_the_shipped_waves_then_read_trends_back(tmp_path, codebook, run_cli):
    url = f"sqlite:///{tmp_path / 'cs.sqlite'}"
    waves = ["csvalue/demo/waves/wave_2024.csv", "csvalue/demo/waves/wave_2025.csv"]
    r = run_cli("store", *waves, "--db", url)
    assert r.returncode == 0, r.stderr
    assert "stored wave 2024: 2,000 respondents" in r.stdout
    again = run_cli("store", waves[1], "--db", url)        # storing again replaces it
    assert again.returncode == 0 and "replaced wave 2025" in again.stdout, again.stdout
    assert db.list_waves(url)["wave"].tolist() == ["2024", "2025"]
    resp = db.load_respondents(url)
    assert len(resp) == 4000 and resp["resp_id"].groupby(resp["wave"]).nunique().tolist() == [2000, 2000]
    ind = trends.wave_indices(url, codebook)
    assert set(ind["index"]) == {"cs", "cls", "cvi", "nps"} and len(ind) == 8
    ch = trends.change_tests(url, codebook, respondents=resp)
    # one vocabulary: the samples of changes.csv, the same tests as changes.csv
    assert set(ch["sample"]) == set(SAMPLES)
    assert ch[["index", "sample"]].values.tolist() == [
        [i, s] for i, _ in trends.TREND_INDICES for s in SAMPLES]
    paired = ch[(ch["sample"] == "panel") & (ch["index"] == "cvi")].iloc[0]
    assert paired["n_a"] == 800
    a, b = (resp[resp["wave"] == w].reset_index(drop=True) for w in ("2024", "2025"))
    table = change_table(a, b, a, b, codebook).set_index(["sample", "index"])
    got = ch.set_index(["sample", "index"])
    for col in ("change", "se", "ci_low", "ci_high", "statistic", "p_value", "n_a", "n_b"):
        pd.testing.assert_series_equal(got[col], table.loc[got.index, col])
    assert (ch["significant"] == (ch["p_value"] < 0.05)).all()
    m = trends.migration(url, "2024", "2025", codebook)
    both = set(resp.loc[resp["wave"] == "2024", "resp_id"]) & set(resp.loc[resp["wave"] == "2025", "resp_id"])
    assert m["n"].sum() == len(both) == 800  # every panel respondent has a tier in both waves


def test_trends_docstring_names_functions_that_exist():
    import re

    from csvalue import report

    for name in re.findall(r":func:`(\w+)`", trends.__doc__):
        assert hasattr(trends, name), name
    assert "plot_trend" not in trends.__doc__ and hasattr(report, "trend_chart")




def test_trend_tables_are_the_separate_reads_of_the_database(tmp_path, codebook):
    """One read of the database gives the management chapter the same tables as the
    functions it gathers, each on its own read."""
    from csvalue.model import competitor, disc

    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    rng = np.random.default_rng(4)
    for k, wave in enumerate(("2024", "2025")):
        df = scored_wave(codebook, n=7, seed=k, wave=wave, ids=[f"r{i}" for i in range(k, k + 7)])
        df["nps_score"] = rng.choice([-100.0, 0.0, 100.0], len(df))   # a respondent's NPS score
        db.store(df, db.WaveMeta(wave), url, codebook)
    t = trends.trend_tables(url, codebook)
    assert t.waves == ("2024", "2025") and t.n_answers == 14
    pd.testing.assert_frame_equal(t.indices, trends.wave_indices(url, codebook))
    pd.testing.assert_frame_equal(t.changes, trends.change_tests(url, codebook))
    assert t.migration_waves == ("2024", "2025")
    pd.testing.assert_frame_equal(t.migration, trends.migration(url, "2024", "2025", codebook))
    latest = db.load_respondents(url, waves=["2025"])
    pd.testing.assert_frame_equal(t.competitor.reset_index(drop=True),
                                  competitor.compare(latest, codebook).reset_index(drop=True))
    if "disc_type" in latest and latest["disc_type"].notna().any():
        pd.testing.assert_frame_equal(t.disc_shares, disc.type_shares(latest["disc_type"]))
    else:
        assert t.disc_shares is None and t.disc_indices is None


def test_trend_tables_of_one_wave_have_no_changes_and_no_migration(tmp_path, codebook):
    url = f"sqlite:///{tmp_path / 'one.sqlite'}"
    df = scored_wave(codebook, n=20)
    df["nps_score"] = 0.0
    db.store(df, db.WaveMeta("2024"), url, codebook)
    t = trends.trend_tables(url, codebook)
    assert t.waves == ("2024",) and t.n_answers == 20
    assert t.migration is None and t.migration_waves is None and len(t.changes) == 0
    assert t.indices["wave"].unique().tolist() == ["2024"]
