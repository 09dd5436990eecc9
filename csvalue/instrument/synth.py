"""Synthetic survey waves from a structural model calibrated to the source case.

The shipped default waves are synthetic: they are drawn from a model whose true paths are the
source's tables (benefits → values → indices), with latent value segments that drive the
expectation items, the profiles and the level of loyalty. Because the truth is known, every
estimator can be checked against it, and the default report tells the source's story.

How a respondent is made (all latent scores standard normal, then rounded to the item scale):

1. a value segment, drawn with the shares of ``synth_params.yml``; the profile (customer type,
   age, volume, tenure, maintenance, region) from the segment's tendencies, the division from
   the customer type;
2. benefit satisfaction, equicorrelated; each value = Σ path · benefit + noise; the upper value
   = Σ path · other values + noise; CS, repurchase and recommend = Σ path · values + noise, the
   loyalty items also shifted by the segment's loyalty offset;
3. expectation items = loading · (segment shift on the item's factor + noise) + noise;
4. competitor ratings, DiSC items, a few free-text comments, ≈1% missing attitude answers.

Noise variances are set so that every latent score has variance 1: the paths are then
standardized coefficients. Rounding to 5 points attenuates them slightly; ``inflate`` in the
parameters compensates (see ``benchmarks/calibrate_synth.py``).

Example
-------
>>> wave = generate(500, seed=1)
>>> wave.shape[0], sorted(wave["division"].unique())
(500, ['emr', 'pms', 'supplies'])
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import stats

from csvalue.instrument.codebook import Codebook, load_codebook
from csvalue.errors import ConfigError

DEFAULT_SEED = 20250
PANEL_SHARE = 0.4

_VOC = (
    "청구 화면이 느려요", "업데이트 후 오류가 잦습니다", "A/S 응대가 친절합니다",
    "가격이 조금 부담됩니다", "교육 자료가 더 있으면 좋겠어요", "Support answered quickly",
    "Please add a mobile app", "보험 청구 누락 알림 기능 요청", "The new version is stable",
    "원격 지원 대기 시간이 깁니다",
)


def load_params(path: str | Path | None = None) -> dict[str, Any]:
    """The generator's calibration parameters (``csvalue/data/synth_params.yml`` by default).

    Example
    -------
    >>> load_params()["segments"]["work_process"]["share"]
    0.15
    """
    if path is None:
        text = resources.files("csvalue").joinpath("data/synth_params.yml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return yaml.safe_load(text)


class _Model:
    """The latent linear model: every latent score as loadings on independent normal sources.

    Keeping loadings (not data) lets us set each noise term so the score has variance 1
    exactly, whatever the paths and correlations.
    """

    def __init__(self, cb: Codebook, p: dict[str, Any]):
        self.names: list[str] = []
        self.rows: list[np.ndarray] = []
        ben, val = list(cb.benefits), list(cb.values)
        upper = cb.upper_value
        k = float(p["inflate"])
        nb = len(ben)
        self.n_sources = nb + len(val) + 4
        src = iter(range(nb, self.n_sources))
        rho = float(p["benefit_correlation"])
        chol = np.linalg.cholesky(np.full((nb, nb), rho) + (1 - rho) * np.eye(nb))
        for i, b in enumerate(ben):
            row = np.zeros(self.n_sources)
            row[:nb] = chol[i]
            self._add(f"b_{b}", row)
        for v in val:
            if v == upper:
                continue
            paths = {f"b_{b}": k * w for b, w in p["benefit_paths"].get(v, {}).items()}
            self._add(f"v_{v}", self._combine(paths, next(src)))
        if upper:
            paths = {f"v_{v}": k * w for v, w in p["upper_paths"].items()}
            self._add(f"v_{upper}", self._combine(paths, next(src)))
        for out in ("cs", "repurchase", "recommend"):
            paths = {f"v_{v}": k * w for v, w in p["outcome_paths"][out].items()}
            self._add(f"_{out}_sys", self._combine(paths, None))
        self.cs_src = next(src)
        self.loyalty_src = (next(src), next(src))

    def _add(self, name: str, row: np.ndarray) -> None:
        self.names.append(name)
        self.rows.append(row)

    def _combine(self, paths: dict[str, float], noise: int | None) -> np.ndarray:
        row = sum(w * self.rows[self.names.index(x)] for x, w in paths.items())
        row = np.zeros(self.n_sources) if isinstance(row, int) else row
        var = float(row @ row)
        if var >= 1:
            raise ValueError(f"paths {paths} explain more than all the variance ({var:.2f})")
        if noise is not None:
            row = row.copy()
            row[noise] = np.sqrt(1 - var)
        return row

    def var(self, name: str) -> float:
        """The exact variance of a latent score (not its sample estimate)."""
        row = self.rows[self.names.index(name)]
        return float(row @ row)

    def scores(self, z: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(z @ np.array(self.rows).T, columns=self.names)


def _round(latent: np.ndarray, mean: float, sd: float, lo: float, hi: float) -> np.ndarray:
    return np.clip(np.rint(mean + sd * latent), lo, hi)


def _choice(u: np.ndarray, probs: dict[str, float]) -> np.ndarray:
    """Categories from uniforms by inverse CDF (vectorised, order of ``probs``)."""
    keys = list(probs)
    cum = np.cumsum([probs[c] for c in keys])
    idx = np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(keys) - 1)
    return np.asarray(keys, dtype=object)[idx]


def _draw(n: int, rng: np.random.Generator, cb: Codebook, p: dict[str, Any]) -> dict[str, np.ndarray]:
    """All random draws of ``n`` respondents: segments, uniforms, normals."""
    factors = [f.id for f in cb.factors]
    shares = np.array([p["segments"][f]["share"] for f in factors])
    return {
        "segment": rng.choice(len(factors), size=n, p=shares / shares.sum()),
        "u": rng.random((n, 16)),
        "z": rng.standard_normal((n, 64 + len(cb.expectation_cols) + len(cb.values))),
        "miss": rng.random((n, len(cb.benefit_cols + cb.value_cols + cb.expectation_cols))),
    }


def _mix(old: dict[str, np.ndarray], new: dict[str, np.ndarray], r: float) -> dict[str, np.ndarray]:
    """A panel respondent a year later: same segment and profile, correlated answers."""
    return {"segment": old["segment"], "u": old["u"], "miss": new["miss"],
            "z": r * old["z"] + np.sqrt(1 - r * r) * new["z"]}


def _render(d: dict[str, np.ndarray], ids: np.ndarray, wave: str, cb: Codebook,
            p: dict[str, Any], shift: float = 0.0, tenure_add: float = 0.0) -> pd.DataFrame:
    """Turn the draws into a wave DataFrame with the default instrument's columns."""
    n = len(ids)
    seg, u, z = d["segment"], d["u"], d["z"]
    factors = list(cb.factors)
    fids = [f.id for f in factors]
    model = _Model(cb, p)
    zi = iter(range(z.shape[1]))
    lat = model.scores(z[:, [next(zi) for _ in range(model.n_sources)]])
    out: dict[str, Any] = {"resp_id": ids, "wave": np.full(n, wave, dtype=object)}

    # profile from the segment's tendencies
    base = p["profiles"]["base"]
    for j, cat in enumerate(["customer_type", "region", "age_band", "volume", "maintenance"]):
        col = np.empty(n, dtype=object)
        for s, fid in enumerate(fids):
            m = seg == s
            col[m] = _choice(u[m, j], p["profiles"].get(fid, {}).get(cat, base[cat]))
        out[cat] = col
    division = np.empty(n, dtype=object)
    for ctype, probs in p["division"].items():
        m = out["customer_type"] == ctype
        division[m] = _choice(u[m, 5], {k: v for k, v in probs.items() if v > 0})
    out["division"] = division
    tmean = np.array([p["profiles"].get(f, {}).get("tenure_mean", base["tenure_mean"])
                      for f in fids])[seg]
    # exponential tenure with the segment's mean, from a uniform (keeps panel rows aligned)
    out["tenure_years"] = np.clip(np.floor(-tmean * np.log1p(-u[:, 6] * 0.999)) + tenure_add, 0, 40)

    # satisfaction: benefits, values, then the indices
    sat = p["satisfaction"]
    for b in cb.benefits:
        m, s = sat["benefits"][b]
        out[f"b_{b}"] = _round(lat[f"b_{b}"].to_numpy(), m + shift, s, 1, 5)
    for v in cb.values:
        m, s = sat["values"][v]
        out[f"v_{v}"] = _round(lat[f"v_{v}"].to_numpy(), m + shift, s, 1, 5)
    cs_sys = lat["_cs_sys"].to_numpy()
    cs_noise = np.sqrt(1 - model.var("_cs_sys"))
    cs = cs_sys + cs_noise * z[:, next(zi)]
    offsets = np.array([p["segments"][f]["loyalty"] for f in fids])
    shares = np.array([p["segments"][f]["share"] for f in fids])
    offsets = offsets - offsets @ shares / shares.sum()
    seg_var = float(((offsets ** 2) * shares).sum() / shares.sum())
    rho = float(p["loyalty_residual_correlation"])
    rc = float(p["cs_recommend_residual_correlation"])
    e_cs = (cs - cs_sys) / cs_noise
    e1, e2 = z[:, next(zi)], z[:, next(zi)]
    e_rec = rc * e_cs + np.sqrt(1 - rc ** 2) * (rho * e1 + np.sqrt(1 - rho ** 2) * e2)
    loyal = {}
    for name, e in (("repurchase", e1), ("recommend", e_rec)):
        sys = lat[f"_{name}_sys"].to_numpy()
        noise = 1 - model.var(f"_{name}_sys") - seg_var
        if noise <= 0:
            raise ValueError(f"synth params: {name} paths and segment offsets leave no noise")
        loyal[name] = sys + offsets[seg] + np.sqrt(noise) * e
    m, s = sat["cs"]
    out["cs"] = _round(cs, m + shift, s, 1, 5)
    # the loyalty items are cut at the normal quantiles of their target distributions, so
    # the tier shares and NPS are set by the parameters, not by rounding luck
    for name, lo in (("repurchase", 1), ("recommend", 0)):
        dist = np.asarray(sat[f"{name}_dist"], dtype=float)
        cuts = stats.norm.ppf(np.cumsum(dist / dist.sum())[:-1])
        out[name] = lo + np.searchsorted(cuts, loyal[name] + shift * 0.5).astype(float)

    # expectations: factor = segment shift + noise, item = loading · factor + noise
    lam = float(p["expectation_loading"])
    shift_sd = float(p["segment_shift"])
    onehot = np.eye(len(fids))[seg] - shares / shares.sum()
    # a general expectation level shared by all factors: without it the five segment means
    # span only four dimensions and the fifth factor would vanish in the noise
    general = float(p["general_expectation"])
    fac = shift_sd * onehot + z[:, [next(zi) for _ in fids]] + general * z[:, [next(zi)]]
    fac = fac / np.sqrt(1 + general ** 2
                        + shift_sd ** 2 * (shares / shares.sum()) * (1 - shares / shares.sum()))
    item_factor = {item: i for i, f in enumerate(factors) for item in f.items}
    exp = p["expectation"]
    for col in cb.expectation_cols:
        block, key = ("benefits", col[3:]) if col.startswith("eb_") else ("values", col[3:])
        m, s = exp[block][key]
        latent = lam * fac[:, item_factor[col]] + np.sqrt(1 - lam ** 2) * z[:, next(zi)]
        out[col] = _round(latent, m, s, 1, 5)

    # competitor: fewer rate it; its ratings follow one's own, a little lower
    rated = u[:, 7] < p["competitor_rate"]
    cshift = float(p["competitor_shift"])
    comp_cs = _round(0.6 * cs + 0.8 * z[:, next(zi)], sat["cs"][0] + cshift, sat["cs"][1], 1, 5)
    out["comp_cs"] = np.where(rated, comp_cs, np.nan)
    for v in cb.values:
        own = lat[f"v_{v}"].to_numpy()
        m, s = sat["values"][v]
        comp = _round(0.6 * own + 0.8 * z[:, next(zi)], m + cshift, s, 1, 5)
        out[f"comp_v_{v}"] = np.where(rated, comp, np.nan)

    # DiSC: one dominant style, two items per subscale
    style = np.floor(u[:, 8] * 4).astype(int)
    for item in cb.block("personality"):
        sub = "DISC".index(item.key)
        latent = 0.9 * (style == sub) + z[:, next(zi)]
        out[item.id] = _round(latent, 2.8, 0.9, 1, 5)

    # a few comments, never published verbatim
    has_voc = u[:, 9] < p["voc_rate"]
    out["voc"] = np.where(has_voc, np.asarray(_VOC, dtype=object)[(u[:, 10] * len(_VOC)).astype(int)], "")

    frame = pd.DataFrame(out)
    # ≈1% missing attitude answers, independent of everything else
    attitude = cb.benefit_cols + cb.value_cols + cb.expectation_cols
    frame[attitude] = frame[attitude].mask(d["miss"] < p["missing_rate"])
    return frame[_columns(cb, frame)]


