"""The character n-gram name score (an experimental model option, off in the shipped model)."""

from __future__ import annotations

from qawl.ner.features import Featurizer, name_ngrams


def test_ngrams_mark_both_ends():
    grams = name_ngrams("سام")
    assert "^س" in grams and "ام$" in grams and "^سام" in grams
    assert all(2 <= len(g) <= 4 for g in grams)


def test_name_score_is_the_bucketed_mean_log_odds():
    fz = Featurizer()
    fz.ngrams = {g: 2.4 for g in name_ngrams("كوفتون")} | {g: -2.6 for g in name_ngrams("الحكومه")}
    assert fz.name_score("كوفتون") == "2"
    assert fz.name_score("الحكومه") == "-3"
    assert fz.name_score("ظظظظ") == "unk"  # no known n-gram: no evidence either way


def test_words_get_the_feature_only_when_the_model_has_a_table():
    plain = Featurizer()
    assert not any(f.startswith("ns=") for f in plain(["قال", "كوفتون"])[1])
    fz = Featurizer()
    fz.ngrams = {g: 1.2 for g in name_ngrams("كوفتون")}
    feats = fz(["قال", "كوفتون"])
    assert "ns=1" in feats[1] and "1ns=1" in feats[0]  # and the word before sees it
