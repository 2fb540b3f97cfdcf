"""The extraction pipeline: segment, prefilter, then spaCy components on the candidates only.

1. `segment` splits the article into sentences (own fast splitter, exact offsets).
2. One compiled regular expression of cue trigger words, run once over the lower-cased text,
   marks the candidate sentences; sentences with a reporting word and a number are candidates
   for claims. Page furniture is dropped here.
3. The candidates are joined (blank line between) into one string, tokenised once by
   ``spacy.blank("en")``, and run through the components, in order: ``trackrecord_cues`` →
   ``trackrecord_negation`` → ``trackrecord_scope`` → ``trackrecord_holder`` →
   ``trackrecord_timeframe`` → ``trackrecord_entities`` → ``trackrecord_claims``.
4. ``convert.py`` maps the hits back to article offsets as `Judgment` records.

Most sentences hold no cue, so the tokenizer (the costly step) sees a fraction of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date, datetime
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.tokens import Doc

# The component modules register their factories with spaCy when imported.
from trackrecord.extract import (  # noqa: F401
    claims,
    cues,
    entities,
    holder,
    negation,
    scope,
    timeframe,
)
from trackrecord.extract.convert import to_judgments
from trackrecord.extract.lexicon import trigger_pattern
from trackrecord.extract.records import SANITIZE, ArticleContext, Chunk
from trackrecord.extract.segment import Sentence, segment
from trackrecord.extract.yardstick import load_yardstick
from trackrecord.models import Judgment

__all__ = ["COMPONENTS", "analyze", "candidate_sentences", "get_nlp"]

COMPONENTS: tuple[str, ...] = (
    "trackrecord_cues",
    "trackrecord_negation",
    "trackrecord_scope",
    "trackrecord_holder",
    "trackrecord_timeframe",
    "trackrecord_entities",
    "trackrecord_claims",
)

for _name in ("trackrecord_ctx", "trackrecord_hits"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_TRIGGER_PATTERN = trigger_pattern()
_TRIGGER = re.compile(_TRIGGER_PATTERN)
_TRIGGER_ANY_CASE = re.compile(_TRIGGER_PATTERN, re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = ("thousand", "million", "billion", "trillion", "hundred", "dozen")

_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline's ``Language``: ``spacy.blank("en")`` plus the trackrecord components."""
    nlp = spacy.blank("en")
    # no parser or NER here: memory grows with the tokens only, so long articles are fine
    nlp.max_length = 10**10
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


_LOWER_CACHE: dict[int, str] = {}
_LOWER_CACHE_MAX = 500_000


def _token_strings(doc: Doc) -> tuple[list[str], list[int]]:
    """Lower-case text and character offset of every token, read as arrays (no Token objects).

    Lower-case forms are cached by hash in a bounded dict: looking up spaCy's string store for
    each token costs more than the rest of this function.
    """
    if not len(doc):
        return [], []
    array = doc.to_array([LOWER, IDX])
    hashes: list[int] = array[:, 0].tolist()
    offsets: list[int] = array[:, 1].tolist()
    cache = _LOWER_CACHE
    if len(cache) > _LOWER_CACHE_MAX:
        cache.clear()
    lower = list(map(cache.get, hashes))
    if None in lower:
        strings = doc.vocab.strings
        for k, h in enumerate(hashes):
            if lower[k] is None:
                lower[k] = cache[h] = strings[h]
    return lower, offsets  # type: ignore[return-value]  # no None is left


def _has_number(text: str, sentence: Sentence) -> bool:
    if _DIGIT.search(text, sentence.start, sentence.end):
        return True
    words = text[sentence.start : sentence.end].lower()
    return any(word in words for word in _NUMBER_WORDS)


def candidate_sentences(text: str, sentences: list[Sentence]) -> tuple[list[int], list[int]]:
    """Indices of the sentences that may hold a judgment, and of those that may hold a claim."""
    lowered = text.lower()
    if len(lowered) == len(text):
        trigger, haystack = _TRIGGER, lowered
    else:  # lower() changed the length (rare scripts): search the original, ignoring case
        trigger, haystack = _TRIGGER_ANY_CASE, text
    starts = [s.start for s in sentences]
    found: set[int] = set()
    reporting: set[int] = set()
    for m in trigger.finditer(haystack):
        (reporting if m.lastgroup == "r" else found).add(bisect_right(starts, m.start()) - 1)
    claim_indices = [
        i
        for i in sorted(reporting)
        if i >= 0 and not sentences[i].furniture and _has_number(text, sentences[i])
    ]
    return sorted(i for i in found if i >= 0 and not sentences[i].furniture), claim_indices


def analyze(
    text: str,
    *,
    published: date | datetime | None = None,
    author: str | None = None,
    scale: str = "reader",
) -> list[Judgment]:
    """Extract the judgments and claims of one article.

    Args:
        text: the article text (any string: never raises on content).
        published: publication date, used to resolve time frames ("by next year").
        author: the byline; informational (the writer's own judgments have holder "author").
        scale: the yardstick that maps cues to probabilities (see `SCALES`).

    Returns:
        Judgments sorted by (start, cue_start), offsets exact into `text`.

    Raises:
        ScaleError: for an unknown `scale`.
    """
    yardstick = load_yardstick(scale)
    day = published.date() if isinstance(published, datetime) else published
    sentences = segment(text)
    indices, claim_indices = candidate_sentences(text, sentences)
    if not indices and not claim_indices:
        return []
    pieces: list[str] = []
    chunks: list[Chunk] = []
    offset = 0
    for i in indices:
        s = sentences[i]
        pieces.append(text[s.start : s.end].translate(SANITIZE))
        chunks.append(Chunk(i, offset, offset + s.end - s.start, s.start - offset))
        offset += s.end - s.start + len(_SEPARATOR)
    nlp = get_nlp()
    doc_text = _SEPARATOR.join(pieces)
    doc = nlp.make_doc(doc_text)
    lower, idx = _token_strings(doc)
    idx.append(len(doc_text))
    for n, c in enumerate(chunks):  # the tokens of each sentence: it starts and ends one
        chunks[n] = c._replace(
            tok_start=bisect_left(idx, c.doc_start), tok_end=bisect_left(idx, c.doc_end)
        )
    ctx = ArticleContext(
        text=text,
        sentences=sentences,
        chunks=chunks,
        claim_sentences=claim_indices,
        published=day,
        doc_text=doc_text,
        lower=lower,
        idx=idx,
    )
    doc._.trackrecord_ctx = ctx
    doc._.trackrecord_hits = []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return to_judgments(doc, ctx, yardstick)
