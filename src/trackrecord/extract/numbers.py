"""Quantities as written in news text: "more than 162,500", "$1.3bn", "18%", "one in five".

`find_quantities` returns each quantity with its value, qualifier and unit; years, dates, times,
ordinals, numbers inside names ("G7", "COVID-19", "Channel 4") and stated probabilities ("a 30%
chance", which are judgments) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trackrecord.extract.lexicon import alternation, wordset

__all__ = ["Quantity", "find_quantities", "parse_number"]

_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12, "half": 0.5,
}  # fmt: skip
_MULT = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
    "bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip
_QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "above": "more_than", "at least": "more_than",
    "just over": "more_than", "as many as": "more_than", "as much as": "more_than",
    "upwards of": "more_than", "in excess of": "more_than",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than",
    "below": "less_than", "up to": "less_than", "just under": "less_than",
    "about": "about", "around": "about", "roughly": "about", "some": "about",
    "approximately": "about", "nearly": "about", "almost": "about", "close to": "about",
    "an estimated": "about", "estimated": "about",
    "exactly": "exactly", "precisely": "exactly",
}  # fmt: skip
_NUM_WORDS = [w for w in _WORDS if w != "half"]
_NUM_WORD = alternation(_NUM_WORDS + [w.capitalize() for w in _NUM_WORDS])
# Anchored on the number itself (a digit, or a number word before a multiplier or "in"): the
# scan stops only where a quantity can start; the qualifier before it is checked separately.
_TAIL = (
    r"(?:\s?(?:-|\u2013|to)\s?(?:[$\u00a3\u20ac])?\d+(?:[.,]\d+)*)?"
    r"(?:[\s-]?(?P<mult>hundred|thousand|million|billion|trillion|bn|mn|tn|m|k)(?![a-z]))?"
    rf"(?:[\s-]+in[\s-]+(?P<ratio>\d+|{_NUM_WORD}))?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b|percentage points?\b))?"
)
_QUANTITY = re.compile(
    r"(?=[\dUA$\u00a3\u20ac\u00a5])(?P<cur>US\$|A\$|[$\u00a3\u20ac\u00a5])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)" + _TAIL
)
_WORD_QUANTITY = re.compile(
    rf"\b(?P<word>{_NUM_WORD})(?=[\s-]+(?:hundred|thousand|million|billion|trillion|in\s))" + _TAIL
)
_WORD_HINT = re.compile(
    r"hundred|thousand|million|billion|trillion"
    r"|(?i:\b(?:one|an?|two|three|four|five|six|seven|eight|nine|ten)[\s-]in[\s-])"
)
_BEFORE_NUMBER = frozenset("._,$\u00a3\u20ac-")
_MONTH_AFTER = re.compile(
    r"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
)
_PROBABILITY_AFTER = re.compile(r"(?i)^[\s-]*(?:chance|probability|likelihood|likely|odds|risk)")
_UNIT_WORD = re.compile(r"[\s-]*([A-Za-z][A-Za-z'-]*)")
_UNIT_STOP = wordset(
    "in on at to from of for by with and or the a an was were is are be been have has had will "
    "would could can may might than since last this that which who per each after before during "
    "over under between into across while as its their his her it they he she we year years "
    "ago more less up down higher lower rise rose fall fell one two three four five six seven "
    "eight nine ten twelve day days week weeks month months earlier later previously"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in text.

    Attributes:
        value: the number (multipliers applied: "$1.3bn" → 1.3e9; ratios: "one in five" → 0.2).
        qualifier: more_than, less_than, about or exactly.
        unit: "%", a currency sign, or the counted noun ("Russian personnel"), when given.
        start: offset of the quantity in the searched text.
        end: offset just past it.
    """

    value: float
    qualifier: str
    unit: str | None
    start: int
    end: int


def parse_number(text: str) -> float | None:
    """A number written with digits or words: "162,500" → 162500, "a thousand" → 1000."""
    for q in find_quantities(text):
        return q.value
    return None


def _unit(text: str, end: int) -> str | None:
    words: list[str] = []
    pos = end
    while len(words) < 3:
        m = _UNIT_WORD.match(text, pos)
        if m is None or m.group(1).lower() in _UNIT_STOP:
            break
        words.append(m.group(1))
        pos = m.end()
    return " ".join(words) or None


