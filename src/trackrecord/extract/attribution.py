"""Attribution: who a sentence says holds a view ("X said", "..., said X", "according to X").

Plain-text helpers shared by the holder stage (quotes and reported speech) and the claims stage:
they work on the article string, so they can look at sentences that were never tokenised.
"""

from __future__ import annotations

import re

from trackrecord.extract.lexicon import alternation, wordset
from trackrecord.extract.records import ArticleContext

__all__ = [
    "REPORTING",
    "SENTENCE_SUBJECT",
    "after",
    "before_verb",
    "reported",
    "subject_before",
    "trailing_np",
]

REPORTING = alternation(
    [
        *wordset(
            "said says say told tells added adds warned warns warn argued argues claimed claims "
            "noted notes insisted insists explained explains stressed stresses wrote writes asked "
            "asks declared declares predicted predicts continued continues remarked remarks "
            "replied responded concluded suggested suggests admitted admits acknowledged "
            "acknowledges conceded concedes maintained maintains observed observes announced "
            "announces recalled tweeted cautioned cautions estimated estimates reported reports "
            "believes believed thinks thought expects expected forecast forecasts calculated "
            "calculates felt feels ruled rules argue claim note insist explain stress write "
            "declare predict remark conclude suggest admit acknowledge concede maintain observe "
            "announce caution estimate report understands bet bets betting"
        ),
        "pointed out",
        "points out",
        "point out",
    ]
)
"""Reporting and belief verbs that introduce an attributed view."""

