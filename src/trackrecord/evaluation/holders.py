"""Holder F1 on PolNeAR: for forecasts and assessments inside gold attributions.

A judgment is scored against the innermost gold attribution that holds its cue. Two rules for a
gold Source that is a pronoun ("he", "they"): *lenient*, where the holder may match any of the
three nearest earlier distinct named Sources (or be that same pronoun), and *strict*, where it must
match the nearest one. ``author`` is the null label. Definitions in full: docs/quality.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trackrecord.evaluation.corpora import Attribution, PolnearArticle, read_polnear
from trackrecord.evaluation.measures import Measure, is_judgment, prf
from trackrecord.extract import analyze
from trackrecord.extract.lexicon import wordset
from trackrecord.models import Judgment

__all__ = [
    "ANTECEDENTS",
    "HolderCase",
    "holder_cases",
    "holder_matches",
    "polnear_measures",
    "score_holder",
]

_WORD = re.compile(r"[a-z0-9]+")
_PRONOUNS = wordset("i we he she they it you me us him her them his its their our my one this that")
_FUNCTION = wordset(
    "the a an of and or for in on at to by from with 's s mr mrs ms dr miss sen rep gov "
    "president former"
)

ANTECEDENTS = 3
"""How many earlier distinct named sources a pronoun source may refer to (lenient rule)."""


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("\u2019", "'")) if w not in _FUNCTION}


def _norm_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _is_pronoun(text: str) -> bool:
    words = _norm_words(text)
    return bool(words) and all(w in _PRONOUNS for w in words)


def _shares_word(holder: str, sources: Iterable[str]) -> bool:
    ours = _words(holder) - _PRONOUNS
    return any(ours & (_words(source) - _PRONOUNS) for source in sources if source)


def holder_matches(holder: str, gold_sources: Sequence[str]) -> bool:
    """Whether an extracted holder names a gold source (the lenient rule).

    A match is any shared content word, case-insensitive (function words, titles and pronouns
    do not count): "Donald Trump" matches "Trump" and "the Trump campaign". Either gold form
    counts: the source as written, or (for a pronoun) its antecedent.
    """
    if _shares_word(holder, gold_sources):
        return True
    # an unresolved pronoun matches the same pronoun as written in the gold
    return (
        bool(gold_sources)
        and _is_pronoun(holder)
        and _norm_words(holder) == _norm_words(gold_sources[0])
    )


def _antecedents(attributions: Sequence[Attribution], index: int, limit: int) -> list[str]:
    """The nearest earlier distinct non-pronoun sources: candidate referents of a pronoun."""
    out: list[str] = []
    for a in reversed(attributions[:index]):
        if a.source and not _is_pronoun(a.source) and a.source.lower() not in out:
            out.append(a.source.lower())
            if len(out) == limit:
                break
    return out


def _covering(j: Judgment, attributions: Sequence[Attribution]) -> int | None:
    """The innermost gold attribution whose cue or content holds the judgment's cue."""
    best: tuple[int, int] | None = None
    for n, a in enumerate(attributions):
        size = None
        if a.cue and j.cue_start < a.cue[1] and a.cue[0] < j.cue_end:
            size = 0
        elif a.content and a.content[0] <= j.cue_start and j.cue_end <= a.content[1]:
            size = a.content[1] - a.content[0]
        if size is not None and (best is None or size < best[0]):
            best = (size, n)
    return None if best is None else best[1]


@dataclass(frozen=True, slots=True)
class HolderCase:
    """One judgment scored for its holder.

    Attributes:
        article: the article's file stem.
        sentence: the judgment's sentence.
        cue: its cue.
        holder: the extracted holder.
        gold: the gold Source text ("" when the attribution has none).
        correct: whether the holder is right under the lenient rule.
        strict: whether it is right under the strict rule (a pronoun Source: the nearest one).
    """

    article: str
    sentence: str
    cue: str
    holder: str
    gold: str
    correct: bool
    strict: bool


def score_holder(holder: str, attributions: Sequence[Attribution], index: int) -> tuple[bool, bool]:
    """(lenient, strict): whether `holder` is right for gold attribution `index`.

    Args:
        holder: the extracted holder ("author" or a source as written).
        attributions: the article's gold attributions, in text order.
        index: the judgment's gold attribution.
    """
    gold = attributions[index].source
    if not gold:
        return holder == "author", holder == "author"
    if holder == "author":
        return False, False
    if not _is_pronoun(gold):
        right = _shares_word(holder, [gold])
        return right, right
    lenient = holder_matches(holder, [gold, *_antecedents(attributions, index, ANTECEDENTS)])
    return lenient, _shares_word(holder, _antecedents(attributions, index, 1))


def holder_cases(articles: Iterable[PolnearArticle]) -> list[HolderCase]:
    """Every extracted forecast/assessment that overlaps a gold attribution, scored both ways."""
    cases: list[HolderCase] = []
    for article in articles:
        ordered = sorted(article.attributions, key=lambda a: (a.cue or a.content or (0, 0))[0])
        for j in analyze(article.text):
            if not is_judgment(j):
                continue
            n = _covering(j, ordered)
            if n is None:
                continue
            correct, strict = score_holder(j.holder, ordered, n)
            gold = ordered[n].source
            cases.append(HolderCase(article.name, j.text, j.cue, j.holder, gold, correct, strict))
    return cases


def _f1(cases: Sequence[HolderCase], strict: bool) -> tuple[float, float, float]:
    right = [c.strict if strict else c.correct for c in cases]
    tp = sum(ok and bool(c.gold) for c, ok in zip(cases, right, strict=True))
    fp = sum(c.holder != "author" and not ok for c, ok in zip(cases, right, strict=True))
    fn = sum(bool(c.gold) and not ok for c, ok in zip(cases, right, strict=True))
    return prf(tp, fp, fn)


def polnear_measures(data: Path, compartment: str) -> list[Measure]:
    """Holder P/R/F1 on one PolNeAR compartment, lenient and strict ("author" is null)."""
    cases = holder_cases(read_polnear(data / "polnear" / compartment))
    pronouns = sum(_is_pronoun(c.gold) for c in cases)
    out: list[Measure] = []
    for strict in (False, True):
        p, r, f = _f1(cases, strict)
        rule = "strict" if strict else "lenient"
        out.append(
            Measure(
                f"polnear_{compartment}_holder_f1" + ("_strict" if strict else ""),
                f"PolNeAR {compartment}: holder F1, {rule} (judgments in gold attributions)",
                f,
                f"P {p:.3f} R {r:.3f} over {len(cases)} judgments ({pronouns} pronoun sources)",
                "≥ 0.70",
                "human agreement 0.92 (attribution level)",
            )
        )
    return out