def _columns(cb: Codebook, frame: pd.DataFrame) -> list[str]:
    lead = ["resp_id", "wave", "division", "customer_type", "region", "age_band", "volume",
            "tenure_years", "maintenance"]
    return lead + [c for c in frame.columns if c not in lead]


def generate(n: int = 2000, seed: int = DEFAULT_SEED, wave: str = "2025",
             codebook: Codebook | None = None, params: dict[str, Any] | None = None,
             shift: float = 0.0) -> pd.DataFrame:
    """One synthetic wave of ``n`` respondents (default instrument, canonical columns).

    Parameters
    ----------
    n : respondents.
    seed : the random seed; the same seed gives the same frame.
    wave : the wave label written to the ``wave`` column.
    codebook : the instrument (default: the shipped codebook; the generator needs its
        default benefit, value and factor ids).
    params : calibration parameters (default :func:`load_params`).
    shift : points added to every satisfaction item's mean (year-on-year change).

    Example
    -------
    >>> generate(3, seed=7)["resp_id"].tolist()
    ['C000001', 'C000002', 'C000003']
    """
    cb = codebook or load_codebook()
    p = params or load_params()
    rng = np.random.default_rng(seed)
    ids = np.array([f"C{i:06d}" for i in range(1, n + 1)], dtype=object)
    return _render(_draw(n, rng, cb, p), ids, wave, cb, p, shift)


