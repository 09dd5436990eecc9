"""Wave over wave, over any number of waves: indices, tests of change, migration, the CVI
change decomposed.

The tables are computed once, from the scored waves, by :func:`trend_tables_of` — in the
pipeline (:func:`csvalue.pipeline.analyze.analyze` writes them as the ``trend_*`` result
tables, :func:`trend_result_tables`; the management chapter reads them back with
:func:`trends_from_results`) or from the CS information database (:func:`trend_tables`,
which reads the stored respondents once). Both give the same numbers
(``tests/test_trends_waves.py``).

- :func:`wave_indices` — every index (CS, CLS, CVI, NPS) per stored wave with its 95% interval;
- :func:`change_tests` — the change between consecutive waves, tested on the two samples of
  :data:`csvalue.stats.change.SAMPLES` (the ``sample`` column of ``changes.csv``): all
  respondents as independent samples (NPS: z on the difference with adjusted-Wald variances;
  means: Welch t) and the panel present in both waves, paired — the same
  :func:`csvalue.model.indices.change_table` as ``changes.csv``;
- :func:`pair_changes` — every index between **every pair** of waves (each wave against the
  previous and the base wave among them), with p-values adjusted over each index's pairs
  (``p_adjusted``, :mod:`csvalue.stats.multitest`; ``significant`` uses it);
- :func:`migration` — how respondents present in two waves moved between loyalty tiers
  (small cells suppressed), with Bowker's test of symmetry (:func:`tier_symmetry`);
- the CVI change of each pair of consecutive waves split into division mix, value performance,
  value importance and the rest (:func:`csvalue.model.cvi_change.decompose_cvi_change`);
- :func:`trend_tables` — everything the management chapter shows, from one read of the
  database: the above, the DiSC types and the competitor comparison of the latest wave
  (:class:`TrendTables`), so the chapter never holds respondent rows.

What a reader sees of them — the trend chart, the migration heat map, the tables and
sentences of the management chapter — is in :mod:`csvalue.report.figures` and
:mod:`csvalue.report.management`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from csvalue.errors import DataError
from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.model import competitor, disc
from csvalue.model.cvi_change import DECOMPOSITION_COLUMNS, decompose_cvi_change
from csvalue.model.indices import change_table, index_table
from csvalue.model.loyalty import tier_ids
from csvalue.pipeline.database import load_respondents, list_waves
from csvalue.stats.change import SAMPLES, bowker_symmetry
from csvalue.stats.disclosure import suppress_small_cells
from csvalue.stats.multitest import adjust_families

#: Indices followed across waves: (index id in the indices table, respondent column).
TREND_INDICES = (("cs", "cs100"), ("cls", "cls"), ("cvi", "cvi"), ("nps", "nps_score"))


def wave_indices(url: str | None = None, codebook: Codebook | None = None,
                 respondents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Company-level indices of every stored wave, oldest first.

    Columns are those of :func:`csvalue.model.indices.index_table` for the company scope (wave,
    index, value, se, ci_low, ci_high, n, …), restricted to :data:`TREND_INDICES`.
    ``respondents`` (from :func:`load_respondents`) saves a second read of the database.
    """
    codebook = codebook or load_codebook()
    resp = load_respondents(url) if respondents is None else respondents
    pieces = []
    for wave, df in resp.groupby("wave", sort=True):
        df = df.reset_index(drop=True)
        pieces.append(index_table(df, df, codebook).assign(wave=wave))
    return company_indices(pd.concat(pieces, ignore_index=True))


def company_indices(indices: pd.DataFrame) -> pd.DataFrame:
    """The company rows of an indices table (``indices.csv``) for :data:`TREND_INDICES`, by
    index then wave, ``wave`` and ``index`` first (what :func:`wave_indices` returns)."""
    wanted = [i for i, _ in TREND_INDICES]
    out = indices[(indices["scope"] == "company") & indices["index"].isin(wanted)].copy()
    out["wave"] = out["wave"].astype(str)
    out["index"] = pd.Categorical(out["index"], wanted, ordered=True)
    out = out.sort_values(["index", "wave"]).reset_index(drop=True)
    out["index"] = out["index"].astype(str)
    front = ["wave", "index"]
    return out[front + [c for c in out.columns if c not in front]]


