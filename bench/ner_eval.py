"""Arabic NER benchmark through qawl.ner.find_mentions (the function `qawl extract` uses).

    .venv/bin/python bench/ner_eval.py [--data ../shared/data] [--json out.json]

Prints entity-level exact-match P/R/F1 (CoNLL style: type and both ends must match), per type
and micro over PER/LOC/ORG, on
  * the CAMeL Lab ANERcorp test split (anercorp/camel_lab_split/ANERCorp_CamelLab_test.txt);
  * the Wojood sample test set (wojood_sample/original/test.txt), its nested types flattened to
    the outermost span of a mapped type: PERS->PER, ORG->ORG, GPE/LOC/FAC->LOC, all other types
    (OCC, NORP, DATE, EVENT, ...) dropped, their inner PER/ORG/LOC spans kept;
plus the model load time and tokens/second on one core (find_mentions end to end, and the raw
tagger).

Each test sentence's tokens are joined with spaces, sentences with newlines, and the text goes
through find_mentions in chunks of 20 sentences (about 550 tokens, an article's length: neither
test file keeps document boundaries, and find_mentions reuses a name found in one sentence for
its other occurrences in the same text). A mention is mapped back to the gold tokens it covers (a
mention that leaves a clitic out of its first token, «لأوكرانيا» -> «أوكرانيا», still covers that
token). GPE and LOC mentions both count as LOC; TITLE mentions are not scored.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import functools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _one_core() -> None:
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _extract_mentions(text: str):
    """Entity mentions as `qawl extract` reports them (entities' mention offsets, typed by entity).
    Unnamed sources («مصادر», «متحدث باسم الجيش») are entities so that quotes can point at them, but
    `qawl extract` marks them `described`: they are not names, so a named-entity score leaves them out."""
    import qawl

    doc = qawl.extract(text)
    for e in doc.entities:
        if e.described:
            continue
        for m in e.mentions:
            yield _Mention(e.type, m.start, m.end)


class _Mention:
    __slots__ = ("type", "start", "end")

    def __init__(self, type_: str, start: int, end: int):
        self.type, self.start, self.end = type_, start, end


def evaluate(
    sents,
    types=("PER", "LOC", "ORG"),
    chunk: int = 20,
    through: str = "find_mentions",
    model: str | None = None,
):
    from qawl.ner import find_mentions
    from qawl.ner.evaluate import Scorer, bio_spans

    if through == "find_mentions":
        finder = functools.partial(find_mentions, model=model)
    else:
        finder = _extract_mentions

    starts: list[int] = []
    ends: list[int] = []
    parts: list[str] = []
    pos = 0
    gold: set[tuple[str, int, int]] = set()
    base = 0
    for words, tags in sents:
        for w in words:
            starts.append(pos)
            ends.append(pos + len(w))
            parts.append(w)
            pos += len(w) + 1
        gold |= {(t, s + base, e + base) for t, s, e in bio_spans(tags)}
        base += len(words)
        parts[-1] += "\n"
    text = " ".join(parts)
    # rebuild offsets exactly from the joined text
    starts, ends, pos = [], [], 0
    for p in parts:
        w = p.rstrip("\n")
        starts.append(pos)
        ends.append(pos + len(w))
        pos += len(p) + 1
    assert all(text[s:e] == p.rstrip("\n") for s, e, p in zip(starts, ends, parts, strict=True))
    # one find_mentions call per article-sized chunk of sentences (the corpora keep no document
    # boundaries): what a name is in one sentence is used for its other occurrences in the chunk
    sent_first = [0]
    for words, _ in sents:
        sent_first.append(sent_first[-1] + len(words))
    mentions = []
    t0 = time.perf_counter()
    for c in range(0, len(sents), chunk):
        a = starts[sent_first[c]]
        b = ends[sent_first[min(c + chunk, len(sents))] - 1]
        for m in finder(text[a:b]):
            mentions.append((m.type, m.start + a, m.end + a))
    seconds = time.perf_counter() - t0
    pred = set()
    for m_type, m_start, m_end in mentions:
        typ = {"GPE": "LOC"}.get(m_type, m_type)
        if typ not in types:
            continue
        i = bisect.bisect_right(starts, m_start) - 1
        j = bisect.bisect_left(ends, m_end)
        if i >= 0 and j < len(ends):
            pred.add((typ, i, j + 1))
    sc = Scorer(types)
    sc.add(gold, pred)
    return sc, len(starts), seconds


def speed(sents, repeat: int = 3, model: str | None = None) -> dict[str, float]:
    """Best of ``repeat`` passes over article-sized chunks (20 sentences, as in `evaluate`)."""
    from qawl.ner import find_mentions, load_tagger

    chunks = [[w for w, _ in sents[c : c + 20]] for c in range(0, len(sents), 20)]
    texts = ["\n".join(" ".join(w) for w in chunk) for chunk in chunks]
    ntok = sum(len(w) for w, _ in sents)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            find_mentions(text, model=model)
        best = min(best, time.perf_counter() - t0)
    tagger = load_tagger(model)
    raw = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for chunk in chunks:
            tagger.tag_sentences(chunk, with_titles=False)
        raw = min(raw, time.perf_counter() - t0)
    return {"find_mentions_tokens_per_s": ntok / best, "tagger_tokens_per_s": ntok / raw}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument(
        "--through",
        choices=("find_mentions", "extract"),
        default="find_mentions",
        help="score qawl.ner.find_mentions (default), or the entity mentions of the whole `qawl extract`"
        " pipeline (model, gazetteers and the title/name rules, clustered into entities)",
    )
    ap.add_argument(
        "--model",
        choices=("bilstm", "crf", "e5", "e5-alone"),
        default=None,
        help="the entity model (default: the shipped one, the BiLSTM-CRF when present; e5: the accurate"
        " model of `qawl extract --accurate`, the fine-tuned encoder averaged with the BiLSTM, whose"
        " speed is timed on the first 200 sentences, once; e5-alone: the fine-tuned encoder alone)",
    )
    ap.add_argument(
        "--heldout",
        action="store_true",
        help="score the ANERcorp held-out block (sentences 3300-3926, where methods are compared) instead"
        " of the test sets; use it with models trained without that block (QAWL_NER_MODEL_DIR)",
    )
    ap.add_argument(
        "--block",
        nargs=2,
        type=int,
        metavar=("FIRST", "END"),
        help="score ANERcorp sentences FIRST to END-1 instead: another block of the training part, for"
        ' models trained without it (a copy of the training config with "heldout": [FIRST, END])',
    )
    args = ap.parse_args(argv)
    from qawl.ner import corpora

    last = corpora.CAMEL_TEST_FIRST
    if args.block and not 0 <= args.block[0] < args.block[1] <= last:
        ap.error(
            f"--block must lie in the training part, sentences 0-{last - 1} (the CAMeL test block follows)"
        )
    if args.model:
        os.environ["QAWL_NER_MODEL"] = args.model  # what `qawl extract` then uses too
    _one_core()
    t0 = time.perf_counter()
    from qawl.ner import load_tagger
    from qawl.ner.gazetteers import load as load_gazetteers
    from qawl.ner.tagger import load_title_tagger

    tagger = load_tagger(args.model)
    load_title_tagger()
    load_gazetteers()
    load_s = time.perf_counter() - t0
    report: dict = {"load_seconds": round(load_s, 3)}
    print(
        f"entity model: {type(tagger).__name__} ({tagger.path.name}); model + gazetteers load: {load_s:.2f} s"
    )
    camel = corpora.read_conll(args.data / "anercorp" / "camel_lab_split" / "ANERCorp_CamelLab_test.txt")
    wojood = corpora.read_wojood(args.data / "wojood_sample" / "original" / "test.txt")
    sets = [("CAMeL Lab ANERcorp test", camel), ("Wojood sample test", wojood)]
    if args.heldout or args.block:
        first, end = args.block or (3300, 3927)
        aner = corpora.read_anercorp_original(args.data / "anercorp" / "original" / "ANERCorp")
        sets = [(f"ANERcorp held-out block {first}-{end - 1}", aner[first:end])]
    for name, sents in sets:
        sc, ntok, secs = evaluate(sents, through=args.through, model=args.model)
        print(f"\n== {name}: {len(sents)} sentences, {ntok} tokens (first pass {ntok / secs:,.0f} tokens/s)")
        print(sc.table())
        report[name] = sc.scores()
    sp = (
        speed(camel[:200], repeat=1, model=args.model)
        if args.model in ("e5", "e5-alone")
        else speed(camel, model=args.model)
    )
    report["speed_one_core"] = sp
    print(
        f"\nspeed, one core, CAMeL test text: find_mentions {sp['find_mentions_tokens_per_s']:,.0f} tokens/s, "
        f"raw tagger {sp['tagger_tokens_per_s']:,.0f} tokens/s"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
