"""Wave over wave, read from the CS information database: indices, tests of change, migration.

- :func:`wave_indices` — every index (CS, CLS, CVI, NPS) per stored wave with its 95% interval;
- :func:`change_tests` — the change between consecutive waves, tested on the two samples of
  :data:`csvalue.stats.change.SAMPLES` (the ``sample`` column of ``changes.csv``): all
  respondents as independent samples (NPS: z on the difference with adjusted-Wald variances;
  means: Welch t) and the panel present in both waves, paired — the same
  :func:`csvalue.model.indices.change_table` as ``changes.csv``;
- :func:`migration` — how respondents present in two waves moved between loyalty tiers
  (small cells suppressed);
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

from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.model import competitor, disc
from csvalue.model.indices import change_table, index_table
from csvalue.model.loyalty import tier_ids
from csvalue.pipeline.database import load_respondents, list_waves
from csvalue.stats.change import SAMPLES
from csvalue.stats.disclosure import suppress_small_cells

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
    wanted = [i for i, _ in TREND_INDICES]
    pieces = []
    for wave, df in resp.groupby("wave", sort=True):
        df = df.reset_index(drop=True)
        table = index_table(df, df, codebook)
        table = table[(table["scope"] == "company") & table["index"].isin(wanted)].copy()
        table["wave"] = wave
        pieces.append(table)
    out = pd.concat(pieces, ignore_index=True)
    out["index"] = pd.Categorical(out["index"], wanted, ordered=True)
    out = out.sort_values(["index", "wave"]).reset_index(drop=True)
    out["index"] = out["index"].astype(str)
    front = ["wave", "index"]
    return out[front + [c for c in out.columns if c not in front]]


def change_tests(url: str | None = None, codebook: Codebook | None = None,
                 respondents: pd.DataFrame | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Tests of change for every index between consecutive stored waves.

    For each pair (wave_a → wave_b) and index, the rows of
    :func:`csvalue.model.indices.change_table` (as in ``changes.csv``), one per sample:

    - ``sample = "all"``: all respondents of each wave, independent — NPS by
      :func:`csvalue.stats.change.nps_change` (z, adjusted-Wald variances), means by
      :func:`csvalue.stats.change.mean_change` (Welch t);
    - ``sample = "panel"``: respondents present in both waves — paired t on the differences
      (:func:`csvalue.stats.change.paired_change`; for NPS on the respondent scores
      +100/0/−100, whose mean difference is the panel's NPS change).

    Columns: those of ``changes.csv`` (wave_a, wave_b, sample, index, a, b, change, se,
    ci_low, ci_high, statistic, p_value, test, n_a, n_b) and ``significant`` (p < ``alpha``).
    Rows by wave pair, index (:data:`TREND_INDICES` order), sample.
    """
    codebook = codebook or load_codebook()
    resp = load_respondents(url) if respondents is None else respondents
    order = sorted(resp["wave"].unique())
    wanted = tuple(i for i, _ in TREND_INDICES)
    pieces = []
    for wa, wb in zip(order, order[1:]):
        a = resp[resp["wave"] == wa].reset_index(drop=True)
        b = resp[resp["wave"] == wb].reset_index(drop=True)
        pieces.append(change_table(a, b, a, b, codebook, indices=wanted))
    if not pieces:
        return pd.DataFrame(columns=["wave_a", "wave_b", "sample", "index", "significant"])
    out = pd.concat(pieces, ignore_index=True)
    rank = {key: k for k, key in enumerate((i, s) for i in wanted for s in SAMPLES)}
    out["_o"] = [rank[key] for key in zip(out["index"], out["sample"])]
    out = out.sort_values(["wave_a", "_o"], kind="stable").drop(columns="_o")
    out["significant"] = out["p_value"] < alpha
    return out.reset_index(drop=True)


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


def trend_tables(url: str | None = None, codebook: Codebook | None = None) -> TrendTables:
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
    codebook = codebook or load_codebook()
    resp = load_respondents(url)
    waves = tuple(list_waves(url)["wave"].astype(str))
    wave_ids = resp["wave"].astype(str)
    migration, pair = None, None
    if len(waves) >= 2:
        pair = (waves[-2], waves[-1])
        tiers = [resp.loc[wave_ids == w].set_index("resp_id")["loyalty_tier"] for w in pair]
        migration = tier_migration(tiers[0], tiers[1], codebook)
    latest = resp[wave_ids == waves[-1]]
    shares = by_type = None
    if "disc_type" in latest and latest["disc_type"].notna().any():
        shares = disc.type_shares(latest["disc_type"], latest.get("weight"))
        by_type = disc.indices_by_type(latest, disclosure_min=codebook.thresholds.disclosure_min)
    return TrendTables(
        waves=waves, n_answers=len(resp),
        indices=wave_indices(url, codebook, respondents=resp),
        changes=change_tests(url, codebook, respondents=resp),
        migration=migration, migration_waves=pair, disc_shares=shares, disc_indices=by_type,
        competitor=competitor.compare(latest, codebook))
