"""Gold files (ANNOTATION.md section 5) and the matcher that scores extracted judgments on them.

A gold file is JSON Lines, one expected outcome per line::

    {"id": "seed-r1", "doc": "article.txt", "sentence": "likely won't use North Korean troops",
     "expect": "judgment", "kind": ["forecast"], "cue_has": "likely", "negated": true,
     "p": [0.15, 0.45], "holder": "author", "required": true}

Matching rules:

- ``expect: judgment``: some extracted forecast or assessment whose ``text`` contains
  ``sentence`` satisfies every other key given (``kind`` a list of accepted kinds, ``cue_has`` a
  substring of the cue, ``negated``, ``p`` bounds on ``probability``, ``holder`` a
  case-insensitive substring of the extracted holder or exactly ``author``);
- ``expect: claim``: likewise for a claim, with ``quantity`` and ``source_has``;
- ``expect: none``: no forecast or assessment is extracted from a sentence containing it;
- each extracted judgment satisfies at most one gold item (a maximum one-to-one matching, required
  items first);
- ``required: false`` items are reported but not counted.

Text is compared after folding curly quotes to straight ones and collapsing whitespace, so that
gold files survive typography and segmentation changes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trackrecord.errors import InputError
from trackrecord.models import KINDS, Judgment

__all__ = ["GoldItem", "GoldResult", "load_gold", "match", "parse_gold_line", "summarise"]

EXPECTS = ("judgment", "claim", "none")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One expected outcome of a gold file.

    Attributes:
        id: the item's identifier.
        doc: the article it refers to (a file name).
        sentence: a substring of the sentence the judgment is in.
        expect: ``judgment``, ``claim`` or ``none``.
        kind: accepted kinds, when constrained.
        cue_has: a substring the cue must contain.
        negated: the required ``negated`` value.
        p: (low, high) bounds on the extracted probability.
        holder: a substring of the holder, or ``author``.
        quantity: the claim's quantity.
        source_has: a substring of the claim's source.
        required: whether the item counts (False: reported only).
    """

    id: str
    doc: str
    sentence: str
    expect: str
    kind: tuple[str, ...] | None = None
    cue_has: str | None = None
    negated: bool | None = None
    p: tuple[float, float] | None = None
    holder: str | None = None
    quantity: float | None = None
    source_has: str | None = None
    required: bool = True


@dataclass(frozen=True, slots=True)
class GoldResult:
    """The outcome of one gold item.

    Attributes:
        item: the gold item.
        passed: whether it is satisfied.
        reason: why not (empty when passed).
        judgment: the extracted judgment that satisfied it, if any.
    """

    item: GoldItem
    passed: bool
    reason: str = ""
    judgment: Judgment | None = None


def parse_gold_line(data: Any, where: str) -> GoldItem:
    """Build a `GoldItem` from one parsed JSON object.

    Raises:
        InputError: naming `where` (file and line) and the field at fault.
    """
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    try:
        expect = str(data.get("expect", "judgment"))
        if expect not in EXPECTS:
            raise ValueError(f"'expect' must be one of {', '.join(EXPECTS)}, not {expect!r}")
        kind = data.get("kind")
        if kind is not None:
            kind = (kind,) if isinstance(kind, str) else tuple(str(k) for k in kind)
            bad = [k for k in kind if k not in KINDS]
            if bad:
                raise ValueError(f"unknown kind {bad[0]!r}: use {', '.join(KINDS)}")
        p = data.get("p")
        if p is not None:
            low, high = (float(x) for x in p)
            if not 0.0 <= low <= high <= 1.0:
                raise ValueError("'p' must be [low, high] with 0 <= low <= high <= 1")
            p = (low, high)
        negated = data.get("negated")
        quantity = data.get("quantity")
        return GoldItem(
            id=str(data["id"]),
            doc=str(data["doc"]),
            sentence=str(data["sentence"]),
            expect=expect,
            kind=kind,
            cue_has=None if data.get("cue_has") is None else str(data["cue_has"]),
            negated=None if negated is None else bool(negated),
            p=p,
            holder=None if data.get("holder") is None else str(data["holder"]),
            quantity=None if quantity is None else float(quantity),
            source_has=None if data.get("source_has") is None else str(data["source_has"]),
            required=bool(data.get("required", True)),
        )
    except KeyError as exc:
        raise InputError(f"{where}: missing field {exc.args[0]!r}") from exc
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: {exc}") from exc


