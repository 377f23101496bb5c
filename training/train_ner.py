"""Train the shipped Arabic NER model (the same as `qawl train ner`).

    nice .venv/bin/python training/train_ner.py [--config training/ner_config.json]
        [--out src/qawl/ner/data] [--limit N]

Reads ../shared/data (or QAWL_DATA_DIR), writes ar_ner.crfsuite, ar_titles.crfsuite,
features.json, e5_pieces.tsv (when configured) and training.json into --out, and prints the
training summary. About 4 minutes on one core for the full corpora.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from qawl.ner.training import train

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "ner_config.json")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "qawl" / "ner" / "data")
    ap.add_argument("--limit", type=int, default=None, help="train on this many sentences only (smoke test)")
    args = ap.parse_args(argv)
    summary = train(args.config, args.out, limit=args.limit)
    table = summary.pop("heldout_table", None)
    summary.pop("config", None)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if table:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
