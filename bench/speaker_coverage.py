"""How many of the statements `qawl extract` finds get a speaker, over articles nobody annotated.

    python bench/speaker_coverage.py [JSONL] [--limit N] [--show unresolved|all]

Default input: ../shared/data/saudinewsnet/quote_rich_sample.jsonl (492 Saudi news articles,
CC BY-NC-SA: read here, never shipped). Without gold answers this cannot say whether a speaker is
right; it counts what can be checked without them: statements with no speaker at all, and how
each speaker was reached (named next to the cue, a title, a pronoun or a dropped subject resolved
to someone named before, a description). A change to the rules that leaves fewer statements
without a speaker and keeps the dev set's who-said-what F1 (bench/eval_dev.py) is a gain;
`--show unresolved` prints those statements' cues in context, for reading.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import qawl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/saudinewsnet/quote_rich_sample.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument(
        "--show",
        default=None,
        help="print the statements: unresolved, all, or those resolved one way (nearest, implicit, title, ...)",
    )
    a = ap.parse_args()
    path = Path(a.jsonl)
    if not path.exists():
        sys.exit(f"{path} not found: pass a JSONL file of articles (one object with 'text' per line)")
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rows = rows[: a.limit] if a.limit else rows
    kinds: Counter[str] = Counter()
    how: Counter[str] = Counter()
    types: Counter[str] = Counter()
    total = unresolved = 0
    for row in rows:
        doc = qawl.extract(row["text"], published=row.get("published"))
        entities = {e.id: e for e in doc.entities}
        for q in doc.quotes:
            if q.lang != "ar":
                continue
            total += 1
            kinds[q.kind] += 1
            if q.speaker is None:
                unresolved += 1
                how["(none)"] += 1
            else:
                how[q.speaker.resolution or "?"] += 1
                e = entities.get(q.speaker.entity or "")
                types[("described " if e is not None and e.described else "") + (e.type if e else "?")] += 1
            if (
                a.show == "all"
                or (a.show == "unresolved" and q.speaker is None)
                or (q.speaker is not None and a.show == q.speaker.resolution)
            ):
                cue = q.cue.start if q.cue else q.start
                ctx = row["text"][max(0, cue - 120) : cue + 60].replace("\n", " ")
                who = q.speaker.name if q.speaker else "-"
                print(f"{row.get('id', '?')}\t{who}\t…{ctx}…")
    print(f"articles: {len(rows)}   Arabic statements: {total}")
    if total:
        print(f"without a speaker: {unresolved} ({unresolved / total:.1%})")
        print("kinds:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
        print("speaker reached by:", ", ".join(f"{k} {n}" for k, n in how.most_common()))
        print("speaker is:", ", ".join(f"{k} {n}" for k, n in types.most_common()))


if __name__ == "__main__":
    main()
