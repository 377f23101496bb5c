"""Cross-lingual statement links on NTREX-128 (English news with its human Arabic translation).

    .venv/bin/python bench/ntrex_links.py            # NTREX figure
    .venv/bin/python bench/ntrex_links.py --seed     # the seed article's two gold links

For every English document that has quotes, one mixed text is built: the English document (one
sentence per line), a blank line, then its Arabic translation (line for line). English quotes come
from :func:`qawl.lang.en.quotes.extract_english` on the English part, Arabic quotes from
``qawl.extract`` (quotes with lang 'ar'; a quotation-mark finder only while that returns none);
then :func:`qawl.links.link_statements` runs on all of them.

An English quote is linked to its translation when one of its ``same_as`` is an Arabic quote on
a translated line of a line the English quote is on. Printed: the share of English quotes so
linked, over the English quotes whose translated lines hold an Arabic quote (the goal: >= 0.90),
and over all English quotes; and the precision of the links made.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from qawl.document import Document, Quote
from qawl.lang.en.marks import quote_regions
from qawl.lang.en.quotes import extract_english
from qawl.links import link_statements

SHARED = Path(__file__).resolve().parents[2] / "shared"
NTREX = SHARED / "data" / "ntrex128_ar_en" / "ntrex_ar_en.jsonl"


def arabic_quotes(text: str, start: int) -> list[Quote]:
    try:
        import qawl

        doc = qawl.extract(text)
        found = [q for q in doc.quotes if q.lang == "ar" and q.start >= start]
        if found:
            for q in found:
                q.same_as.clear()
            return found
    except Exception as exc:  # noqa: BLE001 - the bench falls back and says so
        print(f"qawl.extract failed ({exc}); using quotation marks", file=sys.stderr)
    return [Quote("", s, e, text[s:e], "direct", "ar") for s, e in quote_regions(text, start)]


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


def ntrex(limit: int | None, verbose: bool) -> None:
    docs: dict[str, list[dict]] = defaultdict(list)
    for line in NTREX.read_text(encoding="utf-8-sig").splitlines():
        row = json.loads(line)
        docs[row["doc_id"]].append(row)
    t0 = time.time()
    n_docs = n_en = n_linkable = n_ok = n_ok_linkable = n_links = n_links_ok = 0
    for doc_id, rows in list(docs.items())[: limit or None]:
        en = "\n".join(r["en"].strip() for r in rows)
        ar = "\n".join(r["ar"].strip() for r in rows)
        text = en + "\n\n" + ar
        ar_start = len(en) + 2
        _, en_quotes = extract_english(text, [(0, len(en))])
        if not en_quotes:
            continue
        n_docs += 1
        ar_quotes = arabic_quotes(text, ar_start)
        doc = Document(text=text, lang="en")
        doc.quotes = en_quotes + ar_quotes
        for i, q in enumerate(doc.quotes, 1):
            q.id = f"q{i}"
        link_statements(doc)
        en_lines = line_spans(text, 0, len(rows))
        ar_lines = line_spans(text, ar_start, len(rows))
        ar_by_id = {q.id: lines_of(ar_lines, q.start, q.end) for q in ar_quotes}
        for q in en_quotes:
            n_en += 1
            ql = lines_of(en_lines, q.start, q.end)
            linkable = any(ql & lines for lines in ar_by_id.values())
            n_linkable += linkable
            good = [x for x in q.same_as if x in ar_by_id and ql & ar_by_id[x]]
            n_links += len([x for x in q.same_as if x in ar_by_id])
            n_links_ok += len(good)
            n_ok += bool(good)
            n_ok_linkable += bool(good) and linkable
            if verbose and linkable and not good:
                print(
                    f"MISS {doc_id} {q.kind} {q.text[:100]!r} -> {[doc.text[d.start : d.end][:60] for d in doc.quotes if d.id in q.same_as]}"
                )
    print(
        f"NTREX-128 ar-en: {n_docs} documents with English quotes, {n_en} English quotes, {time.time() - t0:.1f} s"
    )
    print(
        f"  linked to their Arabic translation: {n_ok_linkable}/{n_linkable} = {n_ok_linkable / max(n_linkable, 1):.3f}"
        " (English quotes whose translated line holds an Arabic quote)"
    )
    print(f"  over all English quotes:            {n_ok}/{n_en} = {n_ok / max(n_en, 1):.3f}")
    print(
        f"  link precision:                     {n_links_ok}/{n_links} = {n_links_ok / max(n_links, 1):.3f}"
    )


def seed() -> int:
    path = SHARED / "eval" / "dev" / "seed-coalition.txt"
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    import qawl

    text = path.read_text(encoding="utf-8")
    doc = qawl.extract(text, published=gold.get("published"))
    for q in doc.quotes:
        q.same_as.clear()
        q.same_as_scores.clear()
    link_statements(doc)

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
    ap.add_argument("-v", "--verbose", action="store_true", help="print the English quotes left unlinked")
    args = ap.parse_args(argv)
    if args.threshold is not None:
        import qawl.links

        qawl.links.THRESHOLD = args.threshold
    if args.seed:
        return seed()
    ntrex(args.limit, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
