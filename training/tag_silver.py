"""Silver training data: NTREX-128's Arabic news sentences tagged by the accurate model.

    .venv/bin/python training/tag_silver.py [--out training/silver/ntrex_ar.txt]

NTREX-128 (CC BY-SA 4.0, shippable) is 1,997 sentences of 2019 news in 123 documents, full of
names the ANERcorp training part never shows. The accurate pair (fine-tuned multilingual-e5-small
with the BiLSTM-CRF, `qawl extract --accurate`) tags them through ``find_mentions``, one document
at a time, so one sense per article and the gazetteers apply; the mentions are mapped back to
ANERcorp-style tokens (clitics attached, punctuation apart) and written as ``token TAG`` lines.
The default model can then learn from them what the slow model knows (``"silver": [path]`` in a
copy of ``training/bilstm_config.json``; the shipped config leaves it off, see the model card):
self-training with a stronger teacher.

Needs ``pip install 'qawl[accurate]'``; about five minutes on one core. ``QAWL_NER_MODEL_DIR``
chooses the teacher (a held-out pair for held-out experiments).
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}


def tag_document(lines: list[str], model: str) -> list[tuple[list[str], list[str]]]:
    """A document's sentences as (tokens, BIO tags) from the teacher's mentions."""
    from qawl.ner import find_mentions
    from qawl.text.tokens import tokenize

    text = "\n".join(lines)
    toks = tokenize(text)
    starts = [t.start for t in toks]
    ends = [t.end for t in toks]
    tags = ["O"] * len(toks)
    for m in find_mentions(text, model=model):
        typ = TYPES.get(m.type)
        # the tokens the mention touches, as bench/ner_eval.py maps them: a place found inside
        # «لأوكرانيا» tags the whole token, clitic included, as ANERcorp does
        i = bisect.bisect_right(starts, m.start) - 1
        j = bisect.bisect_left(ends, m.end)
        if typ is None or i < 0 or j >= len(toks):
            continue
        if any(t != "O" for t in tags[i : j + 1]):
            continue
        tags[i] = "B-" + typ
        for k in range(i + 1, j + 1):
            tags[k] = "I-" + typ
    out = []
    line_start = 0
    for line in lines:
        a = bisect.bisect_left(starts, line_start)
        b = bisect.bisect_left(starts, line_start + len(line))
        if b > a:
            out.append(([t.text for t in toks[a:b]], tags[a:b]))
        line_start += len(line) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DATA / "ntrex128_ar_en" / "ntrex_ar_en.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "silver" / "ntrex_ar.txt")
    ap.add_argument("--model", default="e5", help="the teacher (default: e5, the accurate pair)")
    args = ap.parse_args(argv)
    docs: dict[str, list[str]] = defaultdict(list)
    with open(args.source, encoding="utf-8") as f:
        for row in map(json.loads, f):
            ar = " ".join(row["ar"].replace("\ufeff", "").split())
            if ar:
                docs[row["doc_id"]].append(ar)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n_sents = n_ents = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for doc_id, lines in docs.items():
            for words, tags in tag_document(lines, args.model):
                n_sents += 1
                n_ents += sum(t.startswith("B-") for t in tags)
                f.writelines(f"{w} {t}\n" for w, t in zip(words, tags, strict=True))
                f.write("\n")
            print(f"{doc_id}: {len(lines)} lines", file=sys.stderr, flush=True)
    print(
        json.dumps({"documents": len(docs), "sentences": n_sents, "entities": n_ents, "out": str(args.out)})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
