"""Build the Arabic word lists used by the rule stages: common words and person-name words.

Sources (both may ship, see ../shared/data/README.md):
- ANERcorp (CC BY-SA 4.0), training part only: sentences 0..3926 of original/ANERCorp, i.e.
  everything before the CAMeL Lab test block (see anercorp/TRAIN_SPLIT.md).
- google_ar2en_translit (Apache-2.0): Arabic-script names (train part).

Usage: python training/build_vocab.py ../shared/data src/qawl/lang/ar/vocab
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from qawl.text.normalize import norm  # noqa: E402

TEST_BLOCK_START = 3927


def anercorp_train(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) != 2 or not parts[0]:
            continue
        tok, tag = parts
        cur.append((tok, tag))
        if tok == ".":
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents[:TEST_BLOCK_START]


def main(data: Path, out: Path) -> None:
    sents = anercorp_train(data / "anercorp/original/ANERCorp")
    as_o, as_per = collections.Counter(), collections.Counter()
    for s in sents:
        for tok, tag in s:
            w = norm(tok)
            if not any("\u0621" <= c <= "\u064a" for c in w):
                continue
            if tag.endswith("PERS"):
                as_per[w] += 1
            elif tag == "O":
                as_o[w] += 1
    translit, listed = set(), set()
    for f in sorted((data / "google_ar2en_translit/original").glob("*")):
        for line in f.read_text(encoding="utf-8").splitlines():
            ar = line.split("\t")[0].strip()
            if ar and " " not in ar:
                listed.add(norm(ar))
                if "train" in f.name:
                    translit.add(norm(ar))
    given = Path(__file__).resolve().parents[1] / "src/qawl/lang/ar/gazetteers/given_names.txt"
    listed |= {norm(w) for w in given.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")}
    listed |= {"ال" + w for w in listed}  # «الوليد» from «وليد»
    # a word seen once, never in a name and in no name list (any transliteration split, the
    # given names) is common too («شقيق», «وسيطا»): the
    # rules need to know ordinary words to tell them from unknown names after a title
    common = sorted(
        w
        for w, c in as_o.items()
        if (c >= 2 and c > 2 * as_per.get(w, 0)) or (c == 1 and w not in as_per and w not in listed)
    )
    common_set = set(common)
    names = sorted((set(as_per) | translit) - common_set)
    out.mkdir(parents=True, exist_ok=True)
    (out / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    (out / "person_names.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"common words: {len(common)}, person-name words: {len(names)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
