"""Print what the synthetic generator recovers next to its targets, the source case's tables.

    python benchmarks/calibrate_synth.py [--n 20000] [--seed 20250]

Paths: plain least squares on standardized items (listwise), i.e. the estimator the tests use.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from csvalue.instrument.codebook import load_codebook
from csvalue.instrument.synth import generate, load_params


def std_betas(data: pd.DataFrame, y: str, xs: list[str]) -> pd.Series:
    d = data[[y, *xs]].dropna()
    z = (d - d.mean()) / d.std(ddof=0)
    beta, *_ = np.linalg.lstsq(z[xs].to_numpy(), z[y].to_numpy(), rcond=None)
    return pd.Series(beta, index=xs)


def recovered_paths(data: pd.DataFrame) -> pd.DataFrame:
    """Target vs recovered standardized path for every (outcome, predictor) of the source's
    tables (``csvalue/data/synth_params.yml``)."""
    cb = load_codebook()
    p = load_params()
    rows = []
    values = list(cb.values)
    upper = cb.upper_value
    lower = [v for v in values if v != upper]
    for v in lower:
        est = std_betas(data, f"v_{v}", cb.benefit_cols)
        for b in cb.benefits:
            rows.append(("benefit→value", v, b, p["benefit_paths"].get(v, {}).get(b, 0.0),
                         est[f"b_{b}"]))
    est = std_betas(data, f"v_{upper}", [f"v_{v}" for v in lower])
    for v in lower:
        rows.append(("value→upper", upper, v, p["upper_paths"].get(v, 0.0), est[f"v_{v}"]))
    d = data.copy()
    d["nps_score"] = np.select([d.recommend >= 9, d.recommend <= 6], [100.0, -100.0], 0.0)
    d.loc[d.recommend.isna(), "nps_score"] = np.nan
    for out, col in (("cs", "cs"), ("repurchase", "repurchase"), ("recommend", "nps_score")):
        est = std_betas(d, col, cb.value_cols)
        for v in values:
            rows.append((f"value→{out}", out, v, p["outcome_paths"][out].get(v, 0.0),
                         est[f"v_{v}"]))
    t = pd.DataFrame(rows, columns=["layer", "outcome", "predictor", "target", "recovered"])
    t["error"] = t["recovered"] - t["target"]
    return t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20250)
    a = ap.parse_args()
    data = generate(a.n, a.seed)
    t = recovered_paths(data)
    pd.set_option("display.width", 160)
    print(t.round(3).to_string())
    print("max |error|:", round(float(t["error"].abs().max()), 3))
    x = lambda c, lo, hi: (data[c] - lo) / (hi - lo) * 100
    rep, rec = data.repurchase, data.recommend
    promoter = rec >= 9
    tiers = np.select([(rep >= 5) & promoter, (rep == 4) & promoter, rep >= 4],
                      ["loyalist", "apostle", "love-hate"], "inferior")
    print(pd.Series(tiers).value_counts(normalize=True).mul(100).round(1).to_dict(),
          "targets loyalist 15.0 apostle 11.3 love-hate 41.0 inferior 32.7")
    nps = 100 * (promoter.mean() - (rec <= 6).mean())
    print("NPS", round(nps, 1), "(target 5-9); CS100", round(x("cs", 1, 5).mean(), 1),
          "rep100", round(x("repurchase", 1, 5).mean(), 1), "rec100", round(x("recommend", 0, 10).mean(), 1))
    z = (data[["cs", "repurchase", "recommend"]] - data[["cs", "repurchase", "recommend"]].mean())
    z = z / z.std()
    w = np.array([np.polyfit(z.cs, z.repurchase, 1)[0], np.polyfit(z.cs, z.recommend, 1)[0]])
    w = w / w.sum()
    cls = w[0] * x("repurchase", 1, 5) + w[1] * x("recommend", 0, 10)
    cvi = (x("cs", 1, 5) + cls) / 2
    print("CLS weights", w.round(3), "CLS", round(cls.mean(), 1), "(75-77) CVI", round(cvi.mean(), 1), "(76-78)")
    for v in load_codebook().values:
        gap = x(f"ev_{v}", 1, 5).mean() - x(f"v_{v}", 1, 5).mean()
        print(f"gap {v:13s} {gap:6.1f}")
    zz = data.copy()
    zz["cvi"] = cvi
    print("CVI impacts:", std_betas(zz, "cvi", load_codebook().value_cols).round(3).to_dict())


if __name__ == "__main__":
    main()
