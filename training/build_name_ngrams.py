"""Character n-gram name scores: how much a word looks like a person's name, for words no list has.

    .venv/bin/python training/build_name_ngrams.py [--before 3927] [--out training/name_ngrams.tsv]

Naive Bayes log-odds of character 2-4-grams (with word-boundary marks) of folded stems:
names are the Arabic side of google/transliteration's ar2en pairs (Apache-2.0, mostly first and
last names), other words are the ANERcorp words tagged O in sentences before ``--before`` (never
the CAMeL Lab test block, 3927 on; use 3300 for the held-out experiment). The model's features
bucket a word's mean log-odds (`qawl.ner.features`, option ``name_ngrams``). The table is data
derived from ANERcorp, so it is CC BY-SA 4.0 like the model.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qawl.ner import corpora  # noqa: E402
from qawl.ner.features import name_ngrams  # noqa: E402
from qawl.ner.normalize import fold_word, stem  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument(
        "--before", type=int, default=3927, help="ANERcorp sentences used: those before this index"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "name_ngrams.tsv")
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args(argv)
    if args.before > 3927:
        ap.error("--before must not reach the CAMeL Lab test block (3927 on)")

    names = set()
    for line in (
        (args.data / "google_ar2en_translit" / "original" / "ar2en.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        ar = line.split("\t")[0].strip()
        if ar and " " not in ar:
            names.add(fold_word(ar))
    aner = corpora.read_anercorp_original(args.data / "anercorp" / "original" / "ANERCorp")
    others = set()
    for words, tags in aner[: args.before]:
        for w, t in zip(words, tags, strict=True):
            s = stem(w)
            if t == "O" and len(s) >= 2 and any("\u0621" <= c <= "\u064a" for c in s):
                others.add(s)
    others -= names
    pos, neg = Counter(), Counter()
    for w in names:
        pos.update(set(name_ngrams(w)))
    for w in others:
        neg.update(set(name_ngrams(w)))
    n_pos, n_neg = len(names), len(others)
    rows = []
    for g in pos.keys() | neg.keys():
        if pos[g] + neg[g] < args.min_count:
            continue
        lo = math.log((pos[g] + 0.5) / (n_pos + 1)) - math.log((neg[g] + 0.5) / (n_neg + 1))
        rows.append((g, lo))
    rows.sort()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# names {n_pos}, other words {n_neg}, ANERcorp sentences before {args.before}\n")
        for g, lo in rows:
            f.write(f"{g}\t{lo:.3f}\n")
    print(f"{len(rows)} n-grams from {n_pos} names and {n_neg} other words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
