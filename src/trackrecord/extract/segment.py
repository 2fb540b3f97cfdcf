"""Sentence segmentation: a fast, offset-exact splitter made for news text.

spaCy's rule-based sentencizer needs a tokenised ``Doc``; tokenising a whole article is the most
expensive step of the pipeline, and most sentences carry no judgment. This splitter works on the raw
string with a few compiled regular expressions (linear time, no backtracking), so the pipeline can
tokenise only the sentences that may hold a cue.

Conventions:

* Blank lines separate paragraphs and every line ends a sentence: headlines, captions, bylines and
  section labels are their own units. A line that continues a hard-wrapped sentence (the line before
  it has no closing punctuation and this one starts in lower case) is joined to it.
* ``.``, ``!``, ``?`` and ``…`` (with any closing quotes or brackets) end a sentence when the next
  word starts a new one; abbreviations ("Mr.", "U.S.", "Jan.") and initials ("J. Smith") do not.
* Over-long runs without punctuation are cut at a space near `MAX_SENTENCE_CHARS`.
* Page furniture (alt text, captions, bylines, labels) is flagged, not dropped, so that offsets stay
  exact and the caller decides.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from trackrecord.extract.lexicon import wordset

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "segment"]

MAX_SENTENCE_CHARS = 1000
"""Longest sentence handed to the tokenizer; longer runs are split at whitespace."""

_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_NON_SPACE = re.compile(r"\S")
# Sentence-final punctuation plus closing quotes/brackets, when followed by whitespace or the end.
# Only before what can open a sentence (not a lower-case letter: '"Why?" he asked').
_BOUNDARY = re.compile(r"(?P<p>[.!?\u2026]+[\"'\u201d\u2019)\]]*)\s+(?=(?P<c>[^\sa-z]))")
_DOTTED = re.compile(r"(?:[a-z]\.){1,3}[a-z]$")  # "u.s", "e.g", "a.m" (the final period is cut)
_OPENERS = "\"'\u201c\u2018([\u2014-"
_TERMINAL = ".!?\u2026\"'\u201d\u2019):;"

# Never end a sentence: titles and other abbreviations that precede a name or number.
_TITLES = wordset(
    "mr mrs ms dr prof st gen col lt sgt capt cmdr adm gov sen rep rev fr hon pres supt insp "
    "no nos vs v fig figs approx dept est mt ft jr sr messrs mme mlle op vol pp p cf"
)
# End a sentence only when the next word is a usual sentence opener ("... the U.S. The").
_SOMETIMES = wordset(
    "u.s u.k u.n e.u u.s.a a.m p.m etc inc corp co ltd bros plc jan feb mar apr jun jul aug sep "
    "sept oct nov dec e.g i.e al"
)
_OPENER_WORDS = wordset(
    "the a an he she it they we i you but and this that these those in on at as so however "
    "meanwhile there his her its their our if when while after before mr mrs ms dr yet still "
    "now then also for since although though what who why how where one some many most"
)

_NUMBER_OPENERS = wordset("one two three four five six seven eight nine ten twenty")

_CAPTION = re.compile(
    r"\((?:left|right|centre|center|pictured|above|below|top|bottom|file|inset)\b"
    r"|\b(?:Photograph|Photo|Image|Picture|Credit|Illustration|Video|Caption)\s*:"
    r"|Getty Images|Image copyright|Image caption|Media playback|\u00a9",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"[a-z]+[A-Z]")  # "eBay", "iPod": brand names may open a paragraph
_CAPTION_CHARS = 400  # captions are short: longer lines are not searched for caption marks
_CAPTION_WORDS = 15  # an unpunctuated one-sentence line after the body began, up to this long
_BYLINE = re.compile(r"(?:By|Written by|Reporting by|Additional reporting by)\s+[A-Z]")


class Sentence(NamedTuple):
    """One sentence (or line) of an article.

    Attributes:
        start: offset of its first non-space character in the article text.
        end: offset just past its last non-space character.
        line: index of the line (or group of wrapped lines) it belongs to.
        furniture: True for captions, alt text, bylines and labels: not article prose.
        headline: True for an unpunctuated line before the body (a headline or standfirst).
    """

    start: int
    end: int
    line: int
    furniture: bool = False
    headline: bool = False


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) with surrounding spaces trimmed, wrapped lines joined."""
    out: list[tuple[int, int]] = []
    prev_end = -1
    for m in _LINE.finditer(text):
        first = _NON_SPACE.search(text, m.start(), m.end())
        if first is None:
            prev_end = -1  # a blank line: the next line starts a new paragraph
            continue
        s = first.start()
        e = s + len(text[s : m.end()].rstrip())
        if out and prev_end >= 0 and _continues(text, out[-1], s, m.start()):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        prev_end = e
    return out


def _continues(text: str, prev: tuple[int, int], s: int, line_start: int) -> bool:
    """Whether the line at `s` continues the hard-wrapped line `prev` (no blank line between)."""
    if text.count("\n", prev[1], line_start) + text.count("\r", prev[1], line_start) > 1:
        return False
    if text[prev[1] - 1] in _TERMINAL:
        return False
    return text[s].islower()


