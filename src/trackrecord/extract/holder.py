"""Holder: who holds the belief a cue expresses (ANNOTATION.md section 6).

In order:

1. A belief frame names its holder: its subject ("many Western experts think" → "many Western
   experts"), or its object after "led ... to believe" ("led many to believe" → "many").
   Agentless passives ("is expected to", "is thought to") belong to whoever is speaking: the
   writer (``author``), or the speaker when inside a quotation.
2. Inside a quotation, the holder is the quote's speaker (``quotes.py``).
3. Reported speech: "according to X", "X said (that) ...", "..., X said" (``attribution.py``).
4. Otherwise the writer: ``author``.

First-person holders are the speaker inside a quote and the writer outside it. Pronouns and short
mentions ("she", "Ms Kim", "Blair") resolve to the fullest name the article gives (``names.py``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from trackrecord.extract.attribution import (
    SENTENCE_SUBJECT,
    reported,
    subject_before,
    trailing_np,
)
from trackrecord.extract.lexicon import wordset
from trackrecord.extract.names import FIRST_PERSON, clean_holder, holder_type
from trackrecord.extract.quotes import quote_at, speaker
from trackrecord.extract.records import ArticleContext, Hit

__all__ = ["holder_component"]

PRONOUN_WORDS = frozenset(("i", "we", "you", "he", "she", "they", "it"))
_SPEAKERS_KEPT = 20  # recent speakers, for resolving "she said" (older ones are not needed)
_PRONOUN_SUBJECTS = wordset("i we you he she they")
_LEADS_TO = wordset("led lead leads leading prompted prompting caused causing")
_BE = wordset("is are was were be been being 's 're am 'm")
_SKIP = wordset(
    "also still now widely generally privately publicly increasingly clearly firmly strongly "
    "do does did n't not never have has had will would may might could should must can ca "
    "really genuinely honestly personally already even actually sometimes often usually "
    "normally typically frequently always rarely largely broadly reportedly initially "
    "originally previously recently repeatedly again once later earlier consistently long "
    "privately openly certainly definitely truly sincerely last this month week year "
    "yesterday today"
)
_STOP = wordset(
    ', ; : ( ) " but that while because although though whereas if when since so and which '
    "who whom whose where what how why is are was were has have had will would said says "
    "told suggests suggested shows showed found finds indicates indicated - \u2014 \u2013"
)
_STOP_BUT_CONJUNCTIONS = _STOP - {"and", "but"}
_PARTICIPLES = wordset(
    "expected forecast forecasted predicted anticipated thought believed feared tipped"
)
_CATENATIVE = wordset(
    "appeared appears appear seemed seems seem tried tries try wanted wants want continued "
    "continues began begins used refused refuses declined declines"
)
_PASSIVE_AUXILIARY = wordset("be been being")
_PASSIVE_BELIEF = wordset("considered regarded seen viewed perceived deemed presumed assumed")
_AFTER_PARTICIPLE = frozenset(("by", "in", "for", "at", "on", "to", "next", "this", "later"))
_ADJECTIVE_FRAMES = wordset("concerned worried afraid convinced confident sure certain")
# a state of mind only when an open question follows: "investors are uncertain whether" (but
# "the future is uncertain" is no one's)
_UNDECIDED = wordset("uncertain unsure undecided divided split")
_OPEN = wordset("whether if about on over")


def _np_before(doc: Doc, low: list[str], end: int, lo: int) -> tuple[str, int] | None:
    """The noun phrase ending just before token `end`, back to a clause boundary."""
    start = end
    while start > lo and end - start < 10:
        w = low[start - 1]
        if w in _STOP and not (
            w == "and" and start - 2 >= lo and doc[start - 2].text[:1].isupper()
        ):
            break
        start -= 1
    if start >= end:
        return None
    if end - start > 1 and low[end - 1] in PRONOUN_WORDS:
        start = end - 1  # "If that is the case it suggests": it
    return doc[start:end].text, doc[start].idx


def _frame_subject(doc: Doc, low: list[str], f: int, lo: int, hi: int) -> tuple[str, int] | None:
    """Holder phrase of the frame whose cue starts at token f ("" for an agentless passive)."""
    if low[f] in _PRONOUN_SUBJECTS:
        return doc[f].text, doc[f].idx  # "I have no doubt"
    if any(w in _PASSIVE_AUXILIARY for w in low[f : min(hi, f + 3)]):
        return "", doc[f].idx  # "a strike has not been ruled out": no one named holds it
    j = f - 1
    while j >= lo and low[j] in _SKIP:
        j -= 1
    if j < lo:
        return None
    prev = low[j]
    if low[f] in _PASSIVE_BELIEF:
        if prev in _BE:
            for k in range(f + 1, min(hi, f + 3)):
                if low[k] == "by":  # "is considered by many to be": many
                    end = k + 1
                    while end < hi and end - k < 6 and low[end] not in ("to", "as", ",", "."):
                        end += 1
                    return (doc[k + 1 : end].text, doc[k + 1].idx) if end > k + 1 else None
        return "", doc[f].idx  # "is considered the best", "a painter considered the best"
    if prev in _PRONOUN_SUBJECTS:
        return doc[j].text, doc[j].idx  # "they actually believe"
    if prev in ("-", "\u2014", "\u2013", "(") or (
        prev.islower() and low[f] in _PARTICIPLES and f + 1 < hi and low[f + 1] in _AFTER_PARTICIPLE
    ):
        return "", doc[f].idx  # "the vote - expected to fall", "5% growth forecast for 2005"
    if prev in _BE:
        if any(w in _ADJECTIVE_FRAMES for w in low[f : min(hi, f + 4)]) or (
            low[f] in _UNDECIDED and f + 1 < hi and low[f + 1] in _OPEN
        ):
            return _np_before(doc, low, j, lo)  # "the party is (far from) sure that"
        if j - 1 >= lo and low[j - 1] == "there":
            return "", doc[f].idx  # "there is no doubt"
        for k in range(f + 1, min(hi, f + 4)):
            if low[k] == "by":  # "is expected by analysts to"
                end = k + 1
                while end < hi and low[end] not in (",", ".", ";", "to"):
                    end += 1
                return doc[k + 1 : end].text, doc[k + 1].idx
        return "", doc[f].idx
    if prev == "to" and j - 1 >= lo and low[j - 1] in _CATENATIVE:
        return _frame_subject(doc, low, j - 1, lo, hi)  # "he appeared to suggest that": he
    if prev == "to":
        k = j - 1
        while k >= lo and low[k] not in _LEADS_TO and j - k <= 6:
            k -= 1
        if k >= lo and low[k] in _LEADS_TO and k + 1 < j:
            return doc[k + 1 : j].text, doc[k + 1].idx  # "led many to believe"
        return None
    if prev in ("and", "but"):
        # a second verb of one subject: "I am very close to Ted and thought ..."
        k = j
        while k > lo and low[k - 1] not in _STOP_BUT_CONJUNCTIONS:
            k -= 1
        if low[k] in _PRONOUN_SUBJECTS:
            return doc[k].text, doc[k].idx
        end = k
        while end < j and end - k < 4 and doc[end].text[:1].isupper():
            end += 1  # "Mr Elgindy had been trying ... and had predicted"
        if end > k:
            return doc[k:end].text, doc[k].idx
        # "Mr. McKinley is bearish on ... and expects": the subject of the sentence
        first = SENTENCE_SUBJECT.match(doc[lo:j].text)
        return (first.group("np"), doc[lo].idx + first.start("np")) if first else None
    if prev == ",":
        # an apposition or aside between subject and verb: "the Tories, backed by ..., believe"
        k = j - 1
        while k > lo and low[k] != "," and j - k < 15:
            k -= 1
        return _np_before(doc, low, k, lo) if k > lo and low[k] == "," else None
    if prev in ("who", "which", "that"):
        np = trailing_np(doc[max(lo, j - 8) : j].text)  # "visa staff abroad who feared"
        return (np, doc[j].idx - len(np) - 1) if np else None
    return _np_before(doc, low, j + 1, lo)


_NOT_IN_NP = wordset(
    "is are was were be been am do does did n't not don't doesn't didn't say says said "
    "including include includes if whether what how why when where would will can could may "
    "might should must 'd such there here this these those"
)


def noun_phrase(np: str) -> bool:
    """Whether a holder phrase can be a noun phrase: no verb, negation, contraction or
    wh-word in it, not a bare determiner, not a possessive without its noun."""
    words = np.replace("\u2019", "'").lower().split()
    if not words or len(words) > 12 or np.lower() in ("the", "a", "an"):
        return False
    if words[-1].endswith("'s") or words[-1].endswith("'"):
        return False  # "Hillary Clinton's", "Here's"
    return not any(
        w in _NOT_IN_NP or w.endswith(("n't", "'d", "'ve", "'re", "'m", "'ll")) for w in words
    )


_SAID_BEFORE = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:said|says|say|told\s+\w+|added|adds|insisted|argued|explained|claimed)"
    r"(?:\s+(?:on\s+\w+|last\s+\w+|yesterday|today))?\s+(?:that\s+)?$"
)


def _reporter(ctx: ArticleContext, pos: int) -> tuple[str, int] | None:
    """The subject of "X said (that)" right before offset `pos`: who "he" or "she" is."""
    head = ctx.text[max(0, pos - 200) : pos]
    m = _SAID_BEFORE.search(head)
    if m is None:
        return None
    found = subject_before(head, m.start(), 6)
    if found is None or found[0].lower() in PRONOUN_WORDS:
        return None
    return found[0], max(0, pos - 200) + found[1]


def _assign(ctx: ArticleContext, hit: Hit, np: str, pos: int) -> None:
    if np.lower().split()[0] in ("he", "she", "they", "it"):
        reporter = _reporter(ctx, pos)
        if reporter is not None and noun_phrase(reporter[0]):
            np, pos = reporter  # "Ditto said she expects": Ditto
    holder = clean_holder(np, ctx, pos)
    if not noun_phrase(holder):
        holder = np.strip() if noun_phrase(np) else "author"  # the phrase as written
    if holder == "author":
        return
    hit.holder = holder
    hit.holder_type = holder_type(holder)
    if hit.holder_type == "named" and holder not in ctx.speakers[-1:]:
        ctx.speakers.append(holder)
        del ctx.speakers[:-_SPEAKERS_KEPT]


@Language.component("trackrecord_holder")
def holder_component(doc: Doc) -> Doc:
    """Set the holder and holder type of every hit."""
    ctx: ArticleContext = doc._.trackrecord_ctx
    low = ctx.lower
    for hit in doc._.trackrecord_hits:
        hit.holder, hit.holder_type = "author", "author"
        chunk = ctx.chunks[hit.chunk]
        lo, hi = chunk.tok_start, chunk.tok_end
        cue_pos = ctx.idx[hit.first] + chunk.shift
        quote = quote_at(ctx, chunk.sentence, cue_pos)
        if hit.frame:
            frame = _frame_subject(doc, low, hit.parts[0][0], lo, hi)
            if frame is not None and frame[0] and not noun_phrase(frame[0]):
                frame = None  # "don't for a moment believe": not a subject
            if frame is not None and frame[0]:
                np, pos = frame
                if np.lower().split("'")[0] in ("you", "one"):
                    hit.dropped = True  # "let's say you think ...": generic, no one's belief
                    continue
                if np.lower() not in FIRST_PERSON:
                    _assign(ctx, hit, np, pos + chunk.shift)
                    if hit.holder.lower() != "it":
                        continue
                    # "It suggests that ...": a thing, not a holder; whoever speaks holds it
                    hit.holder, hit.holder_type = "author", "author"
                if quote is None:
                    continue  # "I think" in the writer's own voice
            # an agentless passive is the belief of whoever speaks: quoted, reported or writer
        if quote is not None:
            found = speaker(ctx, chunk.sentence, quote)
            if found is None:  # 'Clinton says it means Trump "may not have paid"'
                found = reported(ctx, chunk.sentence, cue_pos, hit.content[1] + chunk.shift)
        else:
            found = reported(ctx, chunk.sentence, cue_pos, hit.content[1] + chunk.shift)
        if found is not None and noun_phrase(found[0]):
            _assign(ctx, hit, found[0], found[1])
    return doc
