"""The news-dev set (../shared/gold/news-dev): every sentence of 10 news articles, labelled.

Each row of ``news-dev.jsonl`` is one sentence (a character span of an article of
../shared/data, checked by its SHA-1) with its gold judgments and claims; its README.md gives the
format. The measures (defined in full in docs/quality.md):

- **judgment P/R/F1**, by sentence: a sentence with a required judgment is a positive; a sentence
  labelled ``none`` or ``claim`` is a negative; sentences whose judgments are all optional are not
  scored. A sentence is predicted positive when the cue of an extracted forecast or assessment
  starts inside it.
- For each required judgment of a true-positive sentence, paired one to one with the extracted
  judgment whose cue starts nearest to the gold cue in that sentence: **probability in range**,
  **holder right**, **contains subject** and **content-word F1** of the proposition.
- **claims found**: required claims whose quantity an extracted claim in the same sentence has.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from trackrecord.errors import InputError
from trackrecord.evaluation.gold import numbered_lines
from trackrecord.evaluation.measures import Measure, is_judgment, prf
from trackrecord.models import Judgment

__all__ = [
    "GoldClaim",
    "GoldJudgment",
    "NewsDevRow",
    "NewsDevScores",
    "article_texts",
    "contains_subject",
    "content_word_f1",
    "content_words",
    "holder_right",
    "load_news_dev",
    "news_dev_measures",
    "parse_row",
    "score_news_dev",
]

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")
_STOP = frozenset(str(w) for w in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class GoldJudgment:
    """One gold judgment of a sentence (README "Row format")."""

    kind: str
    cue: str
    negated: bool
    p: tuple[float, float]
    holder: str
    holder_type: str
    required: bool
    proposition: str | None
    subject: str | None


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One gold claim of a sentence."""

    quantity: float
    source: str
    required: bool


@dataclass(frozen=True, slots=True)
class NewsDevRow:
    """One sentence: ``text[start:end]`` of article `article`, with its labels."""

    article: str
    start: int
    end: int
    sha1: str
    label: str
    judgments: tuple[GoldJudgment, ...]
    claims: tuple[GoldClaim, ...]

    @property
    def required(self) -> tuple[GoldJudgment, ...]:
        """The required judgments."""
        return tuple(j for j in self.judgments if j.required)


def parse_row(data: Any) -> NewsDevRow:
    """One row of news-dev.jsonl from its parsed JSON (raises KeyError, TypeError, ValueError)."""
    judgments = tuple(
        GoldJudgment(
            kind=str(j["kind"]),
            cue=str(j["cue"]),
            negated=bool(j["negated"]),
            p=(float(j["p"][0]), float(j["p"][1])),
            holder=str(j["holder"]),
            holder_type=str(j["holder_type"]),
            required=bool(j["required"]),
            proposition=None if j.get("proposition") is None else str(j["proposition"]),
            subject=None if j.get("subject") is None else str(j["subject"]),
        )
        for j in data["judgments"]
    )
    claims = tuple(
        GoldClaim(float(c["quantity"]), str(c["source"]), bool(c["required"]))
        for c in data["claims"]
    )
    return NewsDevRow(
        article=str(data["article"]),
        start=int(data["start"]),
        end=int(data["end"]),
        sha1=str(data["sha1"]),
        label=str(data["label"]),
        judgments=judgments,
        claims=claims,
    )


def load_news_dev(path: Path) -> list[NewsDevRow]:
    """Read news-dev.jsonl.

    Raises:
        InputError: naming the file and line of a row that is not valid.
    """
    rows: list[NewsDevRow] = []
    for number, line in numbered_lines(path, "news-dev set"):
        try:
            rows.append(parse_row(json.loads(line)))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise InputError(f"{path}:{number}: not a news-dev row ({exc!r})") from exc
    return rows