def true_segments(n: int = 2000, seed: int = DEFAULT_SEED, codebook: Codebook | None = None,
                  params: dict[str, Any] | None = None) -> np.ndarray:
    """The latent value segment (codebook factor id) of each respondent of
    :func:`generate` with the same ``n`` and ``seed``: the truth the segmentation is checked
    against. It is not a column of the wave, as no survey file carries it.

    Example
    -------
    >>> true_segments(3, seed=7).shape
    (3,)
    """
    cb = codebook or load_codebook()
    p = params or load_params()
    factors = np.array([f.id for f in cb.factors], dtype=object)
    return factors[_draw(n, np.random.default_rng(seed), cb, p)["segment"]]


def generate_waves(n: int = 2000, years: tuple[str, ...] = ("2024", "2025"),
                   panel_share: float = PANEL_SHARE, seed: int = DEFAULT_SEED,
                   codebook: Codebook | None = None,
                   params: dict[str, Any] | None = None,
                   calibrated: str | None = None) -> dict[str, pd.DataFrame]:
    """Consecutive waves with a panel: ``panel_share`` of each later wave answered before.

    Panel respondents keep their id, segment and profile; their answers correlate with last
    year's (``panel_correlation``). The ``calibrated`` year (default the last) is the
    calibrated one; each year's satisfaction sits ``year_shift`` points per year below it (or
    above it, for a later year). Adding a later year with the same seed and calibrated year
    leaves the earlier waves as they were (the later year's draws come after theirs).

    Example
    -------
    >>> w = generate_waves(200, panel_share=0.5, seed=3)
    >>> len(set(w["2024"]["resp_id"]) & set(w["2025"]["resp_id"]))
    100
    """
    cb = codebook or load_codebook()
    p = params or load_params()
    rng = np.random.default_rng(seed)
    waves: dict[str, pd.DataFrame] = {}
    prev: dict[str, np.ndarray] | None = None
    prev_ids: np.ndarray | None = None
    next_id = 1
    n_panel = int(round(n * panel_share))
    anchor = years.index(calibrated) if calibrated is not None else len(years) - 1
    for t, year in enumerate(years):
        d = _draw(n, rng, cb, p)
        ids = np.array([f"C{i:06d}" for i in range(next_id, next_id + n)], dtype=object)
        if prev is not None:
            pick = np.sort(rng.choice(n, size=n_panel, replace=False))
            old = {k: v[pick] for k, v in prev.items()}
            new = {k: v[:n_panel] for k, v in d.items()}
            mixed = _mix(old, new, float(p["panel_correlation"]))
            d = {k: np.concatenate([mixed[k], d[k][n_panel:]]) for k in d}
            ids = np.concatenate([prev_ids[pick], ids[: n - n_panel]])
            next_id += n - n_panel
        else:
            next_id += n
        # the latest wave is the calibrated one; earlier years sit a little lower
        frame = _render(d, ids, year, cb, p, shift=(t - anchor) * float(p["year_shift"]))
        order = np.argsort(frame["resp_id"].to_numpy(), kind="stable")
        waves[year] = frame.iloc[order].reset_index(drop=True)
        prev, prev_ids = d, ids
    return waves


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a wave as UTF-8 CSV, integers without a decimal point (byte-stable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f" and np.allclose(out[c].dropna() % 1, 0):
            out[c] = out[c].astype("Int64")
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_metadata(path: str | Path, *, wave: str, n: int, seed: int, command: str) -> Path:
    """The sidecar ``<wave file>.yml`` that says a shipped wave is synthetic, and how to remake it."""
    meta = {"synthetic": True, "wave": wave, "respondents": n, "seed": seed,
            "generator": "csvalue.synth (structural model calibrated to the source case)", "command": command}
    path = Path(path).with_suffix(".yml")
    path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=2000, help="respondents per wave (default 2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--wave", default="2025", help="wave label of a single wave")
    parser.add_argument("--out", help="CSV file for a single wave")
    parser.add_argument("--waves", help="comma-separated years, e.g. 2024,2025 (with a panel)")
    parser.add_argument("--out-dir", default="waves", help="folder for --waves files")
    parser.add_argument("--panel-share", type=float, default=PANEL_SHARE,
                        help="share of each later wave that answered the year before")
    parser.add_argument("--calibrated", default=None,
                        help="with --waves: the calibrated year (default the last)")


