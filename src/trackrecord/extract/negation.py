"""Negation: does the sentence judge the proposition or its negation?

``negated`` is set only for explicit grammatical negation of the cue (ANNOTATION.md section 6):
"likely won't", "not likely", "may not", "don't think", "is not expected to", "no longer expected".
Words that carry a low probability themselves ("unlikely", "doubt") are not negation. The negating
words join the cue, so that "likely won't" is stored and re-mapped as one cue. In a compound cue
("don't think ... may not") each negation flips the proposition once.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from trackrecord.extract.lexicon import wordset
from trackrecord.extract.records import ArticleContext, Hit

__all__ = ["negate"]

NEGATORS = frozenset(("not", "n't", "never"))
_AUX_NEG = wordset("wo will would does do did ca can could should is are was were")
# Cues that can be followed by "won't": the adverbs ("likely won't", "probably will not").
_ADVERBIAL = wordset(
    "likely probably apparently reportedly allegedly possibly perhaps maybe certainly "
    "supposedly seemingly"
)
_SKIP_LEFT = wordset(
    "be is are was were been being 's 're am 'm do does did have has had 've will would could "
    "should can may might must wo ca very so quite really particularly too as yet also even "
    "now currently seem seems seemed appear appears look looks widely generally necessarily "
    "always that"
)
_OWN_NEGATION = frozenset(("not", "n't", "never", "no"))


def _right(doc: Doc, low: list[str], s: int, e: int, hi: int) -> tuple[int, bool]:
    """New end of a cue part and whether negation follows it."""
    if e < hi and low[e] in NEGATORS and not (e + 1 < hi and low[e + 1] in ("only", "just")):
        return e + 1, True
    if e + 1 < hi and low[e - 1] in _ADVERBIAL and low[e] in _AUX_NEG and low[e + 1] in NEGATORS:
        return e + 2, True
    return e, False


def _left(doc: Doc, low: list[str], s: int, lo: int) -> tuple[int, bool]:
    """New start of a cue part and whether negation precedes it."""
    j = s - 1
    steps = 0
    while j >= lo and steps < 4:
        w = low[j]
        if w in NEGATORS:
            if w == "n't" and j - 1 >= lo:
                return j - 1, True  # include the auxiliary: "don't think"
            return j, True
        if w == "longer" and j - 1 >= lo and low[j - 1] == "no":
            return j - 1, True
        if w not in _SKIP_LEFT:
            break
        j -= 1
        steps += 1
    return s, False


def negate(doc: Doc, low: list[str], hit: Hit, lo: int, hi: int) -> None:
    """Set `hit.negated` and widen its cue parts to include the negating words."""
    negated = False
    parts: list[tuple[int, int]] = []
    for s, e in hit.parts:
        own = any(low[k] in _OWN_NEGATION for k in range(s, e))
        if own:
            # lexical negation ("no doubt", "not ruled out") is the cue's own meaning; only a
            # joined "won't" negates the proposition
            negated ^= low[s] == "wo"
            parts.append((s, e))
            continue
        new_e, right = _right(doc, low, s, e, hi)
        new_s, left = _left(doc, low, s, max(lo, parts[-1][1] if parts else lo))
        negated ^= right
        negated ^= left
        parts.append((new_s, new_e))
    hit.parts = parts
    hit.negated = negated


@Language.component("trackrecord_negation")
def negation_component(doc: Doc) -> Doc:
    """Set ``negated`` on every hit and widen cues to their negation."""
    ctx: ArticleContext = doc._.trackrecord_ctx
    low = ctx.lower
    for hit in doc._.trackrecord_hits:
        chunk = ctx.chunks[hit.chunk]
        negate(doc, low, hit, chunk.tok_start, chunk.tok_end)
    return doc
