"""Test helpers for the database tests: a scored wave made from the codebook."""

from __future__ import annotations

import numpy as np
import pandas as pd

from csvalue.pipeline import database as db
from csvalue.instrument.codebook import SCALE_BLOCKS


def scored_wave(codebook, n=60, seed=0, wave="2024", ids=None):
    """A scored wave with every codebook column: random answers on each item's scale,
    index and segment columns (the database stores, it does not compute)."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"resp_id": ids if ids is not None else [f"r{i:04d}" for i in range(n)]})
    n = len(df)
    df["wave"] = wave
    for it in codebook.block("profile"):
        if it.kind == "category":
            df[it.id] = rng.choice(it.categories, n).astype(object)
        else:
            df[it.id] = rng.uniform(*it.scale, n).round(1)
    for iid in codebook.ids(*SCALE_BLOCKS):
        lo, hi = codebook.item(iid).scale
        df[iid] = rng.integers(int(lo), int(hi) + 1, n).astype(float)
    df.loc[df.index[::7], "comp_cs"] = np.nan          # not every respondent rates the competitor
    df.loc[df.index[1], "division"] = np.nan
    df["voc"] = "private comment"
    for c in db.INDEX_COLUMNS:
        df[c] = rng.uniform(0, 100, n)
    df["weight"] = 1.0                                  # an unweighted wave
    df["value_segment"] = rng.choice(["work_value", "leisure_seeking"], n)
    df["loyalty_tier"] = rng.choice(["loyalist", "inferior"], n)
    return df


def write_waves(folder, n=50, years=("2022", "2023", "2024", "2025"), seed=11):
    """Synthetic survey files ``wave_<year>.csv`` (a panel, as ``csvalue synth --waves``)
    in ``folder``; returns {year: path}."""
    from csvalue.instrument.synth import generate_waves, write_csv

    folder.mkdir(parents=True, exist_ok=True)
    return {y: write_csv(w, folder / f"wave_{y}.csv")
            for y, w in generate_waves(n, years=tuple(years), seed=seed).items()}


def quick_config(folder):
    """Settings that skip the impact bootstrap and the searches for k and the number of
    factors: storing is what these tests exercise, and the scores it writes (indices, CLS
    weights) do not depend on those."""
    path = folder / "quick.yml"
    path.write_text("n_boot: 0\nk: 3\nn_factors: 2\n")
    return path


def run_main(*args):
    """``csvalue ARGS`` in this process (so that monkeypatches apply): (exit code, stdout,
    stderr)."""
    import contextlib
    import io

    from csvalue import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def table_rows(url, tables=("waves", "respondents", "voc_private", "schema_version")):
    """Every row of the given tables by plain SQL (no csvalue code), sorted: {table: rows}."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        for t in tables:
            if t in names:
                rows = conn.exec_driver_sql(f"SELECT * FROM {t}").all()
                out[t] = sorted((tuple(r) for r in rows), key=repr)
    engine.dispose()
    return out


def wave_snapshot(url):
    """What readers see of the stored waves: (list_waves without stored_at, load_respondents)."""
    return (db.list_waves(url).drop(columns=["stored_at"]).to_dict("records"),
            db.load_respondents(url))


def migration_matrix(codebook, counts):
    """The tier migration of a hand-made panel: ``counts[i][j]`` respondents moved from tier i
    to tier j (loyalist, apostle, love-hate, inferior)."""
    from csvalue.pipeline import trends

    tiers = ["loyalist", "apostle", "love-hate", "inferior"]
    a, b = [], []
    for i, ti in enumerate(tiers):
        for j, tj in enumerate(tiers):
            a += [ti] * counts[i][j]
            b += [tj] * counts[i][j]
    ids = [f"r{k}" for k in range(len(a))]
    return trends.tier_migration(pd.Series(a, index=ids), pd.Series(b, index=ids), codebook)