def _is_abbreviation(text: str, line_start: int, pos: int, nxt: int, line_end: int) -> bool:
    """Whether the period at `pos` belongs to an abbreviation and does not end the sentence."""
    if pos - 7 >= line_start and text[pos - 1].islower() and text[pos - 7 : pos].isalpha():
        return False  # the common case: a long lower-case word ends the sentence
    words = text[max(line_start, pos - 20) : pos].split()
    if not words:
        return False
    word = words[-1].lstrip("\"'\u201c\u2018([").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    if word in _TITLES:
        return True
    if word in _SOMETIMES or _DOTTED.match(word):
        w = re.match(r"[A-Za-z']+", text[nxt : min(line_end, nxt + 20)])
        return not (w and w.group().lower() in _OPENER_WORDS)
    return False


def _split_line(text: str, s: int, e: int, line: int) -> list[tuple[int, int]]:
    """Sentence spans inside one line."""
    spans: list[tuple[int, int]] = []
    cur = s
    for m in _BOUNDARY.finditer(text, s, e):
        c = m.group("c")
        if c.islower():
            continue  # '"Why?" he asked', "e.g. this"
        if not (c.isupper() or c.isdigit() or c in _OPENERS or not c.isalpha()):
            continue
        if m.group("p") == "." and _is_abbreviation(text, s, m.start(), m.end(), e):
            continue
        spans.append((cur, m.end("p")))
        cur = m.end()
    spans.append((cur, e))
    return spans


def _cap(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split an over-long span at whitespace so that no piece exceeds MAX_SENTENCE_CHARS."""
    out: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE_CHARS:
        limit = s + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", s + MAX_SENTENCE_CHARS // 2, limit), -1)
        if cut <= s:
            cut = limit
            out.append((s, cut))
            s = cut
        else:
            out.append((s, cut))
            s = cut + 1
        first = _NON_SPACE.search(text, s, e)
        if first is None:
            return out
        s = first.start()
    out.append((s, e))
    return out


def _furniture(text: str, s: int, e: int, body_started: bool, sentences: int) -> tuple[bool, bool]:
    """(furniture, headline) flags of the line text[s:e] holding `sentences` sentences."""
    line = text[s:e]
    lead = line.lstrip(_OPENERS)
    if lead[:1].islower() and not _CAMEL.match(lead):
        return True, False  # alt text and similar: "north korean leader with putin"
    if len(line) <= _CAPTION_CHARS and _CAPTION.search(line):
        return True, False
    words = line.count(" ") + 1
    if _BYLINE.match(line) and words <= 10:
        return True, False
    if line[-1] not in _TERMINAL and sentences == 1:
        if words <= 3 or (body_started and words <= _CAPTION_WORDS):
            return True, False  # section labels, subheads, captions after the body began
        return False, not body_started
    return False, False


_GLUE = re.compile(
    r"(?<=[a-z0-9'\u2019\"\u201d%)])\s+(?=(?:"
    + "|".join(sorted(w.capitalize() for w in _OPENER_WORDS | _NUMBER_OPENERS))
    + r")\s+[A-Za-z])"
)
_HEADLINE_WORDS = (3, 16)
_NO_HEADLINE_END = wordset(
    "said says say told tells of the a an in on at by for with from and or that which who whom "
    "to as than about into onto over under like called named dubbed"
)


def _glued_headline(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A headline glued to the first sentence with one space, as in some plain-text dumps.

    Only where a lower-case word (or a closing quote) is followed by a capitalised sentence
    opener ("... to end Ten years of ...", "... 'major risks' The UK ..."), a few words in and
    with no sentence punctuation before: (headline end, body start) or None.
    """
    m = _GLUE.search(text, s, min(e, s + 160))
    if m is None:
        return None
    head = text[s : m.start()]
    words = head.split()
    if not _HEADLINE_WORDS[0] <= len(words) <= _HEADLINE_WORDS[1] or "." in head:
        return None
    if words[-1].lower() in _NO_HEADLINE_END:
        return None  # "The man who said The Times ...": one sentence naming something
    return m.start(), m.end()


def segment(text: str) -> list[Sentence]:
    """Split an article into sentences with exact character offsets.

    Args:
        text: the article text (any string; never raises).

    Returns:
        The sentences in order, each with ``text[s.start:s.end]`` its exact text (no surrounding
        whitespace) and flags for page furniture and headlines.
    """
    out: list[Sentence] = []
    body_started = False
    for n, (s, e) in enumerate(_lines(text)):
        spans = _split_line(text, s, e, n)
        if n == 0 and len(spans) > 1:
            glued = _glued_headline(text, *spans[0])
            if glued is not None:  # "UK economy facing 'major risks' The UK manufacturing ..."
                out.append(Sentence(s, glued[0], n, False, True))
                spans[0] = (glued[1], spans[0][1])
                body_started = True
        furniture, headline = _furniture(text, s, e, body_started, len(spans))
        if not furniture and not headline and (len(spans) > 1 or text[e - 1] in ".!?\u2026"):
            body_started = True
        for a, b in spans:
            for cs, ce in _cap(text, a, b):
                out.append(Sentence(cs, ce, n, furniture, headline))
    return out
