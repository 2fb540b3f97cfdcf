"""Claims: quantities attributed to a source (ANNOTATION.md section 2.1).

A sentence makes a claim when a reporting frame ("X estimates", "X said", "according to X",
"figures from X show", "..., X said") attributes content that holds a quantity. Each quantity
(see ``numbers.py``) becomes one claim with its value, qualifier and unit, the source resolved to
a name where the article gives one (also from the sentence before, for "it"/"they"), and the
reporting verb as the cue. Stated probabilities are judgments, not claims.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from trackrecord.extract.entities import find_entities
from trackrecord.extract.lexicon import CLAIM_VERBS, alternation, wordset
from trackrecord.extract.names import clean_holder, holder_type
from trackrecord.extract.numbers import Quantity, find_quantities
from trackrecord.extract.records import SANITIZE, ArticleContext, Hit

__all__ = ["claims_component", "find_claims"]

_VERBS = alternation(CLAIM_VERBS)
_VERB = re.compile(rf"\b(?:(?:has|have|had)\s+)?(?P<verb>{_VERBS})\b")
# What may follow a trailing attribution before the sentence ends: ", the ministry said on Monday."
_TAIL_END = re.compile(
    r"\s*(?:(?:on|last|this|in|earlier|late|early)\s+\w+(?:\s+\w+)?|yesterday|today)?"
    r"\s*[.!?\"'\u201d\u2019]*\s*$"
)
# The frames below look like `attribution`'s helpers but match differently, and the claims output
# depends on the difference, so they stay separate: `attribution._ACCORDING` reads initials and a
# parenthesis into the name ("according to Charles B. Rangel"), this one stops at them ("Charles
# B"); `_SAID_NP` finds ", said X." anywhere in the sentence, to its end, where `attribution.after`
# reads only the text right after a clause; `_subject` cuts at a dash and drops a leading
# prepositional phrase, where `attribution.subject_before` cuts at ".!?()" and keeps it.
_ACCORDING = re.compile(
    r"\b(?P<verb>according to)\s+(?P<np>[^,.;:!?\"()]{2,80}?)(?=[,.;:!?\"()]|$)"
)
_FIGURES = re.compile(
    r"\b(?:figures|data|statistics|estimates|a survey|a report|a study|a poll|research|"
    r"a census|numbers)\s+(?:from|by|published by|released by|compiled by|for)\s+"
    r"(?P<np>[^,.;:!?\"()]{2,60}?)\s+(?P<verb>show|showed|shows|suggest|suggests|suggested|"
    r"found|find|indicate|indicates|indicated|reveal|reveals|revealed)\b"
)
_SAID_NP = re.compile(
    r",\s*(?P<verb>said|says|added|adds|reported|claimed)\s+(?P<np>[^,.;:!?\"()]{2,80}?)"
    r"\s*(?:[.!]|$)"
)
_BOUNDARY = re.compile(
    r"(?:[,;:\"\u201c\u201d\u2014]|\b(?:but|and|that|while|because|although|as|when|if|which|who)\b)"
)
_SOURCE_WORDS = re.compile(
    r"(?i)\b(?:officials?|analysts?|police|experts?|researchers?|economists?|spokes\w+|"
    r"ministers?|chancellor|secretary|president|governor|minister|mayor|chief|head|"
    r"company|firm|bank|government|ministry|department|agency|office|group|survey|report|"
    r"study|poll|sources?|he|she|they|it|figures|data|statistics|organisers?|union|council|"
    r"authorities|military|army|estimates?)\b"
)
# Narrower than `names.FIRST_PERSON`: a frame whose source is "Our" or "Us" is kept here, and then
# resolves to "author" and is skipped, so it is not replaced by another frame.
_FIRST_PERSON = frozenset(("i", "we"))
_BE_WORDS = wordset("is are was were be been has have had")
_PREPOSITIONS = wordset("in on at for with after before during from by under over")


def _subject(before: str) -> str:
    """The noun phrase at the end of `before` (after the last clause boundary).

    A leading prepositional phrase is dropped: "In a move ministers" → "ministers".
    """
    start = max(0, len(before) - 80)
    cut = start
    for m in _BOUNDARY.finditer(before, start):
        cut = m.end()
    words = before[cut:].split()
    if len(words) > 2 and words[0].lower() in _PREPOSITIONS:
        words = (
            words[3:] if words[1].lower() in ("a", "an", "the", "its", "his", "her") else words[2:]
        )
    return " ".join(words)


def _plausible_source(np: str) -> bool:
    words = np.split()
    if not words or len(words) > 10:
        return False
    if words[-1].lower() in _BE_WORDS:
        return False  # "it is reported": a passive, no source
    return any(w[:1].isupper() for w in words) or bool(_SOURCE_WORDS.search(np))


def find_claims(sentence: str) -> list[tuple[str, int, int, int, int, Quantity]]:
    """Attributed quantities in one sentence.

    Returns:
        (source phrase, source offset, verb start, verb end, content start, quantity) tuples,
        offsets relative to `sentence` (the quantity's too), at most three.
    """
    quantities = find_quantities(sentence)
    if not quantities:
        return []
    frames: list[tuple[str, int, int, int, int, int]] = []  # np, np_pos, v0, v1, c0, c1
    end = len(sentence)
    for m in _ACCORDING.finditer(sentence):
        frames.append((m.group("np"), m.start("np"), m.start("verb"), m.end("verb"), 0, end))
    for m in _FIGURES.finditer(sentence):
        frames.append((m.group("np"), m.start("np"), m.start("verb"), m.end("verb"), m.end(), end))
    for m in _SAID_NP.finditer(sentence):
        frames.append((m.group("np"), m.start("np"), m.start("verb"), m.end("verb"), 0, m.start()))
    for v in _VERB.finditer(sentence):
        before = sentence[: v.start()]
        np = _subject(before)
        if not np:
            continue
        np_pos = before.rfind(np)
        comma = before.rfind(",", 0, np_pos + 1)
        if comma > 0 and _TAIL_END.match(sentence, v.end()):
            frames.append((np, np_pos, v.start("verb"), v.end("verb"), 0, comma))
        else:
            frames.append((np, np_pos, v.start("verb"), v.end("verb"), v.end(), end))
    frames = [
        f for f in frames if _plausible_source(f[0]) and f[0].strip().lower() not in _FIRST_PERSON
    ]
    out: list[tuple[str, int, int, int, int, Quantity]] = []
    for q in quantities:
        # the frame whose content holds the quantity and starts nearest before it
        holding = [
            f for f in frames if f[4] <= q.start < f[5] and not f[1] <= q.start < f[1] + len(f[0])
        ]
        if holding:
            np, np_pos, v0, v1, c0, _ = max(holding, key=lambda f: f[4])
            out.append((np, np_pos, v0, v1, c0, q))
    return out[:3]


@Language.component("trackrecord_claims")
def claims_component(doc: Doc) -> Doc:
    """Add a claim hit for every attributed quantity in the article's claim sentences.

    Claims need no tokens: the claim sentences are read from the article itself, including
    those that were not tokenised for cues.
    """
    ctx: ArticleContext = doc._.trackrecord_ctx
    hits: list[Hit] = doc._.trackrecord_hits
    for index in ctx.claim_sentences:
        base = ctx.sentences[index].start
        sentence = ctx.sentence_text(index).translate(SANITIZE)
        if not _ANY_FRAME.search(sentence):
            continue
        for np, np_pos, v0, v1, c0, q in find_claims(sentence):
            source = clean_holder(np, ctx, base + np_pos)  # drops "(WHO)" too
            if source == "author":
                continue
            hits.append(
                Hit(
                    chunk=-1,
                    key="claim",
                    family="claim",
                    parts=[],
                    kind="claim",
                    holder=source,
                    holder_type=holder_type(source),
                    proposition=_content(sentence, c0, q),
                    entities=find_entities(sentence[c0 : q.end + 60]),
                    quantity=q.value,
                    qualifier=q.qualifier,
                    unit=q.unit,
                    source=source,
                    sentence=index,
                    cue_span=(base + v0, base + v1),
                )
            )
    return doc


_ANY_FRAME = re.compile(rf"\b(?:{_VERBS}|according to|figures|data|statistics)\b")


def _content(sentence: str, c0: int, q: Quantity) -> str:
    """The attributed clause around the quantity, trimmed."""
    end = len(sentence)
    m = re.search(r"[;,.](?:\s|$)", sentence[q.end :])
    if m:
        end = q.end + m.start()
    text = sentence[c0:end].strip(" ,;:.\"'")
    return re.sub(r"^(?:that|it said|he said|she said)\s+", "", text)
