"""The CS information database: storing, replacing, reading, SQLite and PostgreSQL.

Schema revisions and upgrades: test_database_upgrade.py; concurrent writers and readers:
test_database_concurrency.py; faults (server gone, login refused, read-only, full, unreachable)
and read-only logins: test_database_faults.py.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from csvalue.pipeline import database as db
from csvalue.pipeline import db_faults, db_schema
from csvalue.instrument.codebook import SCALE_BLOCKS
from db_helpers import scored_wave


def count(url, table="respondents"):
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    engine.dispose()
    return n


def test_round_trip_keeps_every_value(db_url, codebook):
    df = scored_wave(codebook, n=50, seed=1)
    res = db.store(df, db.WaveMeta("2024", "w.csv", "ab" * 32, {"seed": 1},
                                   {"cls_weights": {"repurchase": 0.4, "recommend": 0.6}}),
                   db_url, codebook)
    assert (res.wave, res.n, res.replaced) == ("2024", 50, False)
    back = db.load_respondents(db_url)
    assert len(back) == 50 and set(back["wave"]) == {"2024"}
    back = back.set_index("resp_id").loc[df["resp_id"]]
    for c in codebook.ids(*SCALE_BLOCKS) + list(db.INDEX_COLUMNS):
        np.testing.assert_allclose(back[c].to_numpy(), df[c].to_numpy(), err_msg=c)
    for c in ["division", "region", "maintenance", "value_segment", "loyalty_tier"]:
        assert back[c].tolist() == [None if pd.isna(v) else v for v in df[c]], c
    np.testing.assert_allclose(back["tenure_years"], df["tenure_years"])
    # the DiSC type is derived when not given; free text is never read back
    assert set(back["disc_type"].dropna()) <= {"D", "I", "S", "C", "mixed"}
    assert "voc" not in back.columns
    meta = db.list_waves(db_url).iloc[0]
    assert meta["model"]["cls_weights"]["recommend"] == 0.6 and meta["settings"] == {"seed": 1}
    assert meta["columns"]["activity"] == ["division", "tenure_years", "maintenance"]
    assert "customer_type" in meta["columns"]["profile"] and meta["n"] == 50


def test_storing_a_wave_again_leaves_one_copy(db_url, codebook):
    first = scored_wave(codebook, n=40, seed=1)
    db.store(first, db.WaveMeta("2024"), db_url, codebook)
    db.store(scored_wave(codebook, n=30, seed=2, wave="2025"), db.WaveMeta("2025"), db_url, codebook)
    again = scored_wave(codebook, n=35, seed=3)
    res = db.store(again, db.WaveMeta("2024"), db_url, codebook)
    assert res.replaced
    assert count(db_url) == 35 + 30
    assert db.list_waves(db_url)["wave"].tolist() == ["2024", "2025"]
    back = db.load_respondents(db_url, waves=["2024"])
    np.testing.assert_allclose(back["cvi"], again.sort_values("resp_id")["cvi"])


def test_a_failure_mid_insert_leaves_the_previous_copy(db_url, codebook, monkeypatch):
    old = scored_wave(codebook, n=50, seed=1)
    db.store(old, db.WaveMeta("2024", settings={"v": "old"}), db_url, codebook)
    calls = []
    real = db._insert_chunk

    def dies_on_second_chunk(conn, table, cols, chunk):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RuntimeError("process killed mid-insert")
        real(conn, table, cols, chunk)

    monkeypatch.setattr(db, "_insert_chunk", dies_on_second_chunk)
    with pytest.raises(RuntimeError, match="mid-insert"):
        db.store(scored_wave(codebook, n=80, seed=9), db.WaveMeta("2024", settings={"v": "new"}),
                 db_url, codebook, chunksize=20)
    assert calls == [20, 20]                 # the first chunk of the new copy was written ...
    monkeypatch.undo()
    back = db.load_respondents(db_url)       # ... and rolled back with the delete
    assert len(back) == 50
    np.testing.assert_allclose(back["cvi"], old.sort_values("resp_id")["cvi"])
    assert db.list_waves(db_url).iloc[0]["settings"] == {"v": "old"}


def test_unversioned_csvalue_tables_are_refused(tmp_path, codebook):
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE waves (x INTEGER)")
    engine.dispose()
    with pytest.raises(db.DatabaseError, match="no schema_version"):
        db.list_waves(url)
    with pytest.raises(db.DatabaseError, match="no schema_version"):
        db.store(scored_wave(codebook, n=5), db.WaveMeta("2024"), url, codebook)


def test_bad_rows_are_refused(tmp_path, codebook):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    df = scored_wave(codebook, n=5)
    with pytest.raises(db.DatabaseError, match="repeated: \\['r0001'\\]"):
        db.store(df.assign(resp_id=["r0000", "r0001", "r0001", "r0003", "r0004"]),
                 db.WaveMeta("2024"), url, codebook)
    with pytest.raises(db.DatabaseError, match="also holds \\['2024'\\]"):
        db.store(df, db.WaveMeta("2025"), url, codebook)
    with pytest.raises(db.DatabaseError, match="not in the database"):
        db.load_respondents(url, waves=["1999"])


def test_voc_is_kept_only_when_asked_and_only_in_the_private_table(tmp_path, codebook):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    df = scored_wave(codebook, n=10)
    db.store(df, db.WaveMeta("2024"), url, codebook)
    assert count(url, "voc_private") == 0
    db.store(df, db.WaveMeta("2024"), url, codebook, keep_voc=True)
    assert count(url, "voc_private") == 10
    assert "voc" not in db.load_respondents(url).columns


def test_a_new_instrument_adds_its_item_columns(db_url, codebook, tmp_path):
    import yaml
    from csvalue.instrument.codebook import default_codebook_path, parse_codebook

    db.store(scored_wave(codebook, n=10), db.WaveMeta("2024"), db_url, codebook)
    raw = yaml.safe_load(default_codebook_path().read_text(encoding="utf-8"))
    raw["values"]["items"]["pride"] = {"label_en": "Pride", "level": "emotional"}
    other = parse_codebook(raw)
    db.store(scored_wave(other, n=12, wave="2025"), db.WaveMeta("2025"), db_url, other)
    both = db.load_respondents(db_url)
    assert both.groupby("wave")["v_pride"].count().to_dict() == {"2024": 0, "2025": 12}
    assert "v_pride" not in db.load_respondents(db_url, waves=["2024"]).columns


def test_url_comes_from_argument_then_environment_then_default(monkeypatch):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.resolve_url() == db.DEFAULT_URL == "sqlite:///data/csvalue.sqlite"
    monkeypatch.setenv(db.ENV_VAR, "sqlite:///env.sqlite")
    assert db.resolve_url() == "sqlite:///env.sqlite"
    assert db.resolve_url("sqlite:///arg.sqlite") == "sqlite:///arg.sqlite"
    with pytest.raises(db.DatabaseError, match="not a database URL"):
        db_schema.engine_for("not a url")


def test_a_wave_stored_alone_reuses_the_stored_base_wave_weights(tmp_path, codebook):
    """Weights estimated on the base wave are reused for later waves, also when
    a later wave is stored on its own (e.g. `csvalue store wave_2025.csv` a year later)."""
    from csvalue.instrument.synth import generate_waves, write_csv

    paths = [write_csv(w, tmp_path / f"wave_{y}.csv")
             for y, w in generate_waves(600, seed=5).items()]
    url = f"sqlite:///{tmp_path / 'cs.sqlite'}"
    db.store_waves(paths, codebook, url=url)
    together = db.load_respondents(url, waves=["2025"]).set_index("resp_id")["cls"]
    said: list[str] = []
    db.store_waves(paths[1:], codebook, url=url, echo=said.append)
    alone = db.load_respondents(url, waves=["2025"]).set_index("resp_id")["cls"]
    np.testing.assert_allclose(alone.loc[together.index], together, rtol=1e-12)
    models = db.list_waves(url).set_index("wave")["model"]
    assert models["2025"]["cls_weights"] == models["2024"]["cls_weights"]
    assert said and "base wave 2024" in said[0]


def test_doctests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert doctest.testmod(db).failed == 0
    assert doctest.testmod(db_schema).failed == 0
    assert doctest.testmod(db_faults).failed == 0


def test_reading_creates_nothing(tmp_path, db_url):
    """A read of a database without a csvalue schema finds no waves and writes nothing: no
    SQLite file appears, no table is created."""
    missing = tmp_path / "never" / "cs.sqlite"
    assert db.list_waves(f"sqlite:///{missing}").empty
    assert db.load_respondents(f"sqlite:///{missing}").empty
    assert not missing.parent.exists()
    assert db.list_waves(db_url).empty and db.load_respondents(db_url).empty
    assert db_schema.status(db_url)[0].empty
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
    engine.dispose()


def test_the_first_store_creates_the_schema_at_the_newest_revision(db_url, codebook):
    db.store(scored_wave(codebook, n=5), db.WaveMeta("2024"), db_url, codebook)
    state, stored = db_schema.status(db_url)
    assert (state.revision, state.version, state.current) == (
        db_schema.head_revision(), db_schema.SCHEMA_VERSION, True)
    assert stored == [("2024", 5)]


def test_messages_never_show_the_password():
    url = "postgresql+psycopg://ana:s3cret@db.example:5432/cs"
    assert db_schema.safe_url(url) == "postgresql+psycopg://ana:***@db.example:5432/cs"
    assert db_schema.safe_url("not a url") == "not a url"
