"""The checks a run's output passes before `load_run` writes any of it.

A load is many transactions, so whatever would stop it halfway (a row the store's constraints
refuse) or store something ingest and extract never store (a NaN probability, an empty article,
offsets outside the text) must be found first. Every row of every file is checked here against
the rules those stages keep; each shard's manifest must agree with its files. The first problem
is a `UsageError` naming the file, the row (counted from 1) and what is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from trackrecord.errors import UsageError
from trackrecord.ingest import FORMATS
from trackrecord.models import KINDS, HolderType, QuantityQualifier, content_hash
from trackrecord.scale.parquet import ARTICLES, JUDGMENTS, read_rows

HOLDER_TYPES: tuple[str, ...] = get_args(HolderType)
QUANTITY_QUALIFIERS: tuple[str, ...] = get_args(QuantityQualifier)
# The width of the store's extractor_version column.
VERSION_WIDTH = 32
_REQUIRED_TEXT = ("text", "cue", "proposition", "holder")
_OFFSETS = ("start", "end", "cue_start", "cue_end")
_PROBABILITIES = ("probability", "probability_low", "probability_high")


@dataclass(frozen=True, slots=True)
class Part:
    """One finished shard of a run: its files and its manifest, as read."""

    name: str
    articles: Path
    judgments: Path
    manifest_file: Path
    manifest: dict[str, Any]

    @property
    def extractor_version(self) -> str:
        """The version of the extractor that found the shard's judgments."""
        return str(self.manifest["extractor_version"])

    def refuse(self, path: Path, problem: str, row: int | None = None) -> UsageError:
        """The error for `problem` in `path` (at `row`, from 1), saying how to redo the shard."""
        where = f"{path}, row {row}" if row is not None else str(path)
        return UsageError(
            f"{where}: {problem}; nothing was loaded: delete {self.manifest_file} and run "
            "`trackrecord run` again with the same --out to write the shard again"
        )


def check_manifest(part: Part, run: dict[str, Any]) -> None:
    """Refuse a manifest without the counts and version a load relies on.

    Raises:
        UsageError: a count or the extractor version missing or of the wrong type, or a version
            that is not the run's.
    """
    manifest = part.manifest
    for key in ("articles", "judgments"):
        value = manifest.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise part.refuse(part.manifest_file, f"{key!r} is {value!r}, not a count")
    if not isinstance(manifest.get("failed"), list):
        raise part.refuse(part.manifest_file, "'failed' is not a list of failed articles")
    version = manifest.get("extractor_version")
    if version != run.get("extractor_version") or not 0 < len(str(version)) <= VERSION_WIDTH:
        raise part.refuse(
            part.manifest_file,
            f"extractor_version {version!r} is not the run's {run.get('extractor_version')!r}",
        )


def check_part(part: Part, scale: str) -> None:
    """Check every row of one shard, and that its manifest counts what its files hold.

    Articles are read in order with their judgments beside them, so memory stays that of one
    article however large the shard is.

    Raises:
        UsageError: the first row that breaks a rule, or a count the manifest gets wrong.
    """
    judgments = _judgment_rows(part)
    waiting = next(judgments, None)
    articles = failed = judged = 0
    for at, row in enumerate(read_rows(part.articles, ARTICLES), start=1):
        seq = at - 1
        problem = article_problem(row, part.name, seq)
        if problem is not None:
            raise part.refuse(part.articles, problem, at)
        articles = at
        failed += row["error"] is not None
        while waiting is not None and waiting[1] <= seq:
            judgment_at, judgment_seq, judgment = waiting
            if judgment_seq < seq:
                problem = (
                    f"it is for article seq {judgment_seq}, but follows a judgment of a later "
                    "article (the rows must be in article order)"
                )
            elif row["error"] is not None:
                problem = f"it is for article seq {seq}, whose extraction failed"
            else:
                problem = judgment_problem(judgment, row["text"], scale)
            if problem is not None:
                raise part.refuse(part.judgments, problem, judgment_at)
            judged += 1
            waiting = next(judgments, None)
    if waiting is not None:
        judgment_at, judgment_seq, _ = waiting
        raise part.refuse(
            part.judgments,
            f"it is for article seq {judgment_seq}, but {part.articles} has {articles} articles",
            judgment_at,
        )
    listed = part.manifest["failed"]
    for said, found, what in (
        (part.manifest["articles"], articles, f"articles, but {part.articles} has"),
        (part.manifest["judgments"], judged, f"judgments, but {part.judgments} has"),
        (len(listed), failed, f"failed articles, but {part.articles} has errors in"),
    ):
        if said != found:
            raise part.refuse(part.manifest_file, f"it counts {said} {what} {found} rows")


