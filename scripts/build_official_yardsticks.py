"""Build the official yardsticks (icd203, phia, nato, ipcc, kent1964) in
``src/trackrecord/extract/yardsticks/``.

Method
------
- ``icd203``, ``phia``, ``nato``, ``ipcc``: the ranges of ``../shared/data/wep-yardsticks/``
  (``yardstick_us_nic.csv``, ``yardstick_uk.csv``, ``yardstick_nato.csv``,
  ``yardstick_ipcc.csv``), in percent; ``p`` is the midpoint of the range.
- ``kent1964``: Sherman Kent, "Words of Estimative Probability" (1964): certain 100; almost
  certain 93 ± 6; probable 75 ± 12; chances about even 50 ± 10; probably not 30 ± 10; almost
  certainly not 7 ± 5. ``p`` is the stated centre and the range is centre ± spread.

Every cue key the extractor emits gets an entry:

1. ``basis: "official"`` when the scale has the term itself (matched by the cue key, or by a
   surface form of the key: IPCC's "virtually certain" is the key "almost certain", ICD 203's
   "roughly even chance" is "about even").
2. Otherwise ``basis: "analogy"``: the scale's term that an ordinary reader's value of the cue
   (the ``reader`` yardstick's ``p``, so build that first) falls in. When the value falls in two
   ranges (a shared boundary) or in none, the term whose midpoint is nearest wins; remaining ties
   go to the term nearer to even odds. The note names the term and the reader value.

Run from the repository root after ``scripts/build_reader_yardstick.py``::

    python scripts/build_official_yardsticks.py
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "src" / "trackrecord" / "extract" / "yardsticks"
VERSION = "1.1"

CSV_SCALES = {
    "icd203": (
        "yardstick_us_nic.csv",
        "US Intelligence Community Directive 203 (ODNI 2015), as tabulated in CAPphrase "
        "data/yardstick_us_nic.csv (CC BY 4.0)",
    ),
    "phia": (
        "yardstick_uk.csv",
        "UK Professional Head of Intelligence Assessment probability yardstick, as tabulated "
        "in CAPphrase data/yardstick_uk.csv (CC BY 4.0)",
    ),
    "nato": (
        "yardstick_nato.csv",
        "NATO Allied Joint Doctrine for Intelligence (AJP-2.1) probability scale, as tabulated "
        "in CAPphrase data/yardstick_nato.csv (CC BY 4.0)",
    ),
    "ipcc": (
        "yardstick_ipcc.csv",
        "IPCC AR5 guidance note on the treatment of uncertainties (likelihood scale), as "
        "tabulated in CAPphrase data/yardstick_ipcc.csv (CC BY 4.0)",
    ),
}

KENT = [  # term, centre, spread (percent)
    ("certain", 100, 0),
    ("almost certain", 93, 6),
    ("probable", 75, 12),
    ("chances about even", 50, 10),
    ("probably not", 30, 10),
    ("almost certainly not", 7, 5),
]

# Official term (lower case) → cue key, where the term is a cue key's own wording.
TERM_KEYS = {
    "roughly even chance": "about even",
    "even chance": "about even",
    "about as likely as not": "about even",
    "chances about even": "about even",
    "virtually certain": "almost certain",
}

Term = tuple[str, float, float]  # name, low, high (fractions)


def read_csv_scale(path: Path) -> list[Term]:
    """Terms of one wep-yardsticks CSV as (term, low, high) fractions."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["term"].strip(), float(r["low"]) / 100, float(r["high"]) / 100) for r in rows]


def kent_terms() -> list[Term]:
    """Kent's 1964 table as (term, low, high) fractions."""
    return [(t, max(0, c - s) / 100, min(100, c + s) / 100) for t, c, s in KENT]


def _centre(term: Term, name: str) -> float:
    if name == "kent1964":
        return next(c for t, c, _ in KENT if t == term[0]) / 100
    return (term[1] + term[2]) / 2


def nearest(terms: list[Term], value: float, name: str) -> Term:
    """The term a reader value falls in (see the module docstring for ties)."""

    def rank(term: Term) -> tuple[int, float, float]:
        inside = 0 if term[1] <= value <= term[2] else 1
        distance = abs(_centre(term, name) - value)
        return inside, round(distance, 6), abs(_centre(term, name) - 0.5)

    return min(terms, key=rank)


def build(
    name: str, terms: list[Term], source: str, reader: dict[str, dict[str, float]]
) -> dict[str, object]:
    """One official yardstick as a JSON-ready dict."""
    sys.path.insert(0, str(REPO / "src"))
    from trackrecord.extract.lexicon import KEYS, surfaces

    by_key: dict[str, Term] = {}
    forms = {" ".join(words): key for words, key in surfaces().items()}
    for term in terms:
        wording = term[0].lower()
        key = TERM_KEYS.get(wording) or (wording if wording in KEYS else forms.get(wording))
        if key is not None and key not in by_key:
            by_key[key] = term
    entries: dict[str, dict[str, object]] = {}
    for key in KEYS:
        if key in by_key:
            term = by_key[key]
            basis, note = "official", f"{name} term '{term[0]}'"
        else:
            value = float(reader[key]["p"])
            term = nearest(terms, value, name)
            basis = "analogy"
            note = f"nearest {name} term to the reader value {value:.2f}: '{term[0]}'"
        entries[key] = {
            "p": round(_centre(term, name), 4),
            "low": round(term[1], 4),
            "high": round(term[2], 4),
            "basis": basis,
            "note": note,
        }
    return {"name": name, "version": VERSION, "source": source, "entries": entries}


def main() -> int:
    """Write icd203.json, phia.json, nato.json, ipcc.json and kent1964.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    reader_path = args.out_dir / "reader.json"
    if not reader_path.is_file():
        print(f"{reader_path} is missing: run scripts/build_reader_yardstick.py first",
              file=sys.stderr)  # fmt: skip
        return 2
    reader = json.loads(reader_path.read_text(encoding="utf-8"))["entries"]
    scales: dict[str, tuple[list[Term], str]] = {}
    for name, (filename, source) in CSV_SCALES.items():
        path = args.data / "wep-yardsticks" / filename
        if not path.is_file():
            print(f"{path} not found; pass --data", file=sys.stderr)
            return 2
        scales[name] = (read_csv_scale(path), source)
    scales["kent1964"] = (
        kent_terms(),
        "Sherman Kent, 'Words of Estimative Probability', Studies in Intelligence 8(4), 1964: "
        "the table of estimative terms with centre and spread",
    )
    for name, (terms, source) in scales.items():
        out = args.out_dir / f"{name}.json"
        out.write_text(json.dumps(build(name, terms, source, reader), indent=1) + "\n",
                       encoding="utf-8")  # fmt: skip
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
