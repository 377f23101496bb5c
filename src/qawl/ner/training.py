"""Training entry point for the Arabic NER model: ``train(config_path, output_path, limit)``.

The config (training/ner_config.json) pins the corpora, the CRF hyper-parameters and the seed.
ANERcorp sentences of the CAMeL Lab test block, and the NewsFANE sentences with the same text,
are never trained on. ``heldout: [first, last)`` also keeps a block of ANERcorp sentences (and
their NewsFANE twins) out of training and scores the model on it: that is how models are chosen.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

from qawl.errors import QawlError
from qawl.ner import corpora
from qawl.ner.evaluate import Scorer, bio_spans
from qawl.ner.features import FEATURES_FILE, Featurizer, read_name_ngrams, read_pieces, stack_titles

# the repository (a source checkout: training runs from one)
_ROOT = Path(__file__).resolve().parents[3]


class TrainingError(QawlError):
    """The training data or config is missing or wrong."""


def _data_dir(cfg: dict[str, Any], config_path: Path) -> Path:
    env = os.environ.get("QAWL_DATA_DIR")
    d = Path(env) if env else (config_path.parent / cfg.get("data_dir", "../../shared/data"))
    if not (d / "anercorp").is_dir():
        raise TrainingError(
            f"training data not found in {d}: set data_dir in {config_path} or QAWL_DATA_DIR to the shared data folder"
        )
    return d.resolve()


def load_training_data(
    cfg: dict[str, Any], data: Path
) -> tuple[list[corpora.Sentence], list[corpora.Sentence]]:
    """(training sentences, held-out sentences) as the config asks."""
    first = corpora.CAMEL_TEST_FIRST
    held = cfg.get("heldout")
    wanted = cfg.get("anercorp", True) or cfg.get("newsfane", True) or held
    aner = corpora.read_anercorp_original(data / "anercorp" / "original" / "ANERCorp") if wanted else []
    lo, hi = held if held else (first, first)

    def usable(i: int) -> bool:
        return i < first and not (lo <= i < hi)

    train: list[corpora.Sentence] = []
    heldout: list[corpora.Sentence] = []
    if cfg.get("anercorp", True):
        train += [s for i, s in enumerate(aner) if usable(i)]
    heldout += [s for i, s in enumerate(aner) if lo <= i < hi and i < first]
    if cfg.get("newsfane", True):
        nf = corpora.read_newsfane(data / "newsfane_gold" / "original" / "NewsFANE_Gold_2014_170K.txt")
        idx = corpora.align_newsfane(nf, aner)
        train += [s for s, i in zip(nf, idx, strict=True) if usable(i)]
    for split in cfg.get("wojood", []):
        train += corpora.read_wojood(data / "wojood_sample" / "original" / f"{split}.txt")
    # machine-tagged sentences (training/tag_silver.py), paths relative to the repository root
    for path in cfg.get("silver", []):
        train += corpora.read_conll(_ROOT / path)
    return train, heldout


_IDENTITY = ("w=", "st=")


def _drop_identity(
    feats: list[list[str]], tags: list[str], p: float, rng: random.Random
) -> list[list[str]] | None:
    """A copy of ``feats`` where some entity words lose the features that name the word itself.

    The word's form and stem (its own, its neighbours' view of it, the bigrams through it) go;
    affixes, shape, gazetteer flags, sub-word clusters and the context stay. Training on such
    copies makes the model lean on what carries over to names it has never seen.
    """
    drop = [t != "O" and rng.random() < p for t in tags]
    if not any(drop):
        return None
    n = len(feats)
    out = []
    for j in range(n):
        bad = []
        if drop[j]:
            bad += list(_IDENTITY) + ["bi-=", "bi+="]
        for d in (-2, -1, 1, 2):
            if 0 <= j + d < n and drop[j + d]:
                bad += [f"{d}{x}" for x in _IDENTITY]
        if j > 0 and drop[j - 1]:
            bad.append("bi-=")
        if j + 1 < n and drop[j + 1]:
            bad.append("bi+=")
        out.append([f for f in feats[j] if not f.startswith(tuple(bad))] if bad else feats[j])
    return out


def _train_crf(sents, crf: dict[str, Any], path: Path, seed: int, featurize, dropout: float = 0.0) -> None:
    import pycrfsuite

    order = list(range(len(sents)))
    rng = random.Random(seed)
    rng.shuffle(order)
    trainer = pycrfsuite.Trainer(algorithm=crf.get("algorithm", "lbfgs"), verbose=False)
    for i in order:
        words, tags = sents[i]
        feats = featurize(words)
        trainer.append(feats, tags)
        if dropout:
            copy = _drop_identity(feats, tags, dropout, rng)
            if copy is not None:
                trainer.append(copy, tags)
    trainer.set_params({k: v for k, v in crf.items() if k != "algorithm"})
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def score(model_path: Path, sents: list[corpora.Sentence], types=("PER", "LOC", "ORG")) -> Scorer:
    """Raw tagger scores of the model at ``model_path`` on gold sentences."""
    from qawl.ner.tagger import Tagger

    tagger = Tagger(model_path)
    sc = Scorer(types)
    for words, tags in sents:
        sc.add(bio_spans(tags), bio_spans(tagger.tag(words)))
    return sc


def _featurizer(cfg: dict[str, Any], config_path: Path, out: Path) -> Featurizer:
    """The featurizer the config asks for, saved into ``out`` (features.json and its tables)."""
    out.mkdir(parents=True, exist_ok=True)
    opts: dict[str, Any] = {"stack_titles": bool(cfg.get("stack_titles")), "lean": bool(cfg.get("lean"))}
    pieces = _table(cfg, "e5_pieces", "e5_piece_clusters.py", config_path, out, opts)
    ngrams = _table(cfg, "name_ngrams", "build_name_ngrams.py", config_path, out, opts)
    (out / FEATURES_FILE).write_text(json.dumps(opts) + "\n", encoding="utf-8")
    return Featurizer(
        read_pieces(pieces) if pieces else None, opts, read_name_ngrams(ngrams) if ngrams else None
    )


def _table(
    cfg: dict[str, Any], key: str, builder: str, config_path: Path, out: Path, opts: dict[str, Any]
) -> Path | None:
    """A feature table the config names under `key`, copied next to the model as KEY.tsv and
    recorded in `opts`; None when the config has none."""
    if not cfg.get(key):
        return None
    src = config_path.parent / cfg[key]
    if not src.is_file():
        raise TrainingError(f"{key} table {src} not found: build it with training/{builder}")
    dst = out / f"{key}.tsv"
    if src.resolve() != dst.resolve():
        shutil.copyfile(src, dst)
    opts[key] = dst.name
    return dst


def train(config_path: str | Path, output_path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Train the entity model (and the title model, if configured) and write them to ``output_path``.

    ``output_path`` is a folder: it receives ``ar_ner.crfsuite``, ``ar_titles.crfsuite`` and
    ``training.json`` (config, corpus sizes, seconds, held-out scores). ``limit`` keeps only the
    first ``limit`` training sentences of each corpus slice (a smoke test). Returns that summary.
    """
    config_path = Path(config_path)
    try:
        cfg = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TrainingError(f"cannot read the training config {config_path}: {e}") from e
    out = Path(output_path)
    data = _data_dir(cfg, config_path)
    seed = int(cfg.get("seed", 13))
    train_sents, heldout = load_training_data(cfg, data)
    if limit is not None:
        train_sents = random.Random(seed).sample(train_sents, min(limit, len(train_sents)))
        heldout = heldout[:limit]
    summary: dict[str, Any] = {
        "config": cfg,
        "train_sentences": len(train_sents),
        "train_tokens": sum(len(w) for w, _ in train_sents),
    }
    featurize = _featurizer(cfg, config_path, out)
    tcfg = cfg.get("titles")
    ner_features = featurize
    if tcfg:
        # the title model first: the entity model may read its output (stack_titles)
        t1 = time.perf_counter()
        occ = []
        for split in tcfg.get("wojood", []):
            occ += corpora.read_wojood(data / "wojood_sample" / "original" / f"{split}.txt", occ=True)
        if limit is not None:
            occ = occ[:limit]
        _train_crf(occ, tcfg["crf"], out / "ar_titles.crfsuite", seed, featurize)
        summary["title_sentences"] = len(occ)
        summary["seconds_titles"] = round(time.perf_counter() - t1, 1)
        if cfg.get("stack_titles"):
            from qawl.ner.tagger import Tagger

            titles = Tagger(out / "ar_titles.crfsuite", featurize)

            def ner_features(words: list[str]) -> list[list[str]]:
                feats = featurize(words)
                return stack_titles(feats, titles.tag_features(feats))

    elif cfg.get("stack_titles"):
        raise TrainingError("stack_titles needs a titles section in the config")
    t0 = time.perf_counter()
    _train_crf(
        train_sents, cfg["crf"], out / "ar_ner.crfsuite", seed, ner_features, cfg.get("identity_dropout", 0.0)
    )
    summary["seconds_ner"] = round(time.perf_counter() - t0, 1)
    if heldout:
        sc = score(out / "ar_ner.crfsuite", heldout)
        summary["heldout"] = {"sentences": len(heldout), "scores": sc.scores()}
        summary["heldout_table"] = sc.table()
    (out / "training.json").write_text(
        json.dumps({k: v for k, v in summary.items() if k != "heldout_table"}, ensure_ascii=False, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return summary
