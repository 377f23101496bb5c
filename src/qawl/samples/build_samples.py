"""Rebuild ``articles.jsonl`` from the project's shared data (run by a maintainer, not at run time).

    python -m qawl.samples.build_samples ../shared > src/qawl/samples/articles.jsonl

Reads ``eval/dev/seed-coalition.txt`` and ``data/ntrex128_ar_en/ntrex_ar_en.jsonl`` (NTREX-128,
CC BY-SA 4.0) and writes one JSON object per line: id, title, text, published, source, url.
NTREX documents become two articles each: the English original and its Arabic translation;
the first line of a document is its headline. See SOURCES.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SEED_PUBLISHED = "2025-11-25"
SEED_TITLE = "ماكرون وتحالف الدول الراغبة: فرصة للسلام في أوكرانيا"


def build(shared: Path) -> list[dict]:
    out = [
        {
            "id": "seed-coalition",
            "title": SEED_TITLE,
            "text": (shared / "eval/dev/seed-coalition.txt").read_text(encoding="utf-8"),
            "published": SEED_PUBLISHED,
            "source": None,
            "url": None,
        }
    ]
    docs: dict[str, list[dict]] = {}
    with (shared / "data/ntrex128_ar_en/ntrex_ar_en.jsonl").open(encoding="utf-8-sig") as f:
        for line in f:
            row = json.loads(line)
            docs.setdefault(row["doc_id"], []).append(row)
    for doc_id, rows in docs.items():
        rows.sort(key=lambda r: r["line"])
        outlet = doc_id.rsplit(".", 1)[0]
        for lang in ("en", "ar"):
            lines = [r[lang].strip().lstrip("\ufeff") for r in rows]
            out.append(
                {
                    "id": f"ntrex-{doc_id}-{lang}",
                    "title": lines[0],
                    "text": "\n".join(lines[1:]) + "\n",
                    "published": None,
                    "source": outlet if lang == "en" else f"{outlet} (NTREX-128 ar)",
                    "url": None,
                }
            )
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[1] if len(argv) > 1 else "../shared")
    for art in build(shared):
        sys.stdout.write(json.dumps(art, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