def numbered_lines(path: Path, what: str, *, comments: bool = False) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a UTF-8 gold file with their numbers (from 1); with `comments`,
    lines starting with ``#`` are skipped too.

    Raises:
        InputError: the file cannot be read, named as `what`.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc})") from exc
    for number, line in enumerate(lines, 1):
        if line.strip() and not (comments and line.lstrip().startswith("#")):
            yield number, line


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold file (JSON Lines; blank lines and lines starting with ``#`` are skipped).

    Raises:
        InputError: when the file cannot be read or a line is not a valid gold item.
    """
    path = Path(path)
    items: list[GoldItem] = []
    for number, line in numbered_lines(path, "gold file", comments=True):
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc})") from exc
        items.append(parse_gold_line(data, f"{path}:{number}"))
    return items


def _mismatches(item: GoldItem, j: Judgment) -> list[str]:
    """What keeps judgment `j` from satisfying `item` (empty: it satisfies it)."""
    out: list[str] = []
    if item.expect == "claim":
        if j.kind != "claim":
            return [f"kind {j.kind} is not claim"]
        if item.quantity is not None and (
            j.quantity is None or not math.isclose(j.quantity, item.quantity, rel_tol=1e-6)
        ):
            out.append(f"quantity {j.quantity} is not {item.quantity:g}")
        if item.source_has is not None and (
            j.source is None or _norm(item.source_has).lower() not in _norm(j.source).lower()
        ):
            out.append(f"source {j.source!r} lacks {item.source_has!r}")
        return out
    if j.kind == "claim":
        return ["a claim, not a judgment"]
    if item.kind is not None and j.kind not in item.kind:
        out.append(f"kind {j.kind} not in {list(item.kind)}")
    if item.cue_has is not None and _norm(item.cue_has).lower() not in _norm(j.cue).lower():
        out.append(f"cue {j.cue!r} lacks {item.cue_has!r}")
    if item.negated is not None and j.negated != item.negated:
        out.append(f"negated is {j.negated}")
    if item.p is not None and (
        j.probability is None or not item.p[0] <= j.probability <= item.p[1]
    ):
        out.append(f"p {j.probability} outside [{item.p[0]}, {item.p[1]}]")
    if item.holder is not None:
        if item.holder == "author":
            ok = j.holder == "author"
        else:
            ok = _norm(item.holder).lower() in _norm(j.holder).lower()
        if not ok:
            out.append(f"holder {j.holder!r} is not {item.holder!r}")
    return out


def _augment(item: int, options: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    """Kuhn's augmenting path: give gold item `item` a judgment, re-seating others if needed."""
    for j in options[item]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or _augment(owner[j], options, owner, seen):
            owner[j] = item
            return True
    return False


def match(
    gold_items: Iterable[GoldItem], judgments_by_doc: Mapping[str, Sequence[Judgment]]
) -> list[GoldResult]:
    """Match gold items against extracted judgments, one judgment per item at most.

    Args:
        gold_items: the gold items (any order; results keep it).
        judgments_by_doc: extracted judgments per document name (``GoldItem.doc``).

    Returns:
        One `GoldResult` per item, in input order, each with a reason when it fails.
    """
    items = list(gold_items)
    results: dict[int, GoldResult] = {}
    by_doc: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        by_doc.setdefault(item.doc, []).append(n)
    for doc, numbers in by_doc.items():
        judgments = list(judgments_by_doc.get(doc, ()))
        texts = [_norm(j.text) for j in judgments]
        options: dict[int, list[int]] = {}
        why: dict[int, str] = {}
        for n in numbers:
            item = items[n]
            sentence = _norm(item.sentence)
            here = [k for k, text in enumerate(texts) if sentence in text]
            if item.expect == "none":
                found = [judgments[k] for k in here if judgments[k].kind != "claim"]
                results[n] = GoldResult(
                    item,
                    not found,
                    "" if not found else f"extracted {found[0].kind} with cue {found[0].cue!r}",
                    found[0] if found else None,
                )
                continue
            if not here:
                why[n] = "no extracted judgment in a sentence containing it"
                options[n] = []
                continue
            problems = {k: _mismatches(item, judgments[k]) for k in here}
            options[n] = [k for k, p in problems.items() if not p]
            if not options[n]:
                best = min(problems.values(), key=len)
                why[n] = "; ".join(best)
        # required items first, so that optional ones never take a judgment a required one needs
        order = sorted(options, key=lambda n: (not items[n].required, n))
        lists = [options[n] for n in order]
        owner: dict[int, int] = {}
        for i in range(len(order)):
            _augment(i, lists, owner, set())
        assigned = {order[i]: k for k, i in owner.items()}
        for n in order:
            if n in assigned:
                results[n] = GoldResult(items[n], True, "", judgments[assigned[n]])
            elif options[n]:
                results[n] = GoldResult(
                    items[n], False, "every matching judgment satisfies another gold item"
                )
            else:
                results[n] = GoldResult(items[n], False, why[n])
    return [results[n] for n in range(len(items))]


def summarise(results: Sequence[GoldResult]) -> dict[str, int]:
    """Counts: required passed/total and optional passed/total."""
    required = [r for r in results if r.item.required]
    optional = [r for r in results if not r.item.required]
    return {
        "required_passed": sum(r.passed for r in required),
        "required_total": len(required),
        "optional_passed": sum(r.passed for r in optional),
        "optional_total": len(optional),
    }
