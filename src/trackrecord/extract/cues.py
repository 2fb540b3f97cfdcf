"""Cue finding: a `PhraseMatcher` over the lexicon, then context rules that drop look-alikes.

The matcher finds every surface form of every cue key; the rules below drop the uses that carry no
degree of belief about an open proposition (ANNOTATION.md section 1, "Not judgments"): "as
expected", comparatives ("more likely to vote"), attributive "an unlikely hero", past ability
("could not attend", "before police could"), the month May, the noun "might", questions, modals
inside if-clauses, "think about", "believe in", nouns ("the suspect", "fears of"). Belief frames
are then joined with the hedge or "will" in their complement ("think ... may not",
"I have no doubt ... will") into one cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from trackrecord.extract.lexicon import (
    FAMILY_RANK,
    NUMERIC_CUE,
    OUTCOME_NOUNS,
    SPECS,
    surfaces,
    wordset,
)
from trackrecord.extract.records import ArticleContext, Hit

__all__ = ["CueFinder"]

BE = wordset(
    "is are was were be been being 's 're am 'm remains remain remained seems seem seemed "
    "looks look looked appears appear appeared becomes become became considered deemed "
    "thought looking"
)
DET = wordset(
    "a an the this that these those its their his her our my your some any no such every each "
    "another"
)
ADVERBS = wordset(
    "quite entirely very perfectly certainly also still always just distinctly now even "
    "definitely all highly more most already increasingly deeply as yet far much really "
    "so too less fairly rather pretty somewhat only"
)
NEGATORS = frozenset(("not", "n't", "never"))
WH = wordset("whether if how what when who why where which")
PUNCT_END = frozenset((".", "!", "?"))
CLAUSE_PUNCT = frozenset((";", ":", '"', "\u2014", "\u2013", "(", ")"))
NOT_MODAL_CONTEXT = wordset("if whether unless until till before than lest once whenever wherever")
PRONOUNS = wordset("i we you he she they it there")

Rule = Callable[[Doc, list[str], int, int, int, int], bool]


def _w(low: list[str], i: int, lo: int, hi: int) -> str:
    """Lower-case text of token i, or "" outside [lo, hi)."""
    return low[i] if lo <= i < hi else ""


def _prev_content(
    low: list[str], i: int, lo: int, skip: frozenset[str] = ADVERBS
) -> tuple[str, int]:
    """The first word before token i that is not in `skip`, and its index."""
    j = i - 1
    while j >= lo and low[j] in skip:
        j -= 1
    return (low[j], j) if j >= lo else ("", lo - 1)


def _likely(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    prev, nxt = _w(low, s - 1, lo, hi), _w(low, e, lo, hi)
    if prev in ("more", "less", "as", "equally", "twice", "times") or nxt == "than":
        return False  # comparatives: "more likely to vote than"
    if "than" in low[max(lo, s - 6) : s]:
        return False  # "more women than men are likely to vote": a comparison
    if nxt in ("voter", "voters", "cause", "candidates", "lads"):
        return False  # "likely voters", "probable cause"
    word = low[e - 1]
    if prev in ("its", "their", "his", "her", "our", "my", "your"):
        return False  # "its likely impact": a noun phrase, not a judgment
    if word in ("unlikely", "improbable") and prev in DET:
        # attributive: "an unlikely hero", "the unlikely event"
        return nxt in ("to", "that", "") or not doc[e].is_alpha
    return True


def _possible(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    word = low[s]
    if word in ("possibility", "conceivable", "conceivably"):
        return True
    nxt = _w(low, e, lo, hi)
    if nxt == "that":
        return True
    if nxt == "to":
        return False  # ability: "it is possible to buy"
    prev, j = _prev_content(low, s, lo)
    if _w(low, s - 1, lo, hi) in ("as", "if", "where", "whenever", "wherever", "best", "made"):
        return False
    if prev in BE:
        return not (prev == "'s" and _w(low, j - 1, lo, hi) not in ("it", "that", "this"))
    return False


def _possibly(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    return _w(low, s - 1, lo, hi) not in ("not", "n't", "cannot")


_SUPERLATIVE = wordset(
    "most best biggest greatest worst surprisingly unsurprisingly ironically inevitably "
    "fittingly understandably predictably tellingly"
)


def _perhaps(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    nxt, nxt2 = _w(low, e, lo, hi), _w(low, e + 1, lo, hi)
    if nxt in _SUPERLATIVE:
        return False
    return not (nxt == "the" and (nxt2 in _SUPERLATIVE or nxt2.endswith("est")))


def _predicative(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    """Adjectives judged only when predicative or followed by whether/that."""
    if low[e - 1] in WH:
        # the form ends in its open question: "questioned whether", "wonder if"; not a request
        # ("I wonder if you could help")
        return not (low[s].startswith("wonder") and _w(low, e, lo, hi) in ("you", "i", "we"))
    nxt = _w(low, e, lo, hi)
    if nxt in WH or nxt == "that":
        return True
    if nxt in ("about", "over"):
        return False  # "uncertain about" is a person's state
    prev, _ = _prev_content(low, s, lo)
    if low[s] == "in":  # "in doubt"
        return prev in BE
    return prev in BE or prev in ("at", "best")


def _unclear(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    nxt = _w(low, e, lo, hi)
    if nxt in ("yet", "exactly", "as"):
        nxt = _w(low, e + 1, lo, hi)
    if nxt in WH:
        return True
    prev, _ = _prev_content(low, s, lo)
    return prev in BE and (nxt == "" or not doc[e].is_alpha)


def _modal(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    tok = doc[s]
    word = low[s]
    nxt = _w(low, s + 1, lo, hi)
    if not nxt or not doc[s + 1].is_alpha:
        return False  # "come what may.", "spirit and might,"
    if word == "may":
        if tok.text != "may" and not (s == lo and nxt in ("be", "not", "well", "have")):
            return False  # the month, Theresa May
        if nxt in ("i", "we", "day") or _w(low, s - 1, lo, hi) in ("what", "whatever", "case"):
            return False
        if _w(low, s - 1, lo, hi) == "it" and _w(low, s - 2, lo, hi) == "as" and not nxt.isalpha():
            return False  # "be that as it may"
    elif word == "might":
        if nxt in ("of", "and", "or", "in", "to", "is", "was", "has", "had"):
            return False
        if _w(low, s - 1, lo, hi) in _MIGHT_NOUN:
            return False  # "with all their might", "military might"
    elif word == "could" and nxt in _PAST_ABILITY:
        return False  # past ability: "could not attend", "could see"
    if _w(low, s - 1, lo, hi) in ("you", "one"):
        return False  # "you could argue", "one might think": generic, not a forecast
    # inside an if-clause, a purpose clause or a comparison: not the writer's hedge
    j = s - 1
    steps = 0
    while j >= lo and steps < 12:
        w = low[j]
        if w in (",", ";", ":") or w in CLAUSE_PUNCT:
            break
        if w in NOT_MODAL_CONTEXT:
            return False
        if w == "so" and steps <= 3:
            return False  # "so (that) they could attend"
        if w == "as" and steps <= 3 and (low[j + 1] in _AS_COMPARE or low[j - 2 : j - 1] == ["as"]):
            return False  # "as best they could", "as soon as they could"; not "as it may help"
        j -= 1
        steps += 1
    return True


_AS_COMPARE = wordset("best much many far long soon well often quickly fast hard little")
_PAST_ABILITY = wordset(
    "not n't never hardly barely scarcely only see hear feel smell taste afford remember tell"
)
_MIGHT_NOUN = wordset(
    "a an the its their his her our my your military economic naval industrial financial full "
    "all sheer great with"
)
_AS_AUX = wordset(
    "had has have been was were is are be widely originally initially previously first "
    "generally earlier already once"
)


def _after_as_than(low: list[str], s: int, lo: int) -> bool:
    """Whether token s follows "as"/"than" with only auxiliaries between: "as had been expected"."""
    j = s - 1
    while j >= lo and s - j <= 4:
        w = low[j]
        if w in ("as", "than"):
            return True
        if w not in _AS_AUX:
            return False
        j -= 1
    return False


def _than_before(low: list[str], s: int, lo: int) -> bool:
    """Whether "than" opens a comparison a few words before token s: "than X forecast"."""
    for j in range(s - 1, max(lo - 1, s - 7), -1):
        if low[j] == "than":
            return True
        if low[j] in (",", ";", ":", "said", "says", "and", "but"):
            return False
    return False


_NOUN_FORECAST = wordset(
    "weather latest previous earlier new revised official gloomy growth sales profit profits "
    "budget economic shipping"
)


def _verb(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    word = low[s]
    prev, nxt, nxt2 = _w(low, s - 1, lo, hi), _w(low, e, lo, hi), _w(low, e + 1, lo, hi)
    if _after_as_than(low, s, lo):
        return False  # "as expected", "than thought", "as had been feared"
    if prev == "to" and _w(low, s - 2, lo, hi) in _NOT_ABLE:
        return False  # "difficult to predict", "hard to believe": no belief stated
    if word.endswith("ed") and prev in ("with", "of", "for", "at", "by", "from", "on"):
        return False  # "with predicted debt": an attributive participle
    if word.endswith("ed") and _than_before(low, s, lo):
        return False  # "less than the £37.5bn predicted in March"
    if word.startswith("expect"):
        if prev in DET or nxt in ("of", "from"):
            return False
        return not (word == "expecting" and nxt2 in ("baby", "child", "twins", "first"))
    if word in ("think", "thinks"):
        return nxt not in _THINK_NOT
    if word == "thought":
        return prev not in DET and prev not in _THOUGHT_PREV and nxt not in _THINK_NOT
    if word.startswith("believ"):
        if nxt in ("in", "me", "you") or (nxt == "it" and nxt2 == "or"):
            return False
        return not (prev in ("n't", "not", "cannot") or prev in ("hard", "make", "difficult"))
    if word.startswith("suspect"):
        if prev in DET or (s > lo and doc[s - 1].like_num):
            return False
        if word == "suspected":
            return nxt in _COMPLEMENT or nxt in ("of", "to")
        return nxt in _COMPLEMENT
    if word.startswith("doubt"):
        if s == lo or nxt in ("also", "exist", "exists", "remain", "remains", "persist", "grow"):
            return False  # "Doubts also exist over ...": the noun
        return prev not in _DOUBT_NOUN and nxt not in ("over", "about", "on", "as", "among")
    if word.startswith("project"):
        return nxt == "that" or (nxt == "to" and word == "projected")  # not "the project"
    if word.startswith(("predict", "forecast")):
        if prev in DET or prev in _NOUN_FORECAST or prev == "'s":
            return nxt in ("of", "for", "that")  # "its forecast of 2% growth"
        return not (word in ("forecasts", "predictions") and nxt in ("for", "of"))
    if word.startswith("anticipat"):
        return prev not in ("much", "long", "eagerly", "keenly", "hotly", "-") and prev not in DET
    if word.startswith("reckon"):
        return nxt != "with"
    if word in ("fear", "fears", "feared"):
        if prev in DET or prev in _FEAR_NOUN:
            return False
        if nxt in _COMPLEMENT or nxt in ("dead", "killed", "lost", "missing", "to", "further"):
            return True
        # "Mark Ballard fears people ...": a named or pronoun subject makes it a verb
        return (
            s > lo
            and (prev in PRONOUNS or doc[s - 1].text[:1].isupper())
            and nxt.isalpha()
            and nxt not in ("for", "of", "over", "about", "and", "or")
        )
    if word in ("set", "tipped", "poised", "on"):
        return nxt not in ("music", "work", "zero", "rights", "sail", "fire") and prev != "the"
    if word in ("bound", "sure"):
        if word == "sure" and prev in ("make", "makes", "made", "making", "be"):
            return False
        return nxt not in DET
    if word in ("faces", "face", "facing"):
        return _faces(doc, low, s, e, lo, hi)
    return True


_NOT_ABLE = wordset(
    "difficult hard impossible easy tough tricky able unable try tried trying want wanted "
    "wants began begin started start"
)
_THINK_NOT = wordset(
    "about of so back twice again ahead big tank tanks through over up out positively outside "
    "straight hard carefully clearly differently alike process"
)
_THOUGHT_PREV = wordset("of second school food much little deep careful")
_COMPLEMENT = wordset(
    "that the a an it he she they this there his her their many some most we you i its foul"
)
_DOUBT_NOUN = wordset(
    "no little some any the a without beyond in of cast casts casting raise raised raises "
    "raising serious growing considerable expressed express expresses shadow benefit "
    "reasonable further fresh new grave my his her their our"
)
_FEAR_NOUN = wordset(
    "of amid allay allayed calm raised raise raising sparked spark fuelled fuel growing "
    "deepening grave with in for without no and"
)


def _faces(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    if _w(low, s - 1, lo, hi) in DET:
        return False  # "their faces"
    if _w(low, s - 1, lo, hi) in ("could", "may", "might", "to", "will", "would", "'ll"):
        return False  # "could face", "likely to face": the other cue carries it
    if low[s] == "face" and _w(low, s - 1, lo, hi) in ("or", "and", "not", "n't"):
        return False  # "to purchase insurance or face a fine": an infinitive, no forecast
    for j in range(e, min(e + 5, hi)):
        w = low[j]
        if w in OUTCOME_NOUNS:
            return True
        if not doc[j].is_alpha and not doc[j].like_num:
            return False
    return False


_PASSIVE_BE = wordset("is are was were be been being 's 're am 'm")
_PASSIVE_SKIP = ADVERBS | wordset(
    "widely generally often commonly traditionally usually sometimes long also now once "
    "still frequently largely broadly initially originally mostly"
)
_NOT_BELIEF_AFTER = wordset("for at during in on under and or by include includes included")


def _considered(doc: Doc, low: list[str], s: int, e: int, lo: int, hi: int) -> bool:
    """Passives of belief only: "is considered (by many) (to be) X", "was seen as X", and
    reduced relatives with "to"/"as" ("a painter generally considered the best": with "is")."""
    prev, _ = _prev_content(low, s, lo, _PASSIVE_SKIP)
    if prev in ("have", "has", "had", "'ve", "having"):
        return False  # "what we have seen as"
    nxt = _w(low, e, lo, hi)
    if nxt == "by":  # "is considered by many to be", "regarded by some as"
        return prev in _PASSIVE_BE and any(w in ("to", "as") for w in low[e + 1 : min(hi, e + 6)])
    if e - s > 1:
        return prev in _PASSIVE_BE or prev == "," or not doc[s - 1].text[:1].isupper()
    if prev not in _PASSIVE_BE or prev == "being":
        return False  # "he considered resigning", "steps being considered": deliberation
    return bool(nxt) and doc[e].is_alpha and nxt not in _NOT_BELIEF_AFTER


_RULES: dict[str, Rule] = {}
for _key in (
    "likely",
    "probable",
    "unlikely",
    "improbable",
    "very likely",
    "highly likely",
    "extremely likely",
    "very unlikely",
    "highly unlikely",
    "extremely unlikely",
):
    _RULES[_key] = _likely
_RULES["possible"] = _possible
_RULES["possibly"] = _possibly
_RULES["perhaps"] = _perhaps
for _key in ("uncertain", "doubtful", "debatable", "questionable"):
    _RULES[_key] = _predicative
_RULES["unclear"] = _unclear
_RULES["considered"] = _considered
for _key in ("may", "might", "could", "may well"):
    _RULES[_key] = _modal
for _key in ("expect", "think", "believe", "suspect", "doubt", "predict", "forecast",
             "anticipate", "reckon", "fear", "set to", "bound to", "faces"):  # fmt: skip
    _RULES[_key] = _verb


def _in_question(low: list[str], e: int, hi: int) -> bool:
    """Whether the clause after token e ends with a question mark."""
    for j in range(e, min(hi, e + 60)):
        text = low[j]
        if text in PUNCT_END:
            return text == "?"
        if text.endswith("?"):
            return True
    return False


FRAME_KEYS = frozenset(
    ("expect", "think", "believe", "suspect", "doubt", "predict", "forecast", "reckon", "fear",
     "anticipate", "no doubt", "certain", "not certain", "far from certain", "not ruled out",
     "uncertain", "questionable", "suggest", "considered")
)  # fmt: skip
_FRAME_REACH = 25
MAX_CUES_PER_SENTENCE = 12
"""More cues than this in one sentence is not prose (a list, a spam page): the rest are skipped."""


class CueFinder:
    """The ``trackrecord_cues`` component: sets ``doc._.trackrecord_hits``."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_key: dict[str, list[Doc]] = {}
        for words, key in surfaces().items():
            if SPECS[key].family != "will":
                by_key.setdefault(key, []).append(Doc(nlp.vocab, words=list(words)))
        for key, docs in by_key.items():
            self.matcher.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        """Find the cues of every candidate sentence of `doc`."""
        ctx: ArticleContext = doc._.trackrecord_ctx
        low = ctx.lower
        strings = doc.vocab.strings
        found: list[tuple[int, int, str, int]] = []
        chunk_ends = [c.tok_end for c in ctx.chunks]
        ci = 0
        for match_id, s, e in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            while ci < len(chunk_ends) - 1 and s >= chunk_ends[ci]:
                ci += 1
            chunk = ctx.chunks[ci]
            lo, hi = chunk.tok_start, chunk.tok_end
            if e > hi:
                continue
            key = strings[match_id]
            rule = _RULES.get(key)
            if rule is not None and not rule(doc, low, s, e, lo, hi):
                continue
            if _in_question(low, e, hi):
                continue
            found.append((s, e, key, ci))
        found.extend(_numeric(ctx))
        found.sort(key=lambda f: (f[0], -f[1]))
        hits: list[Hit] = []
        last_end = -1
        per_chunk: dict[int, int] = {}
        for s, e, key, ci in found:  # sorted by start, longest first: keep the longest
            if s < last_end or per_chunk.get(ci, 0) >= MAX_CUES_PER_SENTENCE:
                continue
            per_chunk[ci] = per_chunk.get(ci, 0) + 1
            last_end = e
            if key == "numeric":
                hits.append(Hit(chunk=ci, key=key, family="numeric", parts=[(s, e)]))
                continue
            spec = SPECS[key]
            hits.append(
                Hit(
                    chunk=ci,
                    key=key,
                    family=spec.family,
                    parts=[(s, e)],
                    kind=spec.kind,
                    frame=key in FRAME_KEYS,
                )
            )
        for hit in hits:
            if hit.key == "no doubt":
                _extend_no_doubt(doc, low, hit, ctx.chunks[hit.chunk].tok_start)
        doc._.trackrecord_hits = _join_frames(doc, low, hits, ctx)
        return doc


