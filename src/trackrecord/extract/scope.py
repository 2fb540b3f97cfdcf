"""Scope: what each cue judges (the proposition and its clause) and whether it is a forecast.

The judged clause is the cue's clause (between commas, semicolons, "but", "that", quote marks),
or, for a belief frame ("experts think ..."), the frame's complement. The proposition is that
clause in positive form: the cue and its negation are removed, modals and "likely to" become
"will" in forecasts, "it is unclear whether X" becomes X, and a bare anaphor ("this outcome is
extremely unlikely") borrows the proposition of the judgment just before it.

Kind: a forecast is about a future or hypothetical event; an assessment about the present or
past. The cue family sets a default (ANNOTATION.md section 1), and the clause adjusts it: "will",
"to" + verb or a later year make a forecast; "have" + participle, "was", "did" or a modal with
"be" + adjective make an assessment.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from trackrecord.extract.lexicon import wordset
from trackrecord.extract.records import ArticleContext, Hit

__all__ = ["clause_bounds", "scope_component"]

_STARTERS = wordset(
    "but while although though whereas because since that if when unless despite whether "
    "adding said says told added warned argued claimed insisted explained stressed noted "
    "conceded admitted"
)
CLAUSE_REACH = 40
_SUBORDINATORS = wordset(
    "while whereas although though because since if when where unless after before as once "
    "until whether despite"
)
_CUT = frozenset((",", ";", ":", "(", ")", "\u2014", "\u2013", '"', "-", "--"))
_CONTRAST = wordset("but while although though whereas which who adding according despite even as")
_REPORTING = wordset(
    "said says say told added adds warned warns argued argues claimed claims noted notes "
    "insisted insists explained explains stressed wrote writes reported reports "
    "according"
)
_LEAD = wordset(
    "why how while whereas although though but and so yet that despite because since if when "
    "as whether then also however still"
)
_BE = wordset("is are was were be been being 's 're am 'm")
_FUTURE = wordset("will wo 'll shall")
_PAST = wordset("was were had did")
_PAST_BE = wordset("was were")
_FUTURE_IN_PAST = _FUTURE | wordset("would 'd")
_ANAPHOR = re.compile(
    r"(?i)^(?:it|this|that|these|those|(?:this|that|such an?|the)\s+"
    r"(?:outcome|scenario|prospect|move|possibility|idea|plan|option|step|result|event))$"
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_SPACE = re.compile(r"\s+")


def _is_reporting_tail(doc: Doc, low: list[str], j: int, hi: int) -> bool:
    """Whether a reporting verb follows within a few name-like tokens: ', Kim Yo Jong said'."""
    for k in range(j, min(hi, j + 10)):
        w = low[k]
        if w in _REPORTING:
            return True
        if not (w.isalpha() or w in ("'s", "-", ".")):
            return False
    return False


def clause_bounds(
    doc: Doc, low: list[str], first: int, last: int, lo: int, hi: int
) -> tuple[int, int]:
    """Token bounds [start, end) of the clause holding the cue tokens [first, last).

    A clause reaches at most `CLAUSE_REACH` tokens either side of the cue, which keeps the work
    per cue bounded on text without punctuation.
    """
    lo, hi = max(lo, first - CLAUSE_REACH), min(hi, last + CLAUSE_REACH)
    start = first
    while start > lo:
        w = low[start - 1]
        if w in _CUT or w in _STARTERS or w == ";":
            break
        start -= 1
    subordinate = low[start] in _SUBORDINATORS or (start > lo and low[start - 1] in _SUBORDINATORS)
    quotes_before = low[lo:first].count('"')
    end = last
    while end < hi:
        t = lower = low[end]
        if t in (";", ".", "!", "?") or (t == '"' and quotes_before % 2 == 1):
            break
        if t == "," and subordinate:
            break  # "While X is set to slow, ..." ends at the comma
        if (
            t == ","
            and end + 1 < hi
            and (low[end + 1] in _CONTRAST or _is_reporting_tail(doc, low, end + 1, hi))
        ):
            break
        if lower == "but" and end > last:
            break
        end += 1
    return start, end


_OPINION_FRAMES = frozenset(("think", "believe", "reckon", "suspect", "suggest", "considered"))
_DEONTIC = wordset("should must ought need needs needed deserve deserves shouldn't mustn't")
_EVALUATIVE = wordset(
    "unacceptable acceptable wrong right important necessary essential vital crucial fair "
    "unfair disgrace disgraceful shame shameful mistake ridiculous stupid silly great good bad "
    "best better worse worst terrible fantastic brilliant excellent wonderful awful appalling "
    "outrageous absurd nonsense amazing incredible fine"
)


def _opinion(doc: Doc, low: list[str], a: int, b: int) -> bool:
    """Whether the complement [a, b) of "think"/"believe" states a value, not a probability."""
    words = set(low[a:b])
    if words & _DEONTIC:
        return True
    if any(low[k] == "time" and low[k + 1] == "to" for k in range(a, b - 1)):
        return True  # "it is time to act"
    # a capitalised word inside the sentence is a name: "Great Britain" is no value judgment
    values = {
        low[k] for k in range(a, b) if low[k] in _EVALUATIVE and not doc[k].text[:1].isupper()
    }
    return bool(values) and not words & _FUTURE and "going" not in words


def _kind(
    low: list[str], hit: Hit, start: int, end: int, year: int | None, text: str, ctx_idx: list[int]
) -> str:
    after = [low[k] for k in range(hit.last, min(end, hit.last + 4))]
    nxt = after[0] if after else ""
    content = {low[k] for k in range(start, end)}
    if any(low[k] in _FUTURE for s, e in hit.parts for k in range(s, e)):
        return "forecast"
    if hit.family == "will":
        return "forecast"
    years = [int(m.group()) for m in _YEAR.finditer(text[ctx_idx[start] : ctx_idx[end]])]
    if year is not None and years:
        if max(years) > year:
            return "forecast"
        if max(years) < year and not content & _FUTURE:
            return "assessment"
    if (nxt == "have" and after[1:2] != ["to"]) or (nxt == "to" and after[1:2] == ["have"]):
        return "assessment"  # "might have been", "is thought to have died"; not "might have to"
    if nxt in _PAST:
        return "assessment"
    if hit.family == "modal":
        if nxt == "be" and len(after) > 1:
            word = after[1]
            if word.endswith(("ed", "en", "ing")) or word in ("hit", "cut", "put", "set", "made"):
                return "forecast"
            return "assessment"
        if nxt in ("seem", "seems", "look", "appear", "know", "mean", "explain"):
            return "assessment"
        return "forecast"
    if content & _FUTURE_IN_PAST or (nxt == "to" and len(after) > 1 and after[1] not in _BE):
        return "forecast"  # "... had no doubt the Conservatives would win"
    if hit.family == "phrase" and hit.first > start and low[hit.first - 1] in _PAST_BE:
        return "assessment"  # "the move was almost certainly a response"
    return hit.kind


def _render(
    ctx: ArticleContext, pieces: list[tuple[int, int]], subs: dict[int, str], drop: set[int]
) -> str:
    text, idx = ctx.doc_text, ctx.idx
    out: list[str] = []
    for s, e in pieces:
        run = s  # copy unchanged runs of tokens as one slice
        for k in range(s, e):
            if k in subs or k in drop:
                out.append(text[idx[run] : idx[k]])
                if subs.get(k):
                    out.append(subs[k] + " ")
                run = k + 1
        if run < e:
            out.append(text[idx[run] : idx[e]])
    return _SPACE.sub(" ", "".join(out)).strip()


def _proposition(
    doc: Doc, ctx: ArticleContext, low: list[str], hit: Hit, start: int, end: int
) -> str:
    subs: dict[int, str] = {}
    drop = {k for s, e in hit.parts for k in range(s, e)}
    frame_s, frame_e = hit.parts[0]
    if hit.frame:
        # a belief frame: the proposition is its complement
        begin = frame_e if frame_e < end else start
        if begin < end and low[begin] in ("that", "whether", "if"):
            begin += 1
        pieces = [(begin, end)]
        if begin < end and low[begin] == "to":
            # passive frame: "prices are expected to rise" → "prices will rise"
            subject_end = frame_s
            while subject_end > start and low[subject_end - 1] in _BE:
                subject_end -= 1
            pieces = [(start, subject_end), (begin, end)]
            subs[begin] = "will" if hit.kind == "forecast" else ""
        elif hit.kind == "forecast":
            # "expects growth to slow" → "growth will slow"
            for k in range(begin + 1, min(end, begin + 8)):
                if low[k] == "to":
                    subs[k] = "will"
                    break
                if not doc[k].is_alpha or low[k] in ("that", "will"):
                    break
        for s, e in hit.parts[1:]:
            _substitute(doc, low, hit, s, e, end, subs, drop)
        return _clean(_render(ctx, pieces, subs, drop))
    s, e = hit.parts[hit.main]
    nxt = low[e] if e < end else ""
    if nxt in ("that", "whether", "if") and e + 1 < end:
        return _clean(_render(ctx, [(e + 1, end)], subs, drop))
    _substitute(doc, low, hit, s, e, end, subs, drop)
    if e >= end or not (doc[e].is_alpha or doc[e].like_num):
        # predicative and clause-final: "this outcome is extremely unlikely" → "this outcome"
        k = s - 1
        while k >= start and low[k] in _BE:
            drop.add(k)
            k -= 1
    return _clean(_render(ctx, [(start, end)], subs, drop))


def _substitute(
    doc: Doc,
    low: list[str],
    hit: Hit,
    s: int,
    e: int,
    end: int,
    subs: dict[int, str],
    drop: set[int],
) -> None:
    """Replace one cue part by its positive, plain form ("likely won't" → "will")."""
    nxt = low[e] if e < end else ""
    if low[e - 1] == "to" and e - s > 1:  # "set to", "is said to": the "to" is in the cue
        e -= 1
        drop.discard(e)
        nxt = "to"
    if nxt == "to" and e + 1 < end:
        k = s - 1
        while k >= 0 and low[k] in _BE | {"very", "highly", "most", "extremely"}:
            drop.add(k)
            k -= 1
        if hit.kind == "forecast":
            subs[e] = "will"
        elif e + 1 < end and low[e + 1] == "be":
            subs[e] = "is"
            drop.add(e + 1)
        else:
            drop.add(e)
        return
    if any(low[k] in _FUTURE for k in range(s, e)) or nxt in _FUTURE:
        if nxt not in _FUTURE:
            subs[s] = "will"
        return
    if hit.family == "modal" or low[s] in ("may", "might", "could"):
        if hit.kind == "forecast":
            subs[s] = "will"
        elif nxt == "be":
            subs[s] = "is"
            drop.add(e)


def _clean(text: str) -> str:
    words = text.split(" ")
    while words and (words[0].lower() in _LEAD or not any(c.isalnum() for c in words[0])):
        words.pop(0)
    text = " ".join(words).strip(" ,;:\"'\u201c\u201d\u2018\u2019.-\u2014")
    return text


@Language.component("trackrecord_scope")
def scope_component(doc: Doc) -> Doc:
    """Set the kind, the judged clause and the proposition of every hit."""
    ctx: ArticleContext = doc._.trackrecord_ctx
    low = ctx.lower
    year = ctx.published.year if ctx.published else None
    previous: list[tuple[int, str]] = []  # (sentence index, proposition)
    for hit in doc._.trackrecord_hits:
        chunk = ctx.chunks[hit.chunk]
        lo, hi = chunk.tok_start, chunk.tok_end
        start, end = clause_bounds(doc, low, hit.first, hit.last, lo, hi)
        trailing = hit.last >= hi or low[hit.last] in (".", "!", '"', "'")
        if (
            trailing
            and hit.frame
            and len(hit.parts) == 1
            and lo < start - 1
            and low[start - 1] == ","
        ):
            # a trailing frame judges what comes before it: "Inflation will ..., X forecast."
            start, end = lo, start - 1
        if hit.key in _OPINION_FRAMES and len(hit.parts) == 1 and _opinion(doc, low, hit.last, end):
            hit.dropped = True  # "I think we need to cut taxes": a value, not a degree of belief
            continue
        hit.kind = _kind(low, hit, start, end, year, ctx.doc_text, ctx.idx)
        hit.content = (
            ctx.idx[start],
            ctx.idx[end - 1] + len(ctx.doc_text[ctx.idx[end - 1] : ctx.idx[end]].rstrip()),
        )
        prop = _proposition(doc, ctx, low, hit, start, end)
        referent = prop  # what a later anaphor points to: never a chain of earlier ones
        if _ANAPHOR.match(prop) or not prop:
            earlier = [p for i, p in previous[-3:] if chunk.sentence - i <= 2]
            if earlier:
                referent = earlier[-1]
                prop = f"{prop} ({referent})" if prop else referent
            elif chunk.sentence > 0:
                referent = ctx.sentence_text(chunk.sentence - 1)
                prop = f"{prop} ({referent})"
        hit.proposition = prop
        previous.append((chunk.sentence, referent))
    return doc