def _qualifier(text: str, at: int) -> tuple[str, int]:
    """The qualifier written just before offset `at` ("more than", "about") and its offset."""
    window = text[max(0, at - 24) : at]
    if not window.endswith((" ", "\u00a0")):
        return "exactly", at
    words = window.split()
    for n in (3, 2, 1):
        if len(words) >= n:
            phrase = " ".join(words[-n:]).lower()
            if phrase in _QUALIFIERS:
                return _QUALIFIERS[phrase], text.rfind(words[-n], 0, at)
    return "exactly", at


_YEAR = re.compile(r"(?:19|20)\d\d")
_SPAN_OF_TIME = re.compile(
    r"[\s-](?:year|month|week|day|hour|decade|century)[\s-]+"
    r"(?:low|lows|high|highs|record|peak|trough|plan|programme|program|deal|contract|term|old|"
    r"history|period|lease|ban|sentence|mortgage|bond|bonds|yields?|rates?)\b"
)
_COUNTED = re.compile(r"\s+[a-z]+s\b")
_ORDINAL_OR_TIME = re.compile(r"(?:st|nd|rd|th|am|pm|a\.m|p\.m)\b|[:.]\d")
_CLOCK = re.compile(r"\d{1,2}[.:]\d\d")
_MONTHS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sept sep oct nov dec"
)


def _bare_number_is_not_a_quantity(text: str, num: str, at: int, end: int) -> bool:
    """Years, dates, times, ordinals and numbers in names ("Channel 4")."""
    after = text[end : end + 20]
    before = text[max(0, at - 12) : at]
    if _YEAR.fullmatch(num) and not _COUNTED.match(after):
        return True  # a year
    last = before.split()[-1:] if before.endswith(" ") else []
    if last and last[0].rstrip(".").lower() in _MONTHS:
        return True  # "April 2019", "Sept. 11"
    if _MONTH_AFTER.match(text, end):
        return True  # "3 March"
    if _ORDINAL_OR_TIME.match(after) or (before.endswith("at ") and _CLOCK.fullmatch(num)):
        return True  # ordinals and times
    # part of a name: "Channel 4", "Level 3" (a capitalised word, not a sentence end, before)
    return bool(last) and last[0][:1].isupper() and not last[0].endswith(".")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order (see the module docstring for what is left out)."""
    out: list[Quantity] = []
    matches = list(_QUANTITY.finditer(text))
    if _WORD_HINT.search(text):
        matches += _WORD_QUANTITY.finditer(text)
        matches.sort(key=lambda m: m.start())
    for m in matches:
        digits = m.re is _QUANTITY
        num = m.group("num") if digits else None
        word = None if digits else m.group("word")
        if num is None and word is None:
            continue
        at, end = m.start(), m.end()
        if at and (text[at - 1].isalnum() or text[at - 1] in _BEFORE_NUMBER):
            continue  # inside a word or a longer number: "G7", "COVID-19", "1.5"
        after = text[end : end + 20]
        if _PROBABILITY_AFTER.match(after):
            continue  # "a 30% chance" is a judgment, not a claim
        if after.startswith(("-year-old", "-year old", " year-old", " years old")):
            continue  # an age
        if _SPAN_OF_TIME.match(after):
            continue  # "a 30-year low", "its 10-year plan": a span of time describing a noun
        qual, start = _qualifier(text, at)
        mult, pct, ratio = m.group("mult"), m.group("pct"), m.group("ratio")
        cur = m.group("cur") if digits else None
        if (
            num is not None
            and not (mult or pct or cur or ratio or start != at)
            and _bare_number_is_not_a_quantity(text, num, at, end)
        ):
            continue
        value = (
            float(num.replace(",", "")) if num is not None else float(_WORDS[(word or "").lower()])
        )
        unit: str | None
        if ratio is not None:
            den = float(ratio) if ratio.isdigit() else float(_WORDS.get(ratio.lower(), 0))
            if not den:
                continue
            value, unit = value / den, _unit(text, end)
        else:
            if mult:
                value *= _MULT[mult.lower()]
            if pct:
                unit = "%" if pct.startswith(("%", "per", "Per")) else pct
            elif cur:
                unit = cur
            else:
                unit = _unit(text, end)
        out.append(Quantity(value, qual, unit, start, end))
    return out