_NUMERIC = re.compile(NUMERIC_CUE, re.IGNORECASE)
_NUMERIC_HINT = re.compile(
    r"%|cent|in[\s-]+(?:\d|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred)"
)


def _numeric(ctx: ArticleContext) -> list[tuple[int, int, str, int]]:
    """Stated probabilities ("a 30% chance") as (first token, end token, "numeric", chunk)."""
    out: list[tuple[int, int, str, int]] = []
    text, idx = ctx.doc_text, ctx.idx
    for ci, chunk in enumerate(ctx.chunks):
        sentence = text[chunk.doc_start : chunk.doc_end]
        if not _NUMERIC_HINT.search(sentence):
            continue
        for m in _NUMERIC.finditer(text, chunk.doc_start, chunk.doc_end):
            s = bisect_right(idx, m.start()) - 1
            e = bisect_left(idx, m.end())
            if chunk.tok_start <= s < e <= chunk.tok_end:
                out.append((s, e, "numeric", ci))
    return out


def _extend_no_doubt(doc: Doc, low: list[str], hit: Hit, lo: int) -> None:
    """ "I have no doubt", "there is no doubt": the frame words belong to the cue."""
    s, e = hit.parts[0]
    if s - 1 >= lo and low[s - 1] in ("have", "has", "had", "'ve", "is", "'s", "was"):
        s -= 1
        if s - 1 >= lo and low[s - 1] in PRONOUNS:
            s -= 1
    hit.parts[0] = (s, e)