def _judgment_rows(part: Part) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Each judgment row of `part` with its place in the file and its article's seq.

    Raises:
        UsageError: a row of another shard, or without an article seq.
    """
    for at, row in enumerate(read_rows(part.judgments, JUDGMENTS), start=1):
        if row["shard"] != part.name:
            raise part.refuse(part.judgments, _other_shard(row, part.name), at)
        seq = row["seq"]
        if seq is None or seq < 0:
            raise part.refuse(part.judgments, f"seq {seq!r} is no article's", at)
        yield at, int(seq), row


def _other_shard(row: dict[str, Any], shard: str) -> str:
    return f"shard {row['shard']!r} is not the shard of this file ({shard!r})"


def article_problem(row: dict[str, Any], shard: str, seq: int) -> str | None:
    """What is wrong with the article row expected as the `seq`-th of `shard`, or None."""
    if row["shard"] != shard:
        return _other_shard(row, shard)
    if row["seq"] != seq:
        return f"seq {row['seq']!r} where {seq} comes next (the rows are the articles in order)"
    text = row["text"]
    if text is None or not text.strip():
        return "the article has no text (ingest never stores an article without one)"
    if row["content_hash"] != content_hash(text):
        return "content_hash is not the hash of the text (the text was changed after the run)"
    if row["format"] is not None and row["format"] not in FORMATS:
        return f"format {row['format']!r} is not one of {', '.join(FORMATS)}"
    if row["error"] is not None and not row["error"].strip():
        return "error is empty (a failed extraction says why it failed)"
    return None


def judgment_problem(row: dict[str, Any], text: str, scale: str) -> str | None:
    """What is wrong with a judgment row found in an article of `text`, or None.

    The rules are the store's constraints and what extraction guarantees: a known kind and
    holder type; a sentence that is the article's text at its offsets, holding the cue; for a
    forecast or assessment a probability under the run's yardstick (`scale`), within its range;
    for a claim none.
    """
    kind = row["kind"]
    if kind not in KINDS:
        return f"kind {kind!r} is not one of {', '.join(KINDS)}"
    if row["holder_type"] not in HOLDER_TYPES:
        return f"holder_type {row['holder_type']!r} is not one of {', '.join(HOLDER_TYPES)}"
    missing = [name for name in (*_REQUIRED_TEXT, *_OFFSETS, "negated") if row[name] is None]
    if missing:
        return f"{missing[0]} is missing"
    start, end, cue_start, cue_end = (int(row[name]) for name in _OFFSETS)
    if not 0 <= start <= end <= len(text):
        return (
            f"the sentence's offsets {start}..{end} are not within the article's text "
            f"({len(text)} characters)"
        )
    if text[start:end] != row["text"]:
        return f"text is not the article's text at offsets {start}..{end}"
    if not start <= cue_start <= cue_end <= end:
        return (
            f"the cue's offsets {cue_start}..{cue_end} are not within its sentence ({start}..{end})"
        )
    for name in _PROBABILITIES:
        value = row[name]
        if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
            return f"{name} {value!r} is not a number from 0 to 1"
    if kind == "claim":
        given = [name for name in _PROBABILITIES if row[name] is not None]
        if given:
            return f"a claim has no probability, but {given[0]} is {row[given[0]]!r}"
    else:
        p, low, high = (row[name] for name in _PROBABILITIES)
        if p is None:
            return f"a {kind} has a probability, but probability is missing"
        if not (low is None or low <= p) or not (high is None or p <= high):
            return f"probability {p!r} is outside its range {low!r}..{high!r}"
        if row["scale"] != scale:
            return f"scale {row['scale']!r} is not the run's yardstick {scale!r}"
    quantity = row["quantity"]
    if quantity is not None and not math.isfinite(quantity):
        return f"quantity {quantity!r} is not a finite number"
    qualifier = row["quantity_qualifier"]
    if qualifier is not None and qualifier not in QUANTITY_QUALIFIERS:
        return f"quantity_qualifier {qualifier!r} is not one of {', '.join(QUANTITY_QUALIFIERS)}"
    if any(entity is None for entity in row["entities"] or ()):
        return "entities holds a missing name"
    return None
