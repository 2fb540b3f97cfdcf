"""Rank stored judgments by how well they match a question, so that linking goes fast.

The score is a plain, explainable sum in [0, 1]:

- 0.6 × the share of the question's content words (title and criteria, stop words removed, a
  crude plural stem) found in the judgment's proposition;
- 0.2 × the share of the judgment's entities that the question names (0 when it has none);
- 0.2 when the judgment's time frame ends on or before the question's close date (or when
  either has no date: no evidence against), 0 when it ends later.

A judgment must share at least one content word. Claims and judgments without a probability
are never suggested; judgments already linked to the
question are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from trackrecord.models import Judgment, Question
from trackrecord.store import Store

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    _WORD.findall(
        """a an the of and or to in on at by for from with as is are be been was were will would
    can could may might shall should do does did not no yes than then that this these those it
    its their there before after between if counts count such what which who whom whose how
    when where resolves resolve otherwise least two any other others"""
    )
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> set[str]:
    """The lower-cased, stemmed words of `text` that carry content."""
    return {_stem(w) for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 1}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A judgment and how well it matches a question."""

    judgment: Judgment
    score: float
    words: float
    entities: float
    timeframe: float


def rank_judgments(
    question: Question, judgments: Iterable[Judgment], *, top: int = 20
) -> list[Suggestion]:
    """The `top` judgments that best match `question`, best first (ties: lower id first)."""
    wanted = content_words(f"{question.title} {question.criteria or ''}")
    asked = f"{question.title} {question.criteria or ''}".casefold()
    closes = question.closes_at.date() if question.closes_at else None
    found = []
    for j in judgments:
        if j.kind == "claim" or j.probability is None or not wanted:
            continue
        words = len(wanted & content_words(j.proposition)) / len(wanted)
        named = [e for e in j.entities if e.casefold() in asked]
        entities = len(named) / len(j.entities) if j.entities else 0.0
        in_time = closes is None or j.timeframe_end is None or j.timeframe_end <= closes
        timeframe = 1.0 if in_time else 0.0
        score = 0.6 * words + 0.2 * entities + 0.2 * timeframe
        if words > 0:
            found.append(Suggestion(j, round(score, 4), words, entities, timeframe))
    found.sort(key=lambda s: (-s.score, s.judgment.id or 0))
    return found[:top]


def suggest(store: Store, question_id: int, top: int = 20) -> list[Suggestion]:
    """The `top` stored judgments that best match a question, best first: claims, judgments
    without a probability and those already linked to it are left out in SQL.

    Raises:
        NotFoundError: no question with that id.
    """
    question = store.get_question(question_id)
    return rank_judgments(question, store.suggestion_candidates(question_id), top=top)
