"""English attribution on PolNeAR (evaluation only: the corpus is never copied into the repo).

    .venv/bin/python bench/polnear_eval.py --split test      # report
    .venv/bin/python bench/polnear_eval.py --split dev       # develop (train/dev only)

Runs :func:`qawl.lang.en.quotes.find_english` on every article of the split (one annotator per
article: the first .ann file in name order) and prints, for the speech-verb attributions (cue
lemma in qawl's speech-verb list, or "according to") and for all attributions:

- span match P/R/F1: a predicted content span matches a gold content span when their character
  sets overlap with Dice >= 0.5 (one-to-one, best overlap first), as in ../shared/eval/FORMAT.md;
- token overlap P/R/F1 (Citron-style "content overlap"): word tokens of predicted content that
  are in gold content over all predicted content tokens, and over all gold content tokens;
- speaker accuracy on matched quotes: the predicted subject's words overlap the gold Source
  span, or the predicted speaker name and the gold Source text share a whole name.

In the speech-verb rows the gold side is the speech-verb attributions and the predicted side the
predictions with a speech-verb cue; a prediction that matches a gold attribution outside the
subset is not counted as a false positive (nor as a true positive).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from qawl.lang.en.quotes import find_english, load_nlp, speech_verbs

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "data"
WORD = re.compile(r"\w+")


def read_ann(path: Path) -> list[dict]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, txt = line.split("\t", 2)
            typ, offs = info.split(" ", 1)
            parts = [tuple(int(x) for x in p.split()) for p in offs.split(";")]
            spans[tid] = (typ, parts, txt)
        elif line.startswith("E"):
            _, info = line.split("\t", 1)
            events.append(dict(a.split(":") for a in info.split()))
    out = []
    for ev in events:
        if "Content" not in ev:
            continue
        att = {"content": spans[ev["Content"]][1]}
        att["cue"] = spans[ev["Cue"]] if "Cue" in ev else None
        att["source"] = spans[ev["Source"]] if "Source" in ev else None
        out.append(att)
    return out


def load_split(split: str, limit: int | None = None) -> list[tuple[str, str, list[dict]]]:
    anns = sorted((DATA / split / "attributions").glob("*.ann"))
    seen: dict[str, Path] = {}
    for p in anns:
        doc = p.stem.rsplit("_", 1)[0]
        seen.setdefault(doc, p)
    docs = []
    for doc, ann in sorted(seen.items())[: limit or None]:
        text = (DATA / split / "text" / f"{doc}.txt").read_text(encoding="utf-8")
        docs.append((doc, text, read_ann(ann)))
    return docs


def charset(parts) -> set[int]:
    out: set[int] = set()
    for s, e in parts:
        out.update(range(s, e))
    return out


def tokens(text: str, parts) -> set[int]:
    """Start offsets of the word tokens inside the spans."""
    out = set()
    for s, e in parts:
        out.update(m.start() + s for m in WORD.finditer(text[s:e]))
    return out


def match(preds: list[set[int]], golds: list[set[int]]) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            inter = len(p & g)
            if inter:
                dice = 2 * inter / (len(p) + len(g))
                if dice >= 0.5:
                    pairs.append((dice, i, j))
    pairs.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def speaker_ok(text: str, found, source) -> bool:
    if source is None or found.speaker is None:
        return False
    gset = charset(source[1])
    if found.subject and gset & set(range(*found.subject)):
        return True
    if found.speaker.mention and gset & set(range(found.speaker.mention.start, found.speaker.mention.end)):
        return True
    gold_words = {w.lower() for w in WORD.findall(source[2]) if w[0].isupper()}
    pred_words = {w.lower() for w in WORD.findall(found.speaker.name) if w[0].isupper()}
    return bool(gold_words & pred_words)


class Tally:
    def __init__(self):
        self.tp_p = self.n_p = self.tp_g = self.n_g = 0
        self.tok_inter_p = self.tok_p = self.tok_inter_g = self.tok_g = 0
        self.spk_ok = self.spk_n = 0

    def row(self, name: str) -> str:
        def prf(tp_p, n_p, tp_g, n_g):
            p = tp_p / n_p if n_p else 0.0
            r = tp_g / n_g if n_g else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return p, r, f

        sp, sr, sf = prf(self.tp_p, self.n_p, self.tp_g, self.n_g)
        tp, tr, tf = prf(self.tok_inter_p, self.tok_p, self.tok_inter_g, self.tok_g)
        acc = self.spk_ok / self.spk_n if self.spk_n else 0.0
        return (
            f"{name:<22} gold {self.n_g:5d} pred {self.n_p:5d} | span(Dice>=0.5) P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"
            f" | token overlap P {tp:.3f} R {tr:.3f} F1 {tf:.3f} | speaker acc {acc:.3f} ({self.spk_ok}/{self.spk_n})"
        )


def is_speech_cue(lemmas: list[str], cue_text: str) -> bool:
    verbs = speech_verbs()
    low = cue_text.lower()
    return "according to" in low or any(lem in verbs for lem in lemmas)


def evaluate(split: str, limit: int | None, verbose: bool) -> None:
    docs = load_split(split, limit)
    nlp = load_nlp()
    t0 = time.time()
    all_t, speech_t = Tally(), Tally()
    for name, text, golds in docs:
        _, found = find_english(text, [(0, len(text))])
        cue_texts = [g["cue"][2] if g["cue"] else "" for g in golds]
        cue_lemmas = [[t.lemma_.lower() for t in d] for d in nlp.pipe(cue_texts)]
        g_speech = [is_speech_cue(lem, ct) for lem, ct in zip(cue_lemmas, cue_texts, strict=True)]
        p_speech = [f.cue_lemma in speech_verbs() or f.cue_lemma == "according to" for f in found]
        pred_sets = [set(range(f.start, f.end)) for f in found]
        gold_sets = [charset(g["content"]) for g in golds]
        pairs = match(pred_sets, gold_sets)
        pmatched = {i: j for i, j in pairs}
        gmatched = {j: i for i, j in pairs}
        gold_tok_all = set().union(*[tokens(text, g["content"]) for g in golds]) if golds else set()
        gold_tok_speech = (
            set().union(*[tokens(text, g["content"]) for g, s in zip(golds, g_speech, strict=True) if s])
            if any(g_speech)
            else set()
        )
        for tally, gsel, psel, gtok in (
            (all_t, [True] * len(golds), [True] * len(found), gold_tok_all),
            (speech_t, g_speech, p_speech, gold_tok_speech),
        ):
            tally.n_g += sum(gsel)
            tally.tp_g += sum(1 for j in range(len(golds)) if gsel[j] and j in gmatched)
            for i in range(len(found)):
                if not psel[i]:
                    continue
                j = pmatched.get(i)
                if j is None:
                    tally.n_p += 1
                elif gsel[j]:
                    tally.n_p += 1
                    tally.tp_p += 1
                    if golds[j]["source"] is not None:
                        tally.spk_n += 1
                        tally.spk_ok += speaker_ok(text, found[i], golds[j]["source"])
            ptok = (
                set().union(
                    *[tokens(text, [(f.start, f.end)]) for f, s in zip(found, psel, strict=True) if s]
                )
                if any(psel)
                else set()
            )
            tally.tok_p += len(ptok)
            tally.tok_inter_p += len(ptok & gold_tok_all)
            tally.tok_g += len(gtok)
            tally.tok_inter_g += len(gtok & ptok)
        if verbose:
            for j, g in enumerate(golds):
                if g_speech[j] and j not in gmatched:
                    s, e = g["content"][0][0], g["content"][-1][1]
                    print(f"MISS {name} [{cue_texts[j]}] {text[s:e][:140]!r}")
            for i, f in enumerate(found):
                if i not in pmatched:
                    print(f"FP   {name} [{f.kind} {f.cue_lemma}] {text[f.start : f.end][:140]!r}")
    print(f"PolNeAR {split}: {len(docs)} articles, {time.time() - t0:.1f} s")
    print(speech_t.row("speech-verb attrib."))
    print(all_t.row("all attributions"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("-v", "--verbose", action="store_true", help="print misses and false positives")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"PolNeAR not found at {DATA}", file=sys.stderr)
        return 2
    evaluate(args.split, args.limit, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
