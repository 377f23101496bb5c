"""Cross-lingual statement links on NTREX-128 (English news with its human Arabic translation).

    .venv/bin/python bench/ntrex_links.py              # NTREX figure
    .venv/bin/python bench/ntrex_links.py --calibrate  # the figure at several alignment bars
    .venv/bin/python bench/ntrex_links.py --seed       # the seed article's two gold links

For every English document that has quotes, one mixed text is built: the English document (one
sentence per line), a blank line, then its Arabic translation (line for line), and ``qawl.extract``
runs on it, the whole pipeline, as on any article. An English quote is linked to its translation
when one of its ``same_as`` is an Arabic quote on a translated line of a line the English quote is
on. Printed: the share of English quotes so linked (the goal: >= 0.90), how many of those links
go to an Arabic quote the Arabic rules found and how many to one found through the translation
(:mod:`qawl.translations`), and the precision of all links made (the right line).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
NTREX = SHARED / "data" / "ntrex128_ar_en" / "ntrex_ar_en.jsonl"


def line_spans(text: str, start: int, n: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for _ in range(n):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        out.append((pos, nl))
        pos = nl + 1
    return out


def lines_of(spans: list[tuple[int, int]], s: int, e: int) -> set[int]:
    return {i for i, (a, b) in enumerate(spans) if a < e and s < b}


def documents() -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = defaultdict(list)
    for line in NTREX.read_text(encoding="utf-8-sig").splitlines():
        row = json.loads(line)
        docs[row["doc_id"]].append(row)
    return docs


def ntrex(limit: int | None, verbose: bool) -> None:
    import qawl

    t0 = time.time()
    n_docs = n_en = 0
    linked: list[
        tuple[float, bool]
    ] = []  # per English quote linked right: (score, found through translation)
    links: list[tuple[float, bool, bool]] = []  # per link made: (score, right line, projected)
    n_en_all_docs = 0
    for doc_id, rows in list(documents().items())[: limit or None]:
        en = "\n".join(r["en"].strip() for r in rows)
        ar = "\n".join(r["ar"].strip() for r in rows)
        text = en + "\n\n" + ar
        ar_start = len(en) + 2
        doc = qawl.extract(text)
        # English quotes the English rules found (not those found as translations of Arabic ones)
        en_quotes = [q for q in doc.quotes if q.lang == "en" and q.end <= len(en) and q.found_by == "rules"]
        n_en_all_docs += len(en_quotes)
        if not en_quotes:
            continue
        n_docs += 1
        en_lines = line_spans(text, 0, len(rows))
        ar_lines = line_spans(text, ar_start, len(rows))
        ar_by_id = {q.id: (q, lines_of(ar_lines, q.start, q.end)) for q in doc.quotes if q.start >= ar_start}
        for q in en_quotes:
            n_en += 1
            ql = lines_of(en_lines, q.start, q.end)
            right = []
            for x in q.same_as:
                if x not in ar_by_id:
                    continue
                aq, al = ar_by_id[x]
                ok = bool(ql & al)
                projected = aq.found_by == "translation"
                links.append((q.same_as_scores.get(x, 1.0), ok, projected))
                if ok:
                    right.append((q.same_as_scores.get(x, 1.0), projected))
            if right:
                linked.append(max(right))
            elif verbose:
                print(f"MISS {doc_id} {q.kind} {q.text[:100]!r}")
    print(
        f"NTREX-128 ar-en: {n_docs} documents with English quotes, {n_en} English quotes, {time.time() - t0:.1f} s"
    )
    ok = [p for _, p in linked]
    made = [r for _, r, _ in links]
    print(
        f"  English quotes linked to their Arabic translation: {len(ok)}/{n_en} = {len(ok) / max(n_en, 1):.3f}"
        f" ({len(ok) - sum(ok)} to Arabic quotes the Arabic rules found, {sum(ok)} found through the translation)"
    )
    print(f"  link precision (the right line): {sum(made)}/{len(made)} = {sum(made) / max(len(made), 1):.3f}")


def seed() -> int:
    path = SHARED / "eval" / "dev" / "seed-coalition.txt"
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    import qawl

    text = path.read_text(encoding="utf-8")
    doc = qawl.extract(text, published=gold.get("published"))

    # map gold ids to predicted ids by overlap (Dice >= 0.5)
    def match(g):
        best, best_d = None, 0.5
        for q in doc.quotes:
            inter = min(q.end, g["end"]) - max(q.start, g["start"])
            if inter > 0:
                d = 2 * inter / ((q.end - q.start) + (g["end"] - g["start"]))
                if d >= best_d:
                    best, best_d = q, d
        return best

    gq = {g["id"]: match(g) for g in gold["quotes"]}
    found = 0
    for a, b in gold["links"]:
        qa, qb = gq.get(a), gq.get(b)
        ok = qa is not None and qb is not None and qb.id in qa.same_as and qa.id in qb.same_as
        score = qa.same_as_scores.get(qb.id) if ok else None
        print(f"  gold link {a}-{b}: {'found' if ok else 'MISSING'}" + (f" (score {score})" if ok else ""))
        found += ok
    gold_pairs = {frozenset((gq[a].id, gq[b].id)) for a, b in gold["links"] if gq.get(a) and gq.get(b)}
    extra = {frozenset((q.id, x)) for q in doc.quotes for x in q.same_as} - gold_pairs
    print(f"seed: {found}/{len(gold['links'])} gold links found, {len(extra)} other links")
    return 0 if found == len(gold["links"]) else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--seed", action="store_true", help="check the seed article's gold links instead")
    ap.add_argument("--threshold", type=float, default=None, help="override qawl.links.THRESHOLD")
    ap.add_argument(
        "--calibrate",
        action="store_true",
        help="print the figures at several sentence-alignment bars (qawl.translations.THRESHOLD)",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="print the English quotes left unlinked")
    args = ap.parse_args(argv)
    if args.threshold is not None:
        import qawl.links

        qawl.links.THRESHOLD = args.threshold
    if args.seed:
        return seed()
    if args.calibrate:
        import qawl.translations

        for bar in (0.40, 0.45, 0.50, 0.55, 0.60):
            qawl.translations.THRESHOLD = bar
            print(f"sentence alignment bar {bar:.2f}:")
            ntrex(args.limit, args.verbose)
    else:
        ntrex(args.limit, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
