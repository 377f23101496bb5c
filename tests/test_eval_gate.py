"""Evaluation gate (trafilatura's habit): pinned minimum scores on the annotated dev set, so a
change that lowers quality fails loudly. The figures themselves are printed by
bench/eval_dev.py; this only guards the floor the Arabic extraction issue requires."""

import importlib.util
import json

import pytest

import qawl

MIN_WHO_SAID_WHAT_F1 = 0.85
MIN_ATTRIBUTION = 0.90


@pytest.fixture(scope="module")
def scorer(shared):
    spec = importlib.util.spec_from_file_location("score", shared / "eval/score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_set_scores_stay_above_the_floor(shared, scorer):
    total: dict[str, float] = {}
    for gold_path in sorted((shared / "eval/dev").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        pred = qawl.extract(text, published=gold.get("published")).to_dict()
        r = scorer.score_doc(gold, pred)
        r["docs"] = 1
        for k, v in r.items():
            total[k] = total.get(k, 0) + v
    s = scorer.summarize(total)
    assert s["who_said_what_f1"] >= MIN_WHO_SAID_WHAT_F1, s
    assert s["attribution_acc"] >= MIN_ATTRIBUTION, s
