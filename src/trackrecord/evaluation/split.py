"""The fixed dev/test split of the Szeged WikiWeasel corpus, by document.

The split is data, committed beside this module as ``szeged_split.json``: the ``DocID`` of
every ``<Document>`` of ``szeged-uncertainty-wikiweasel/wiki.xml``, in two halves. It was drawn
once, by `make_split`: the sorted ids, shuffled by ``random.Random(SEED).shuffle``; the first
half (rounded down) is ``dev``, the rest ``test``; each half is stored sorted. Splitting by
document keeps the sentences of one article on one side, so that rules written while reading dev
sentences never see a test sentence's neighbours.

Regenerate it (it only changes if the corpus does) with::

    python -m trackrecord.evaluation.split --data ../shared/data

and the test in ``tests/evaluation`` checks that the committed file is what this draws.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from trackrecord.errors import InputError

__all__ = ["SEED", "SPLIT_FILE", "SzegedSplit", "load_split", "make_split", "szeged_doc_ids"]

SEED = 2010
"""The seed of the shuffle (the year of the CoNLL-2010 shared task on the same text)."""

SPLIT_FILE = Path(__file__).resolve().parent / "szeged_split.json"
CORPUS = "szeged-uncertainty-wikiweasel/wiki.xml"

SzegedSplit = dict[str, list[str]]
"""``{"dev": [...], "test": [...]}``: document ids, each half sorted."""


def szeged_doc_ids(path: Path) -> list[str]:
    """The ``DocID`` of every document of wiki.xml, in file order."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: cannot read the Szeged corpus ({exc})") from exc
    return [(doc.findtext("DocID") or "").strip() for doc in root.iter("Document")]


def make_split(ids: Iterable[str], seed: int = SEED) -> SzegedSplit:
    """Draw the split: sorted ids, shuffled with `seed`, first half dev, the rest test."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    half = len(order) // 2
    return {"dev": sorted(order[:half]), "test": sorted(order[half:])}


def load_split(path: Path = SPLIT_FILE) -> SzegedSplit:
    """The committed split.

    Raises:
        InputError: when the file is missing or not a split.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        split = {half: [str(x) for x in data[half]] for half in ("dev", "test")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path}: cannot read the Szeged split ({exc}); regenerate it with "
            "`python -m trackrecord.evaluation.split`"
        ) from exc
    if set(split["dev"]) & set(split["test"]):
        raise InputError(f"{path}: a document is in both halves of the Szeged split")
    return split


def _render(split: SzegedSplit, seed: int) -> str:
    document = {
        "corpus": CORPUS,
        "unit": "document (DocID)",
        "method": f"sorted DocIDs, random.Random({seed}).shuffle, first half dev, rest test; "
        "each half sorted",
        "regenerate": "python -m trackrecord.evaluation.split --data ../shared/data",
        "seed": seed,
        "dev": split["dev"],
        "test": split["test"],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write szeged_split.json from the corpus."""
    parser = argparse.ArgumentParser(description="Draw the Szeged dev/test split by document.")
    parser.add_argument("--data", type=Path, default=Path("..") / "shared" / "data")
    parser.add_argument("--out", type=Path, default=SPLIT_FILE)
    args = parser.parse_args(argv)
    try:
        ids = szeged_doc_ids(args.data / CORPUS)
    except InputError as exc:
        print(f"{exc}; pass --data", file=sys.stderr)
        return 2
    if len(set(ids)) != len(ids) or "" in ids:
        print("wiki.xml has duplicate or empty DocIDs: a split by id would be ambiguous",
              file=sys.stderr)  # fmt: skip
        return 2
    args.out.write_text(_render(make_split(ids), SEED), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
