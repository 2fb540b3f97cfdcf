"""Readers for the public corpora that `trackrecord eval` measures on (../shared/data).

Each reader returns plain data; nothing here runs the extractor.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from trackrecord.errors import InputError

__all__ = [
    "Attribution",
    "PolnearArticle",
    "SzegedParagraph",
    "read_conll_sample",
    "read_polnear",
    "read_szeged",
]


@dataclass(frozen=True, slots=True)
class SzegedParagraph:
    """One ``DocumentPart`` of wiki.xml: its sentences joined by one space.

    Attributes:
        doc: the ``DocID`` of the document it belongs to.
        text: the sentences joined with a single space.
        spans: (start, end) of each sentence in `text`.
        uncertain: per sentence, whether it holds a ``ccue``.
    """

    doc: str
    text: str
    spans: tuple[tuple[int, int], ...]
    uncertain: tuple[bool, ...]


def read_szeged(path: Path) -> list[SzegedParagraph]:
    """The paragraphs (titles and texts) of the Szeged Wikipedia uncertainty corpus."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: cannot read the Szeged corpus ({exc})") from exc
    out: list[SzegedParagraph] = []
    for document in root.iter("Document"):
        doc = (document.findtext("DocID") or "").strip()
        out += [p for part in document.iter("DocumentPart") if (p := _paragraph(doc, part))]
    return out


def _paragraph(doc: str, part: ET.Element) -> SzegedParagraph | None:
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    flags: list[bool] = []
    offset = 0
    for sentence in part.iter("Sentence"):
        text = "".join(sentence.itertext())
        if pieces:
            offset += 1
        spans.append((offset, offset + len(text)))
        pieces.append(text)
        offset += len(text)
        flags.append(any(True for _ in sentence.iter("ccue")))
    return SzegedParagraph(doc, " ".join(pieces), tuple(spans), tuple(flags)) if pieces else None


def read_conll_sample(path: Path) -> list[tuple[str, bool]]:
    """The CoNLL-2010 Wikipedia sample: (sentence, uncertain) pairs (label -1 is uncertain)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the CoNLL-2010 sample ({exc})") from exc
    return [(row[1], int(row[0]) < 0) for row in rows if len(row) >= 2]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One PolNeAR attribution relation (character offsets into the article text).

    Attributes:
        source: the Source span text, or "" when the relation has none.
        cue: (start, end) of the Cue span(s), or None.
        content: (start, end) of the Content span(s), or None.
    """

    source: str
    cue: tuple[int, int] | None
    content: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    """A PolNeAR article with one annotator's attributions."""

    name: str
    text: str
    attributions: tuple[Attribution, ...]


def _span(fields: str) -> tuple[int, int]:
    # "Content 115 290" or discontinuous "Content 10 20;25 40": the covering span
    numbers = [int(x) for x in fields.split(None, 1)[1].replace(";", " ").split()]
    return min(numbers), max(numbers)


def _read_ann(path: Path, text: str) -> tuple[Attribution, ...]:
    spans: dict[str, tuple[str, tuple[int, int]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label = parts[1].split(None, 1)[0]
            spans[parts[0]] = (label, _span(parts[1]))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg)
            relations.append(roles)
    out: list[Attribution] = []
    for roles in relations:
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        content = spans.get(roles.get("Content", ""))
        out.append(
            Attribution(
                source=text[source[1][0] : source[1][1]] if source else "",
                cue=cue[1] if cue else None,
                content=content[1] if content else None,
            )
        )
    return tuple(out)


def read_polnear(folder: Path) -> list[PolnearArticle]:
    """The articles of one PolNeAR compartment (``dev`` or ``test``).

    Where an article was annotated twice, the annotation file that sorts first is used.
    """
    texts = sorted((folder / "text").glob("*.txt"))
    if not texts:
        raise InputError(f"{folder}: no PolNeAR texts found under text/")
    annotations = sorted((folder / "attributions").glob("*.ann"))
    out: list[PolnearArticle] = []
    for path in texts:
        ann = next((a for a in annotations if a.stem.rsplit("_", 1)[0] == path.stem), None)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        out.append(PolnearArticle(path.stem, text, _read_ann(ann, text)))
    return out