def article_texts(data: Path, articles: Sequence[str]) -> dict[str, str]:
    """The text of each article id (``bbc:<line>`` or ``polnear:<path under polnear/>``).

    Raises:
        InputError: for an id of another form or a text that cannot be read.
    """
    out: dict[str, str] = {}
    bbc: list[str] | None = None
    for article in articles:
        source, _, rest = article.partition(":")
        try:
            if source == "bbc" and rest.isdigit():
                if bbc is None:
                    with zipfile.ZipFile(data / "bbc-news-greene2006" / "bbc.zip") as archive:
                        bbc = archive.read("bbc.txt").decode("utf-8").split("\n")
                out[article] = bbc[int(rest)]
            elif source == "polnear" and rest and ".." not in Path(rest).parts:
                out[article] = (data / "polnear" / rest).read_text(encoding="utf-8")
            else:
                raise InputError(f"news-dev: unknown article id {article!r}")
        except (OSError, KeyError, IndexError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            raise InputError(f"news-dev: cannot read the text of {article} ({exc})") from exc
    return out


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_FOLD)).strip().lower()


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_POSSESSIVE.sub("", _norm(text)))


def content_words(text: str) -> set[str]:
    """Lower-case words (letters or digits) without spaCy's English stop words, possessive 's
    and one-letter words: "Turkcell's deal may fail" → {"turkcell", "deal", "fail"}."""
    return {w for w in _tokens(text) if w not in _STOP and (len(w) > 1 or w.isdigit())}