def pair_changes(url: str | None = None, codebook: Codebook | None = None,
                 respondents: pd.DataFrame | None = None, alpha: float = 0.05,
                 p_adjust: str = "holm") -> pd.DataFrame:
    """Tests of change for every index between every pair of stored waves (earlier → later).

    For each pair (wave_a → wave_b) and index, the rows of
    :func:`csvalue.model.indices.change_table` (as in ``changes.csv``), one per sample:

    - ``sample = "all"``: all respondents of each wave, independent — NPS by
      :func:`csvalue.stats.change.nps_change` (z, adjusted-Wald variances), means by
      :func:`csvalue.stats.change.mean_change` (Welch t);
    - ``sample = "panel"``: respondents present in both waves — paired t on the differences
      (:func:`csvalue.stats.change.paired_change`; for NPS on the respondent scores
      +100/0/−100, whose mean difference is the panel's NPS change).

    Columns: those of ``changes.csv`` (wave_a, wave_b, sample, index, a, b, change, se,
    ci_low, ci_high, statistic, p_value, test, n_a, n_b), ``p_adjusted`` (``p_adjust`` over
    the family of one index and sample: all its pairs), ``significant`` (p_adjusted <
    ``alpha``), ``previous`` (wave_a is the wave before wave_b) and ``base`` (wave_a is the
    first wave). Rows by wave_b, wave_a, index (:data:`TREND_INDICES` order), sample.
    """
    codebook = codebook or load_codebook()
    resp = load_respondents(url) if respondents is None else respondents
    order = sorted(resp["wave"].astype(str).unique())
    wanted = tuple(i for i, _ in TREND_INDICES)
    waves = {w: resp[resp["wave"].astype(str) == w].reset_index(drop=True) for w in order}
    pieces = []
    for j, wb in enumerate(order):
        for wa in order[:j]:
            a, b = waves[wa], waves[wb]
            pieces.append(change_table(a, b, a, b, codebook, indices=wanted))
    if not pieces:
        return pd.DataFrame(columns=["wave_a", "wave_b", "sample", "index", "p_adjusted",
                                     "significant", "previous", "base"])
    out = pd.concat(pieces, ignore_index=True)
    rank = {key: k for k, key in enumerate((i, s) for i in wanted for s in SAMPLES)}
    out["_o"] = [rank[key] for key in zip(out["index"], out["sample"])]
    out = out.sort_values(["wave_b", "wave_a", "_o"], kind="stable").drop(columns="_o")
    out = adjust_families(out.reset_index(drop=True), ["index", "sample"], p_adjust)
    out["significant"] = out["p_adjusted"] < alpha
    pos = {w: k for k, w in enumerate(order)}
    out["previous"] = [pos[b] - pos[a] == 1 for a, b in zip(out["wave_a"], out["wave_b"])]
    out["base"] = out["wave_a"] == order[0]
    return out


def change_tests(url: str | None = None, codebook: Codebook | None = None,
                 respondents: pd.DataFrame | None = None, alpha: float = 0.05,
                 p_adjust: str = "holm") -> pd.DataFrame:
    """The rows of :func:`pair_changes` between consecutive waves (each wave against the one
    before): what the trend chart stars."""
    pairs = pair_changes(url, codebook, respondents, alpha, p_adjust)
    return consecutive(pairs)


