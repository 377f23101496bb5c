"""Rebuild the shipped gazetteers in src/qawl/lang/ar/gazetteers/ from ../shared/data.

    .venv/bin/python training/build_gazetteers.py [--data ../shared/data]

Only shippable sources are read (see src/qawl/lang/ar/gazetteers/SOURCES.md). The hand-written
lists in that folder (titles.txt, org_words.txt, loc_words.txt, given_names.txt, ...) are not
touched. Output is sorted and deterministic.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "qawl" / "lang" / "ar" / "gazetteers"
ADMIN_PREFIXES = (
    "محافظة ",
    "مقاطعة ",
    "ولاية ",
    "بلدية ",
    "إقليم ",
    "منطقة ",
    "مدينة ",
    "إدارة ",
    "مديرية ",
    "إمارة ",
)


def _arabic(s: str) -> bool:
    return any("\u0621" <= c <= "\u064a" for c in s)


def build_countries(data: Path) -> list[tuple[str, str, str]]:
    rows: set[tuple[str, str, str]] = set()
    with open(data / "countries_mledoze" / "countries_ar_en.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            for key in ("name_ar_common", "name_ar_official", "name_ar_native_common"):
                name = (r.get(key) or "").strip()
                if name and _arabic(name):
                    rows.add((name, r["name_en_common"], r["cca2"]))
    return sorted(rows)


def build_cities(data: Path, countries: set[str]) -> list[tuple[str, str, str, str]]:
    rows: dict[str, tuple[str, str, str, str]] = {}
    path = data / "world_cities_ar_en" / "original" / "world-cities.csv"
    with open(path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            ar = r["CityNameAr"].strip()
            if not ar or not _arabic(ar):
                continue
            names = {ar}
            for p in ADMIN_PREFIXES:
                if ar.startswith(p) and len(ar) > len(p) + 2:
                    names.add(ar[len(p) :].strip())
            for name in names:
                if name in countries:
                    continue  # the country list is the better source for those
                pop = r["Population"] or "0"
                old = rows.get(name)
                if old is None or int(pop) > int(old[3]):
                    rows[name] = (name, r["CityNameEn"], r["CountryNameEn"], pop)
    return sorted(rows.values())


def build_person_names(data: Path) -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    with open(data / "google_ar2en_translit" / "original" / "ar2en.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2 or not _arabic(parts[0]) or " " in parts[0] or len(parts[0]) < 2:
                continue
            rows.setdefault(parts[0], parts[1])
    return sorted(rows.items())


def _write(path: Path, header: tuple[str, ...], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    countries = build_countries(args.data)
    _write(OUT / "countries.tsv", ("name_ar", "name_en", "cca2"), countries)
    cities = build_cities(args.data, {c[0] for c in countries})
    _write(OUT / "cities.tsv", ("name_ar", "name_en", "country_en", "population"), cities)
    _write(OUT / "person_names.tsv", ("name_ar", "name_en"), build_person_names(args.data))
    write_place_stop(args.data)
    return 0


def build_place_stop(data: Path, min_count: int = 2, max_entity_rate: float = 0.5) -> list[str]:
    """Single-word listed places that the ANERcorp training part mostly does not tag as entities.

    Counts, over ANERcorp sentences before the CAMeL test block, how often a word whose
    clitic-stripped form is a single-word place is inside any entity; the words under
    ``max_entity_rate`` (seen at least ``min_count`` times) become the stop list.
    """
    from collections import Counter

    from qawl.ner import corpora
    from qawl.ner.gazetteers import load
    from qawl.ner.normalize import clitic_variants, fold

    g = load()
    seen: Counter[str] = Counter()
    ent: Counter[str] = Counter()
    aner = corpora.read_anercorp_original(data / "anercorp" / "original" / "ANERCorp")
    for words, tags in aner[: corpora.CAMEL_TEST_FIRST]:
        for w, t in zip(words, tags, strict=True):
            for v in clitic_variants(w):
                if (v,) in g.places:
                    seen[v] += 1
                    ent[v] += t != "O"
                    break
    keep_kinds = {"country", "alias"}
    stop = []
    for v, n in seen.items():
        if n >= min_count and ent[v] / n < max_entity_rate and g.places[(v,)].kind not in keep_kinds:
            stop.append(g.places[(v,)].name)
    return sorted(set(stop), key=fold)


# listed places whose names are everyday words, chosen by hand (colours, abstract nouns)
MANUAL_STOP = (
    "الأبيض",
    "الأحمر",
    "الأسود",
    "الأخضر",
    "الأزرق",
    "النصر",
    "السلام",
    "الوحدة",
    "الحرية",
    "الأمل",
    "النور",
    "الشرق",
    "الغرب",
    "الجنوب",
    "الشمال",
    "الوسط",
    "الجديدة",
    "الحياة",
    "المستقبل",
    "الرحمة",
    "بوجه",
    "الملاحة",
    "رالي",
    "مايا",
    "حرمة",  # a Saudi town, and the everyday «حرمة المسلمين» (sanctity)
    "لحج",  # a Yemeni town, and «لحج هذا العام» (for this year's pilgrimage)
    "العزيز",  # a Turkish city (Elazığ), and the adjective, and «عبد العزيز»
)


def write_place_stop(data: Path) -> None:
    words = sorted(set(build_place_stop(data)) | set(MANUAL_STOP))
    path = OUT / "place_stop.txt"
    head = (
        "# single-word listed places that are mostly common words in news text: model features only,\n"
        "# never added on their own. Chosen by counting the ANERcorp training part (build_gazetteers.py).\n"
    )
    path.write_text(head + "".join(w + "\n" for w in words), encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
