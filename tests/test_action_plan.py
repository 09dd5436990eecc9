"""The action plan: the initiative catalogue joined to the tasks and the goal path."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

import csvalue.model.action_plan as plan_mod
from csvalue.errors import ConfigError
from csvalue.instrument.settings import load_settings
from csvalue.instrument.synth import generate
from csvalue.model.action_plan import action_plan, catalogue, source_catalogue
from csvalue.pipeline.analyze import analyze

WAVE = generate(800, seed=11)


def test_doctests():
    assert doctest.testmod(plan_mod).failed == 0


def test_the_shipped_catalogue_names_only_shipped_benefits(codebook):
    cat = source_catalogue()
    assert set(cat) <= set(codebook.benefits)
    assert {"convenience", "service", "image"} <= set(cat)
    assert all(e["owner_en"] and e["label_ko"] != "" for v in cat.values() for e in v)


def test_the_demo_plan_joins_tasks_initiatives_and_the_goal_path(codebook):
    res = analyze([WAVE], codebook, load_settings(n_boot=0, k=5, n_factors=5))
    plan = res.table("action_plan", scope="company")
    tasks = res.table("tasks", scope="company")
    task_benefits = {b.strip() for col in ("create", "raise") for cell in tasks[col].dropna()
                     for b in cell.split(",") if b.strip()}
    assert task_benefits <= set(plan["benefit"])
    assert plan["initiative"].notna().all() and plan["owner"].notna().all()
    assert set(plan["horizon"]) <= {"short", "medium", "long"}
    # a benefit's gain is its largest gain on the goal paths of the scope
    path = res.table("goal_path", scope="company")
    for b, g in plan.groupby("benefit")["gain"].first().items():
        assert g == pytest.approx(path.loc[path["benefit"] == b, "gain"].max())
    for index in path["index"].unique():
        row = plan.iloc[0]
        eff = path[(path["index"] == index) & (path["benefit"] == row["benefit"])]["effect"]
        assert row[f"{index}_gain"] == pytest.approx(row["gain"] * eff.iloc[0])
    # each benefit with a task says for which values, and create comes before raise
    for r in plan[plan["action"] != ""].itertuples():
        assert r.values
    acts = [a for a in plan["action"] if a]
    assert acts == sorted(acts, key=["create", "raise"].index)


def test_without_a_catalogue_the_plan_lists_the_benefits(codebook):
    res = analyze([WAVE], codebook, load_settings(n_boot=0, k=5, n_factors=5,
                                                  initiatives=None))
    plan = res.table("action_plan", scope="company")
    assert len(plan) and plan["initiative"].isna().all()
    assert plan["benefit"].is_unique
    assert any("no initiative catalogue" in n for n in res.model["notes"])


def test_a_catalogue_naming_an_unknown_benefit_is_an_error(codebook):
    with pytest.raises(ConfigError, match="initiatives.sped: not a benefit"):
        catalogue({"sped": [{"label_en": "x", "owner_en": "y", "horizon": "short"}]},
                  codebook)


@pytest.mark.parametrize("entry, message", [
    ({"label_en": "x", "owner_en": "y"}, "the key 'horizon' is missing"),
    ({"label_en": "x", "owner_en": "y", "horizon": "soon"}, "horizon: got 'soon'"),
    ({"label_en": "x", "owner_en": "y", "horizon": "short", "cost": "1"}, "unknown key 'cost'"),
    ({"label_en": "", "owner_en": "y", "horizon": "short"}, "label_en: got ''"),
])
def test_a_malformed_initiative_is_refused_with_its_place(tmp_path, entry, message):
    import yaml

    f = tmp_path / "s.yml"
    f.write_text(yaml.safe_dump({"initiatives": {"speed": [entry]}}))
    with pytest.raises(ConfigError, match=f"{f}: initiatives.speed\\[1\\].*{message}"):
        load_settings(f)


def test_a_benefit_without_initiatives_keeps_one_row(codebook):
    tasks = pd.DataFrame({"value": ["stability"], "create": ["speed, image"], "raise": [None]})
    path = pd.DataFrame({"index": "cvi", "benefit": ["speed", "image"], "gain": [1.0, 2.0],
                         "effect": [0.1, 0.2]})
    cat = {"speed": [{"label_en": "a", "label_ko": "a", "owner_en": "o", "owner_ko": "o",
                      "horizon": "short"}] * 2}
    plan = action_plan(tasks, path, cat, codebook)
    assert plan["benefit"].tolist() == ["image", "speed", "speed"]   # larger gain first
    assert pd.isna(plan.loc[0, "initiative"])