def content_word_f1(ours: str, gold: str) -> float:
    """F1 of the content-word sets of two propositions (0 when either has none)."""
    a, b = content_words(ours), content_words(gold)
    common = len(a & b)
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _contains(haystack: str, needle: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(_norm(needle)) + r"(?!\w)"
    return re.search(pattern, _norm(haystack)) is not None


def contains_subject(proposition: str, subject: str) -> bool:
    """Whether the proposition holds the gold subject as a phrase (case-insensitive, whole
    words, curly quotes folded, whitespace collapsed)."""
    return _contains(proposition, subject)


def holder_right(extracted: str, gold: str) -> bool:
    """``author`` matches only ``author``; else every word of the gold holder (lower case,
    possessive 's dropped) is a word of the extracted one: "Panke" ⊂ "Helmut Panke"."""
    if gold == "author" or extracted == "author":
        return gold == extracted
    words = set(_tokens(gold))
    return bool(words) and words <= set(_tokens(extracted))


@dataclass(slots=True)
class NewsDevScores:
    """Counts and per-judgment outcomes of one run over the set."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    in_range: int = 0
    holder: int = 0
    paired: int = 0
    subject: int = 0
    subject_rows: int = 0
    subject_all: int = 0
    proposition_f1: float = 0.0
    claims_found: int = 0
    claims: int = 0


def _pair(
    row: NewsDevRow, sentence: str, ours: Sequence[Judgment]
) -> list[tuple[GoldJudgment, Judgment]]:
    """Each required gold judgment with the unused extracted one whose cue starts nearest."""
    lowered = sentence.lower()
    free = list(ours)
    out: list[tuple[GoldJudgment, Judgment]] = []
    for gold in row.required:
        if not free:
            break
        found = lowered.find(gold.cue.split("...")[0].strip().lower())
        at = row.start + max(found, 0)
        best = min(free, key=lambda j: abs(j.cue_start - at))
        free.remove(best)
        out.append((gold, best))
    return out


def _in_range(j: Judgment, gold: GoldJudgment) -> bool:
    low, high = gold.p
    return j.probability is not None and low - 1e-9 <= j.probability <= high + 1e-9


def _score_pair(s: NewsDevScores, sentence: str, gold: GoldJudgment, j: Judgment) -> None:
    s.paired += 1
    s.in_range += _in_range(j, gold)
    s.holder += holder_right(j.holder, gold.holder)
    s.proposition_f1 += content_word_f1(j.proposition, gold.proposition or "")
    subject = gold.subject or ""
    hit = contains_subject(j.proposition, subject)
    s.subject_all += hit
    # a sentence that names the subject by a pronoun or another phrase is not counted
    if _contains(sentence, subject):
        s.subject_rows += 1
        s.subject += hit


def _score_claims(s: NewsDevScores, row: NewsDevRow, here: Sequence[Judgment]) -> None:
    claims = [j for j in here if j.kind == "claim" and j.quantity is not None]
    for gold in (c for c in row.claims if c.required):
        s.claims += 1
        for c in claims:
            if c.quantity is not None and math.isclose(c.quantity, gold.quantity, rel_tol=1e-6):
                claims.remove(c)
                s.claims_found += 1
                break


def score_news_dev(
    rows: Sequence[NewsDevRow],
    texts: Mapping[str, str],
    judgments: Mapping[str, Sequence[Judgment]],
) -> NewsDevScores:
    """Score extracted judgments (per article id) against the rows.

    Raises:
        InputError: when an article's text is not the one the rows were labelled on.
    """
    s = NewsDevScores()
    for row in rows:
        sentence = texts[row.article][row.start : row.end]
        if hashlib.sha1(sentence.encode("utf-8"), usedforsecurity=False).hexdigest() != row.sha1:
            raise InputError(
                f"news-dev: {row.article} [{row.start}, {row.end}) is not the text that was "
                "labelled (SHA-1 differs): is ../shared/data the right version?"
            )
        here = [j for j in judgments.get(row.article, ()) if row.start <= j.cue_start < row.end]
        ours = [j for j in here if is_judgment(j)]
        if row.required:
            s.tp += bool(ours)
            s.fn += not ours
            for gold, j in _pair(row, sentence, ours):
                _score_pair(s, sentence, gold, j)
        elif row.label in ("none", "claim"):
            s.fp += bool(ours)
        _score_claims(s, row, here)
    return s


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def news_dev_measures(
    data: Path, path: Path, analyze: Callable[[str], list[Judgment]]
) -> list[Measure]:
    """The news-dev measures: `analyze` runs once on each article's whole text."""
    rows = load_news_dev(path)
    articles = list(dict.fromkeys(row.article for row in rows))
    texts = article_texts(data, articles)
    s = score_news_dev(rows, texts, {a: analyze(texts[a]) for a in articles})
    p, r, f = prf(s.tp, s.fp, s.fn)
    counts = f"tp {s.tp}, fp {s.fp}, fn {s.fn}"
    n = s.paired
    return [
        Measure("news_dev_judgment_f1", "news-dev: sentence judgment F1", f,
                f"P {p:.3f} R {r:.3f} ({counts})", "≥ 0.90"),
        Measure("news_dev_judgment_precision", "news-dev: sentence judgment precision", p,
                counts, "≥ 0.90"),
        Measure("news_dev_judgment_recall", "news-dev: sentence judgment recall", r, counts),
        Measure("news_dev_probability_in_range", "news-dev: probability in the gold range",
                _share(s.in_range, n), f"{s.in_range}/{n} found required judgments", "≥ 0.95"),
        Measure("news_dev_holder", "news-dev: holder right", _share(s.holder, n),
                f"{s.holder}/{n} found required judgments", "≥ 0.85"),
        Measure("news_dev_subject", "news-dev: proposition contains the gold subject",
                _share(s.subject, s.subject_rows),
                f"{s.subject}/{s.subject_rows} whose sentence writes the subject out; "
                f"{s.subject_all}/{n} of all found", "≥ 0.85"),
        Measure("news_dev_proposition_f1", "news-dev: proposition content-word F1 (mean)",
                s.proposition_f1 / n if n else 0.0, f"over {n} found required judgments",
                "≥ 0.70"),
        Measure("news_dev_claims_found", "news-dev: required claims found",
                _share(s.claims_found, s.claims), f"{s.claims_found}/{s.claims} (quantity in "
                "the same sentence)", "≥ 0.75"),
    ]  # fmt: skip