# A noun phrase: no clause punctuation, but initials ("Charles B. Rangel") are allowed.
_NP = r"(?:[A-Z][a-z]{0,3}\.\s|\([^()\n]{1,25}\)|[^,.;:!?\"\u201c\u201d()\n]){1,80}?"
_AFTER_NP_FIRST = re.compile(
    rf"^[\s,\u2014-]*(?P<np>{_NP})\s+(?:has\s+|had\s+|have\s+|also\s+|later\s+)?(?:{REPORTING})\b"
)
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,\u2014-]*(?:{REPORTING})\s+(?P<np>{_NP})\s*(?:[,.;:!?\"\u201c\u201d]|$|\s(?:who|in|on|"
    r"at|to|after|before|during|when|as|from|with|adding)\b)"
)
# '..." Reuters quoted one trader as saying': the one quoted speaks
_QUOTED_AS = re.compile(rf"^[\s,\u2014-]*{_NP}\s+quoted\s+(?P<np>{_NP})\s+as\s+say(?:ing|s)\b")
# "... in 2005, said Kurt Karl": a short adverbial, then the attribution
_AFTER_ADVERBIAL = re.compile(
    rf"^[^.;:!?\"\u201c\u201d]{{0,40}}?,\s*(?:said|says|added|adds|explained|continued)\s+"
    rf"(?P<np>{_NP})(?=[,.;:!?]|$)"
)
_ADDING = re.compile(
    rf"(?:(?:said|says)\s+(?P<a>{_NP})|(?P<b>{_NP})\s+(?:said|says))\s*,\s*adding\s+(?:that\s+)?$"
)
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?P<np>{_NP})(?=[,.;:!?\"\u201c\u201d]|$)")
# "Economists see a 60% chance", "analysts put the odds at", "the bank gives it a 40% chance":
# the verb's subject puts a number on the belief
_GIVES_ODDS = re.compile(
    r"\b(?:see|sees|saw|give|gives|gave|put|puts|estimate|estimates|estimated|assign|assigns|"
    r"assigned)(?:\s+(?:it|this|that|them))?\s+(?:(?:only|just|about|roughly|around)\s+)?"
    r"(?:a|an|the|little|no|some|slim|small|good|high|low|strong)?\s*$"
)
_VERB_AT = re.compile(rf"\b(?:(?:has|had|have|also)\s+)?(?:{REPORTING})\b")
_BOUNDARY = re.compile(
    r"[,.;:!?\"\u201c\u201d()\n]|\b(?:but|and|that|while|because|although|when|if|as|who|which)\b"
)
_CATENATIVE = re.compile(
    r"\s*\b(?:continued|continues|went on|goes on|began|begins|used|wanted|tried|was quick|"
    r"were quick|also)(?:\s+to)?$"
)
_STOP_BEFORE_NOUN = wordset(
    "from to for with by at in on about told said says asked is are was were has have had been "
    "be dismiss dismissed"
)


def trailing_np(text: str) -> str:
    """The last few words of `text` that can be a noun phrase: "told a young woman" → "a young
    woman"."""
    words = text.split()
    out: list[str] = []
    tail = words[-6:]
    for n in range(len(tail) - 1, -1, -1):
        word = tail[n]
        if word.lower() in _STOP_BEFORE_NOUN or word.endswith("ed"):
            break
        if word == "of" and n > 0 and tail[n - 1][:1].islower():
            break  # "the reach of General Motors": the name after "of"
        out.insert(0, word)
        if word.lower() in ("a", "an", "the"):
            break
    return _PAREN.sub("", " ".join(out)).strip(" ,")


_PAREN = re.compile(r"\s*\([^()]*\)")


def subject_before(text: str, end: int, max_words: int = 10) -> tuple[str, int] | None:
    """The noun phrase ending at `end` (the subject of a verb there), and its offset.

    Handles an apposition ("Barry Hugill, a spokesman for Liberty, told" → "Barry Hugill") and a
    relative clause ("a young woman who suggested" → "a young woman").
    """
    start = max(0, end - 120)
    marks = list(_BOUNDARY.finditer(text, start, end))
    cut = marks[-1].end() if marks else start
    np = text[cut:end].strip()
    if not np and marks:
        last = marks[-1]
        if last.group() == "," and len(marks) >= 2 and marks[-2].group() == ",":
            head_end = marks[-2].start()  # skip the apposition between the two commas
            head_start = marks[-3].end() if len(marks) >= 3 else start
            np = text[head_start:head_end].strip()
        elif last.group() in ("who", "which"):
            np = trailing_np(text[start : last.start()])
    if not np and marks and marks[-1].group() == ",":
        # "Erin Murphy, a former aide who went with her, said": the name before the apposition
        first = text.find(",", start, end)
        name = text[start:first].strip() if first > start else ""
        words = name.split()
        if (
            name
            and len(words) <= 4
            and (all(w[:1].isupper() for w in words) or words[0] in ("The", "A", "An"))
        ):
            np = name
    if np.startswith(("a ", "an ")) and marks and marks[-1].group() == ",":
        # "Marc Ostwald, a strategist at Monument Securities told": the name before the role
        name_start = marks[-2].end() if len(marks) >= 2 else start
        name = text[name_start : marks[-1].start()].strip()
        words = name.split()
        if (
            name
            and len(words) <= 4
            and (all(w[:1].isupper() for w in words) or words[0] in ("The", "A", "An"))
        ):
            np = name
    np = _CATENATIVE.sub("", np)  # "X continued to warn": X
    if not np or len(np.split()) > max_words:
        return None
    pos = text.rfind(np, 0, end)
    return (np, pos) if pos >= 0 else None  # a name put together from parts: no single offset


def before_verb(text: str, colon: bool = False) -> tuple[str, int] | None:
    """The speaker named before a quotation that follows: 'X said: "' / 'X told reporters "'.

    With `colon`, the introduction ends in a colon, and a few words may stand between the verb
    and it ('Mr Blair told BBC Radio 4's Today programme: "').
    """
    tail = _BEFORE_COLON if colon else _BEFORE_QUOTE
    last = None
    for m in _VERB_AT.finditer(text):
        if tail.match(text, m.end()):
            last = m
    if last is None:
        return None
    return subject_before(text, last.start())


_BEFORE_QUOTE = re.compile(
    r"(?:\s+(?:that|reporters|journalists|the\s+\w+(?:\s+\w+)?)(?:\s+[^\s\"\u201c\u201d.,;:]+){0,8})?"
    r"[\s,:]*$"
)
_BEFORE_COLON = re.compile(r"(?:\s+[^\s:\"\u201c\u201d.]+){0,7}\s*:\s*$")


def after(text: str) -> tuple[str, int] | None:
    """The speaker named right after a quotation or clause: ', X said' or ', said X'."""
    for pattern in (_QUOTED_AS, _AFTER_NP_FIRST, _AFTER_VERB_FIRST, _AFTER_ADVERBIAL):
        m = pattern.match(text)
        if m and len(m.group("np").split()) <= 10:
            return m.group("np"), m.start("np")
    return None


def reported(
    ctx: ArticleContext, sent_index: int, cue_pos: int, content_end: int
) -> tuple[str, int] | None:
    """Attribution of a non-quoted judgment: according to X / X said (that) / ..., X said.

    Returns:
        The holder phrase and its article offset, or None for the writer's own voice.
    """
    sentence = ctx.sentences[sent_index]
    text = ctx.text[sentence.start : sentence.end]
    m = _ACCORDING.search(text)
    if m:
        return m.group("np"), sentence.start + m.start("np")
    rel_end = max(0, content_end - sentence.start)
    tail = text[rel_end:]
    if tail.lstrip().startswith(","):
        found = after(tail)
        if found:
            return found[0], sentence.start + rel_end + found[1]
    # "... could embrace it as president, but only if ..., Sen. Graham told The Post.": the
    # attribution that closes the sentence covers every clause before it
    cue_rel = max(0, cue_pos - sentence.start)
    commas = [m.start() for m in _COMMA.finditer(text, cue_rel)][-3:]
    for c in reversed(commas):
        found = after(text[c:])
        if found and _CLOSES.match(text, c + found[1] + len(found[0])):
            return found[0], sentence.start + c + found[1]
    head_start = max(0, cue_pos - sentence.start - 300)
    head = text[head_start : max(0, cue_pos - sentence.start)]
    adding = head.rfind(", adding")
    if adding > 0:  # "..., said Mr Jolin, adding that the film was probably ..."
        m = _ADDING.search(head[: head.find("adding", adding) + 6] + " ")
        name = (m.group("a") or m.group("b")) if m else ""
        if name[:1].isupper():  # a name, not a clause: "said that it would merge ..., adding"
            return name, sentence.start + head_start + head.find(name)
    odds = _GIVES_ODDS.search(head)
    if odds:
        found = subject_before(head, odds.start(), 8)
        if found:
            return found[0], sentence.start + head_start + found[1]
    if _PARTICIPLE_REPORT.search(head):
        # "The nominee complained ..., even suggesting he may have been": the sentence's subject
        first = SENTENCE_SUBJECT.match(text)
        if first:
            return first.group("np"), sentence.start + first.start("np")
    # the last reporting verb before the cue; "X found ... and warned that": X
    for lead in reversed(list(_VERB_AT.finditer(head))):
        found = subject_before(head, lead.start(), 8)
        if found:
            return found[0], sentence.start + head_start + found[1]
        if not head[: lead.start()].rstrip().endswith((" and", " but")):
            break
        # "Jolin also tipped X but felt that ...": the sentence's subject
        first = SENTENCE_SUBJECT.match(text)
        if first:
            return first.group("np"), sentence.start + first.start("np")
    return None


_COMMA = re.compile(",")
# after the name: the verb and a short tail to the end of the sentence ("told The Post on Monday.")
_CLOSES = re.compile(r"\s*(?:has\s+|had\s+|also\s+)?\w+(?:\s+[^\s,;:]+){0,8}?\s*[.!?\"\u201d]*\s*$")
_PARTICIPLE_REPORT = re.compile(
    r",\s*(?:even\s+|also\s+|while\s+)?(?:saying|suggesting|adding|arguing|claiming|insisting|"
    r"warning|noting|predicting)\b[^,;:]{0,120}$"
)
SENTENCE_SUBJECT = re.compile(
    r"(?:(?:But|And|So|Yet)\s+)?(?P<np>He|She|They|(?:The|A|An)\s+(?:[A-Z][\w-]*\s+)?[a-z]+(?:\s+(?![a-z]+ed\b)[a-z]+)?"
    r"|(?:[A-Z][\w'\u2019.-]+\s+){0,4}[A-Z][\w'\u2019-]+)\s+(?:also\s+|then\s+)?[a-z]+\b"
)