def command(args: argparse.Namespace) -> int:
    if args.waves:
        years = tuple(y.strip() for y in args.waves.split(",") if y.strip())
        if args.calibrated is not None and args.calibrated not in years:
            raise ConfigError(f"synth: --calibrated {args.calibrated} is not one of the "
                              f"--waves {', '.join(years)}")
        cmd = (f"csvalue synth --waves {','.join(years)} --n {args.n} --seed {args.seed} "
               f"--panel-share {args.panel_share} --out-dir {args.out_dir}"
               + (f" --calibrated {args.calibrated}" if args.calibrated else ""))
        for year, frame in generate_waves(args.n, years, args.panel_share, args.seed,
                                          calibrated=args.calibrated).items():
            path = write_csv(frame, Path(args.out_dir) / f"wave_{year}.csv")
            write_metadata(path, wave=year, n=len(frame), seed=args.seed, command=cmd)
            print(f"wrote {path} ({len(frame)} respondents, synthetic)")
        return 0
    out = args.out or f"wave_{args.wave}.csv"
    path = write_csv(generate(args.n, args.seed, args.wave), out)
    write_metadata(path, wave=args.wave, n=args.n, seed=args.seed,
                   command=f"csvalue synth --n {args.n} --seed {args.seed} --wave {args.wave} --out {out}")
    print(f"wrote {path} ({args.n} respondents, synthetic)")
    return 0