def _join_frames(doc: Doc, low: list[str], hits: list[Hit], ctx: ArticleContext) -> list[Hit]:
    """Join a belief frame with the hedge (or "will") in its complement into one hit."""
    out: list[Hit] = []
    skip: set[int] = set()
    for n, hit in enumerate(hits):
        if n in skip:
            continue
        if hit.key not in FRAME_KEYS:
            out.append(hit)
            continue
        hi = ctx.chunks[hit.chunk].tok_end
        inner = None
        for m in range(n + 1, len(hits)):
            other = hits[m]
            if other.chunk != hit.chunk or other.first - hit.last > _FRAME_REACH:
                break
            if other.family in ("modal", "phrase", "adjective", "numeric") and _open_between(
                low, hit.last, other.first
            ):
                inner = m
            break
        if inner is not None:
            other = hits[inner]
            skip.add(inner)
            hit.parts = hit.parts + other.parts
            if FAMILY_RANK[other.family] < FAMILY_RANK[hit.family]:
                hit.main = len(hit.parts) - len(other.parts)
                hit.key, hit.family, hit.kind = other.key, other.family, other.kind
            out.append(hit)
            continue
        will = _find_will(low, hit.last, min(hi, hit.last + _FRAME_REACH))
        if will is not None:
            hit.parts.append(will)
            hit.kind = "forecast"
        out.append(hit)
    return out


_CLAUSE_END = frozenset((";", '"', ".", "!", "?", ":", "-", "\u2014", "\u2013", "(", ")"))


def _open_between(low: list[str], a: int, b: int) -> bool:
    """Whether tokens [a, b) stay inside one clause (no quote, dash, semicolon or sentence end)."""
    return all(low[j] not in _CLAUSE_END for j in range(a, b))


def _find_will(low: list[str], a: int, b: int) -> tuple[int, int] | None:
    """The first "will"/"won't"/"'ll" in [a, b), within the same clause."""
    for j in range(a, b):
        w = low[j]
        if w in _CLAUSE_END:
            return None
        if w in ("will", "'ll"):
            return (j, j + 1)
        if w == "wo" and j + 1 < b and low[j + 1] == "n't":
            return (j, j + 2)
    return None


@Language.factory("trackrecord_cues")
def make_cue_finder(nlp: Language, name: str) -> CueFinder:
    """Factory of the ``trackrecord_cues`` component."""
    return CueFinder(nlp)