def consecutive(pairs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`pair_changes` table between consecutive waves, by wave pair."""
    if pairs.empty:
        return pairs.drop(columns=["previous", "base"], errors="ignore")
    out = pairs[pairs["previous"].astype(bool)].drop(columns=["previous", "base"])
    return out.sort_values(["wave_a"], kind="stable").reset_index(drop=True)


def tier_migration(tiers_a: pd.Series, tiers_b: pd.Series,
                   codebook: Codebook | None = None,
                   disclosure_min: int | None = None) -> pd.DataFrame:
    """Loyalty-tier migration matrix of respondents with a tier in both waves.

    Parameters
    ----------
    tiers_a, tiers_b : each respondent's tier in the earlier and the later wave, indexed by
        resp_id (respondents in only one wave, or without a tier, are left out).
    disclosure_min : cells with fewer respondents are blanked (NaN count and share), with
        complementary suppression
        (:func:`csvalue.stats.disclosure.complementary_suppression`), since the row ``n`` is
        published; default ``codebook.thresholds.disclosure_min``, 0 keeps every cell.

    Returns
    -------
    One row per earlier tier (best first): ``from_tier``, ``n``, then the count moving to each
    later tier (column ``<tier>``, NaN where suppressed) and its row share in percent
    (``<tier>_pct``), and ``suppressed`` (blanked cells in the row).

    Example
    -------
    >>> a = pd.Series(["loyalist", "inferior"], index=["r1", "r2"])
    >>> b = pd.Series(["apostle", "inferior"], index=["r1", "r2"])
    >>> tier_migration(a, b, disclosure_min=0)[["from_tier", "n", "apostle", "inferior"]]
       from_tier  n  apostle  inferior
    0   loyalist  1      1.0       0.0
    1    apostle  0      0.0       0.0
    2  love-hate  0      0.0       0.0
    3   inferior  1      0.0       1.0
    """
    codebook = codebook or load_codebook()
    ids = list(tier_ids(codebook))
    minimum = codebook.thresholds.disclosure_min if disclosure_min is None else disclosure_min
    pairs = pd.concat([tiers_a.rename("a"), tiers_b.rename("b")], axis=1, join="inner").dropna()
    tab = pd.crosstab(pairs["a"], pairs["b"]).reindex(index=ids, columns=ids, fill_value=0)
    n = tab.sum(axis=1).to_numpy()
    out = pd.DataFrame({"from_tier": ids, "n": n})
    counts = tab.to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(n[:, None] > 0, 100 * counts / n[:, None], np.nan)
    for j, t in enumerate(ids):
        out[t] = counts[:, j]
    for j, t in enumerate(ids):
        out[f"{t}_pct"] = shares[:, j]
    return suppress_small_cells(out, ids, minimum)


def migration(url: str | None, wave_a: str, wave_b: str,
              codebook: Codebook | None = None,
              disclosure_min: int | None = None) -> pd.DataFrame:
    """The loyalty-tier migration matrix (:func:`tier_migration`) of two stored waves."""
    resp = load_respondents(url, waves=[wave_a, wave_b])
    tiers = {w: resp.loc[resp["wave"] == w].set_index("resp_id")["loyalty_tier"]
             for w in (wave_a, wave_b)}
    return tier_migration(tiers[wave_a], tiers[wave_b], codebook, disclosure_min)


def tier_symmetry(tiers: dict[str, pd.Series], codebook: Codebook | None = None,
                  p_adjust: str = "holm") -> pd.DataFrame:
    """Bowker's test of symmetry (:func:`csvalue.stats.change.bowker_symmetry`) of the tier
    moves of the panel between each pair of consecutive waves: did as many customers move up
    as down? ``tiers`` maps each wave (oldest first) to its respondents' tiers (index
    resp_id). Columns wave_a, wave_b, statistic, df, p_value, n (the panel with a tier in
    both), p_adjusted (over the wave pairs).
    """
    order = list(tiers)
    rows = []
    for wa, wb in zip(order, order[1:]):
        pairs = pd.concat([tiers[wa].rename("a"), tiers[wb].rename("b")], axis=1,
                          join="inner").dropna()
        ids = list(tier_ids(codebook or load_codebook()))
        tab = pd.crosstab(pairs["a"], pairs["b"]).reindex(index=ids, columns=ids, fill_value=0)
        rows.append({"wave_a": wa, "wave_b": wb, **bowker_symmetry(tab.to_numpy()).as_dict()})
    out = pd.DataFrame(rows, columns=["wave_a", "wave_b", "statistic", "df", "p_value", "n"])
    return adjust_families(out, [], p_adjust)


def panel_size(url: str | None = None) -> pd.DataFrame:
    """Respondents per stored wave and how many of them were also in the previous wave."""
    resp = load_respondents(url)
    waves = list_waves(url)["wave"].tolist()
    ids = {w: set(resp.loc[resp["wave"] == w, "resp_id"]) for w in waves}
    return pd.DataFrame({
        "wave": waves,
        "n": [len(ids[w]) for w in waves],
        "in_previous_wave": [np.nan] + [len(ids[b] & ids[a]) for a, b in zip(waves, waves[1:])],
    })


@dataclass(frozen=True)
class TrendTables:
    """What the management chapter shows of the CS information database, aggregated: no
    respondent row leaves :func:`trend_tables`.

    Attributes
    ----------
    waves : the stored waves, oldest first.
    n_answers : respondent rows stored, all waves together.
    indices : :func:`wave_indices`.
    changes : :func:`change_tests` (no rows with one wave).
    migration : :func:`tier_migration` of the last two waves (``migration_waves``); None
        with one wave.
    disc_shares, disc_indices : :func:`csvalue.model.disc.type_shares` and
        :func:`csvalue.model.disc.indices_by_type` of the latest wave; None when it has no
        DiSC types.
    competitor : :func:`csvalue.model.competitor.compare` of the latest wave (no rows when
        nobody rated the competitor).
    pairs : :func:`pair_changes`: every pair of waves, adjusted p (``changes`` are its rows
        between consecutive waves).
    symmetry : :func:`tier_symmetry` of each pair of consecutive waves.
    decomposition : :func:`csvalue.model.cvi_change.decompose_cvi_change` of each pair of
        consecutive waves.
    p_adjust : how the p-values of a family were adjusted (``Settings.p_adjust``).
    """

    waves: tuple[str, ...]
    n_answers: int
    indices: pd.DataFrame
    changes: pd.DataFrame
    migration: pd.DataFrame | None
    migration_waves: tuple[str, str] | None
    disc_shares: pd.DataFrame | None
    disc_indices: pd.DataFrame | None
    competitor: pd.DataFrame
    pairs: pd.DataFrame | None = None
    symmetry: pd.DataFrame | None = None
    decomposition: pd.DataFrame | None = None
    p_adjust: str = "holm"


def trend_tables(url: str | None = None, codebook: Codebook | None = None,
                 p_adjust: str = "holm") -> TrendTables:
    """Every table of the management chapter from the database at ``url``, reading the
    respondents once: indices by wave with their tests of change, the loyalty-tier migration
    of the last two waves, and the DiSC types and the competitor comparison of the latest.

    Example
    -------
    >>> import tempfile
    >>> from csvalue.instrument.codebook import load_codebook
    >>> from csvalue.instrument.synth import generate
    >>> from csvalue.pipeline.analyze import analyze
    >>> from csvalue.pipeline.database import store_results
    >>> from csvalue.instrument.load import load_wave
    >>> cb = load_codebook()
    >>> path = tempfile.mkdtemp() + "/w.csv"
    >>> generate(150, seed=3).to_csv(path, index=False)
    >>> wave = load_wave(path, cb)
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/cs.sqlite"
    >>> _ = store_results(analyze([wave], cb), [wave.data], url, cb)
    >>> t = trend_tables(url, cb)
    >>> len(t.waves), t.n_answers, t.migration is None, len(t.changes)
    (1, 150, True, 0)
    >>> sorted(t.indices["index"].unique())
    ['cls', 'cs', 'cvi', 'nps']
    """
    resp = load_respondents(url)
    waves = tuple(list_waves(url)["wave"].astype(str))
    return trend_tables_of(resp, waves, codebook, p_adjust=p_adjust)


def trend_tables_of(resp: pd.DataFrame, waves: tuple[str, ...], codebook: Codebook | None = None,
                    indices: pd.DataFrame | None = None, p_adjust: str = "holm"
                    ) -> TrendTables:
    """The :class:`TrendTables` of scored respondents (one row per wave and respondent: the
    answers, the index columns, ``loyalty_tier``, ``disc_type``; as
    :func:`csvalue.pipeline.database.load_respondents` returns them), ``waves`` oldest first.
    ``indices`` (the company rows of the analysis' indices table) saves recomputing them."""
    codebook = codebook or load_codebook()
    wave_ids = resp["wave"].astype(str)
    migration, pair = None, None
    tiers = {w: resp.loc[wave_ids == w].set_index("resp_id")["loyalty_tier"] for w in waves}
    if len(waves) >= 2:
        pair = (waves[-2], waves[-1])
        migration = tier_migration(tiers[pair[0]], tiers[pair[1]], codebook)
    latest = resp[wave_ids == waves[-1]]
    shares = by_type = None
    if "disc_type" in latest and latest["disc_type"].notna().any():
        shares = disc.type_shares(latest["disc_type"], latest.get("weight"))
        by_type = disc.indices_by_type(latest, disclosure_min=codebook.thresholds.disclosure_min)
    pairs = pair_changes(codebook=codebook, respondents=resp, p_adjust=p_adjust)
    frames = {w: resp[wave_ids == w].reset_index(drop=True) for w in waves}
    parts = []
    for a, b in zip(waves, waves[1:]):
        try:
            parts.append(decompose_cvi_change(frames[a], frames[a], frames[b], frames[b],
                                              codebook))
        except DataError:       # too few respondents rated every value: no decomposition
            continue
    return TrendTables(
        waves=waves, n_answers=len(resp),
        indices=wave_indices(codebook=codebook, respondents=resp) if indices is None
        else indices,
        changes=consecutive(pairs),
        migration=migration, migration_waves=pair, disc_shares=shares, disc_indices=by_type,
        competitor=competitor.compare(latest, codebook), pairs=pairs,
        symmetry=tier_symmetry(tiers, codebook, p_adjust) if len(waves) >= 2 else None,
        decomposition=(pd.concat(parts, ignore_index=True) if parts
                       else pd.DataFrame(columns=DECOMPOSITION_COLUMNS)),
        p_adjust=p_adjust)


# ---------------------------------------------------------------------------------------
# As result tables: written by analyze, read by the management chapter
# ---------------------------------------------------------------------------------------

#: The result tables that carry a :class:`TrendTables` (``trend_<field>``).
TREND_TABLES = ("indices", "pairs", "migration", "symmetry", "decomposition", "disc_shares",
                "disc_indices", "competitor")


def trend_result_tables(trends: TrendTables) -> dict[str, pd.DataFrame]:
    """``trends`` as result tables ``trend_<field>`` (:data:`TREND_TABLES`); the migration
    matrix gets the two waves as its first columns, the latest wave's tables a ``wave``."""
    out = {}
    for name in TREND_TABLES:
        table = getattr(trends, name)
        if table is None:
            continue
        table = table.copy()
        if name == "migration":
            table.insert(0, "wave_b", trends.migration_waves[1])
            table.insert(0, "wave_a", trends.migration_waves[0])
        elif name in ("disc_shares", "disc_indices", "competitor") and "wave" not in table:
            table.insert(0, "wave", trends.waves[-1])
        out[f"trend_{name}"] = table.reset_index(drop=True)
    return out


def trends_from_results(results) -> TrendTables:
    """The :class:`TrendTables` an analysis wrote (:func:`trend_result_tables`), for the
    management chapter: no respondent row is read.

    Raises
    ------
    KeyError
        when the results hold no trend tables (written by an older csvalue: analyse again).
    """
    tables = results.tables
    if "trend_indices" not in tables:
        raise KeyError("these results hold no trend tables (written before csvalue wrote "
                       "them): run csvalue analyze again")

    def get(name: str) -> pd.DataFrame | None:
        t = tables.get(f"trend_{name}")
        if t is None or (t.empty and name != "pairs"):
            return None
        t = t.reset_index(drop=True)
        if "flag" in t:     # an empty flag reads back as missing
            t["flag"] = t["flag"].fillna("")
        return t

    waves = tuple(str(r["wave"]) for r in results.model["waves"])
    migration, pair = get("migration"), None
    if migration is not None:
        pair = (str(migration["wave_a"].iloc[0]), str(migration["wave_b"].iloc[0]))
        migration = migration.drop(columns=["wave_a", "wave_b"])
    latest = {n: (None if get(n) is None else get(n).drop(columns="wave"))
              for n in ("disc_shares", "disc_indices", "competitor")}
    pairs = get("pairs")
    if pairs is not None and len(pairs):
        for col in ("significant", "previous", "base"):
            pairs[col] = pairs[col].astype(bool)
    return TrendTables(
        waves=waves, n_answers=int(sum(int(r["n"]) for r in results.model["waves"])),
        indices=get("indices"), changes=consecutive(pairs) if pairs is not None
        else pd.DataFrame(), migration=migration, migration_waves=pair,
        disc_shares=latest["disc_shares"], disc_indices=latest["disc_indices"],
        competitor=(latest["competitor"] if latest["competitor"] is not None
                    else pd.DataFrame()),
        pairs=pairs, symmetry=get("symmetry"), decomposition=get("decomposition"),
        p_adjust=str(results.model.get("settings", {}).get("p_adjust", "holm")))
