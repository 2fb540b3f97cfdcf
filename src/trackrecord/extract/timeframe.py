"""Time frame: the deadline a forecast sets, resolved against the publication date.

Regular expressions find the time expression in the judged clause ("by next year", "before 2025",
"in 2016", "over the next two years", "by the end of March", "within six months"); calendar dates
with a day ("by 3 March 2005") go through ``dateparser``. Conventions:

- a year, month or week means its last day ("by 2010" → 2010-12-31, "next month" → its last day);
  "before X" means the day before X begins ("before 2025" → 2024-12-31), but "before the end of
  X" is X's end;
- "early", "mid" and "late", "the start", "the middle" and "the end" pick a point inside it;
- "the week", "the year" are the current ones; "year-end" is 31 December; a season with no year
  ("by the summer") is the next one to end after publication;
- relative expressions need the publication date; without one they stay unresolved (None);
- a date before publication is no deadline (None): "In 2016, Russia ..." reports the past.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from trackrecord.extract.records import ArticleContext

__all__ = ["resolve_timeframe", "timeframe_component"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
}  # fmt: skip
_MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_PART = (
    r"(?:(?P<part>end|close|middle|start|beginning|first half|second half|first quarter|"
    r"second quarter|third quarter|fourth quarter|spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?"
)
_PRE = (
    r"(?:(?P<pre>by|before|until|till|in|during|within|through|throughout|for|from|after|since"
    r"|on)\s+)?"
)
_REL = re.compile(
    rf"(?i)\b{_PRE}(?:the\s+)?{_PART}(?P<rel>next|this|the coming|coming|the following|"
    r"following|the current|current|later this|the)\s+(?P<unit>year|month|week|decade|quarter)\b"
)
# "by year-end", "by the year's end": the end of the current year
_YEAR_END = re.compile(
    r"(?i)\b(?:by|before|at|until|till)\s+(?:the\s+)?(?:year[-\s]end|year's\s+end)\b"
)
# "by the summer" with no year: the next one to end after publication
_SEASON = re.compile(
    r"(?i)\b(?:by|before|in|during|until|till|over)\s+the\s+"
    r"(?P<season>spring|summer|autumn|fall|winter)\b(?!\s+of\b|\s+(?:19|20)\d\d)"
)
_YEAR = re.compile(
    rf"(?i)(?<![\w$\u00a3\u20ac.,-]){_PRE}(?:the\s+)?{_PART}(?:(?P<early>early|mid|late)[-\s]+)?"
    r"(?P<year>(?:19|20)\d\d)(?![\w%]|[.,]\d|-\d\d\b)"
)
_SPAN = re.compile(
    r"(?i)\b(?P<pre>within|in|over|for)\s+(?:the\s+)?(?:next|coming|following)?\s*"
    r"(?:\d{1,3}\s*[-\u2013]\s*|(?:\w+\s+(?:or|to)\s+))?"
    r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|twenty)\s+(?P<unit>days?|weeks?|months?|years?|decades?)\b"
)
_MONTH = re.compile(
    r"\b(?P<pre>[Bb]y|[Bb]efore|[Uu]ntil|[Ii]n|[Oo]n|[Dd]uring)\s+(?:the\s+)?"
    r"(?:(?P<part>end|middle|start|beginning)\s+of\s+)?(?:(?P<early>early|mid|late)[-\s]+)?"
    rf"(?P<month>{_MONTH_NAMES})(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d{{1,2}}\b)"
)
_DAY = re.compile(
    r"\b(?P<pre>[Bb]y|[Bb]efore|[Uu]ntil|[Oo]n)\s+(?:the\s+)?(?P<date>"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}(?:,?\s+(?:19|20)\d\d)?"
    rf"|{_MONTH_NAMES}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?)"
)
_TOMORROW = re.compile(r"(?i)\btomorrow\b")
_UNITS = re.compile(r"(?i)year|month|week|decade|quarter|day")
_MONTH_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_YEARISH = re.compile(r"(?:19|20)\d\d")
# Every expression above holds a digit, a unit of time or a month: a cheap first test.
_ANY_TIME = re.compile(
    r"\d|(?i:tomorrow|year|month|week|decade|quarter|day|spring|summer|autumn|fall|winter)"
    r"|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)

_PART_MONTH_DAY = {
    "start": (1, 31), "beginning": (1, 31), "early": (3, 31), "first quarter": (3, 31),
    "middle": (6, 30), "mid": (6, 30), "first half": (6, 30), "second quarter": (6, 30),
    "spring": (5, 31), "summer": (8, 31), "third quarter": (9, 30), "autumn": (11, 30),
    "fall": (11, 30),
}  # fmt: skip


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _in_year(year: int, part: str | None, early: str | None) -> date:
    key = (early or part or "").lower()
    if key == "winter":
        return _end_of_month(year + 1, 2)
    if key in _PART_MONTH_DAY:
        month, day = _PART_MONTH_DAY[key]
        return date(year, month, day)
    return date(year, 12, 31)


def _add_months(base: date, months: int) -> date:
    month = base.month - 1 + months
    year = base.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def _relative(m: re.Match[str], base: date) -> date | None:
    rel = m.group("rel").lower()
    unit = m.group("unit").lower()
    ahead = 0 if rel in ("this", "the current", "current", "later this", "the") else 1
    part = (m.group("part") or "").lower() or None
    if unit == "year":
        return _in_year(base.year + ahead, part, None)
    if unit == "month":
        first = _add_months(base.replace(day=1), ahead)
        if part in ("start", "beginning"):
            return first.replace(day=10)
        if part == "middle":
            return first.replace(day=15)
        return _end_of_month(first.year, first.month)
    if unit == "week":
        return base + timedelta(days=6 - base.weekday() + 7 * ahead)
    if unit == "quarter":
        q_end_month = ((base.month - 1) // 3 + 1 + ahead) * 3
        return _end_of_month(base.year + (q_end_month - 1) // 12, (q_end_month - 1) % 12 + 1)
    decade = base.year // 10 * 10 + 10 * ahead
    return date(decade + 9, 12, 31)


def _span(m: re.Match[str], base: date) -> date | None:
    n_text = m.group("n").lower()
    n = int(n_text) if n_text.isdigit() else _NUMBERS.get(n_text)
    if n is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    if unit == "day":
        return base + timedelta(days=n)
    if unit == "week":
        return base + timedelta(weeks=n)
    if unit == "month":
        return _add_months(base, n)
    years = n * (10 if unit == "decade" else 1)
    return _add_months(base, 12 * years)


def _month(m: re.Match[str], base: date | None) -> date | None:
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    year_text = m.group("year")
    if year_text:
        year = int(year_text)
    elif base is not None:
        year = base.year if month >= base.month else base.year + 1
    else:
        return None
    point = (m.group("early") or m.group("part") or "").lower()
    if m.group("pre").lower() == "before" and not point:
        return date(year, month, 1) - timedelta(days=1)  # "before the end of March": its end
    if point in ("early", "start", "beginning"):
        return date(year, month, 10)
    if point in ("mid", "middle"):
        return date(year, month, 20)
    return _end_of_month(year, month)


def _day(text: str, base: date | None) -> date | None:
    import dateparser  # imported on first use: rare, and slow to import

    settings: dict[str, object] = {"PREFER_DATES_FROM": "future"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    elif not re.search(r"(?:19|20)\d\d", text):
        return None
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def resolve_timeframe(text: str, published: date | None) -> date | None:
    """The deadline stated in `text`, resolved against `published`.

    Args:
        text: the judged clause (or sentence).
        published: the publication date; relative expressions need it.

    Returns:
        The latest date by which the judged event is said to happen (the latest of several:
        "in both 2005 and 2006" → 2006-12-31), or None when no deadline is stated (or every
        one lies before publication, or beyond the calendar: "within 800 decades").
    """
    try:
        return _resolve(text, published)
    except (ValueError, OverflowError):
        # Date arithmetic past year 9999 (or before year 1): no deadline a question could use.
        return None


def _resolve(text: str, published: date | None) -> date | None:
    if not _ANY_TIME.search(text):
        return None
    units = _UNITS.search(text) is not None
    months = _MONTH_WORD.search(text) is not None
    found: list[tuple[int, date]] = []
    dated: list[tuple[int, int]] = []  # spans of day and month dates: their years are theirs
    for m in _DAY.finditer(text) if months else ():
        d = _day(m.group("date"), published)
        if d is not None:
            if m.group("pre").lower() == "before":
                d -= timedelta(days=1)
            found.append((m.start(), d))
            dated.append(m.span())
    for m in _MONTH.finditer(text) if months else ():
        if any(a <= m.start() < b for a, b in dated):
            continue
        d = _month(m, published)
        if d is not None:
            found.append((m.start(), d))
            dated.append(m.span())
    if published is not None:
        for m in _TOMORROW.finditer(text):
            found.append((m.start(), published + timedelta(days=1)))
    if published is not None and units:
        for m in _REL.finditer(text):
            if (m.group("pre") or "").lower() in ("since", "from", "after"):
                continue
            d = _relative(m, published)
            if d is not None and (m.group("pre") or "").lower() == "before" and not m.group("part"):
                d = _relative_before(m, published)  # "before the end of next year": its end
            if d is not None:
                found.append((m.start(), d))
        for m in _SPAN.finditer(text):
            d = _span(m, published)
            if d is not None:
                found.append((m.start(), d))
        for m in _YEAR_END.finditer(text):
            found.append((m.start(), date(published.year, 12, 31)))
    if published is not None:
        for m in _SEASON.finditer(text):
            season = m.group("season").lower()
            d = _in_year(published.year, season, None)
            found.append(
                (m.start(), d if d >= published else _in_year(published.year + 1, season, None))
            )
    for m in _YEAR.finditer(text) if _YEARISH.search(text) else ():
        pre = (m.group("pre") or "").lower()
        if pre in ("since", "from", "after", "on") or any(
            a <= m.start("year") < b for a, b in dated
        ):
            continue
        year = int(m.group("year"))
        if pre == "before" and not (m.group("part") or m.group("early")):
            found.append((m.start(), date(year - 1, 12, 31)))
        else:
            found.append((m.start(), _in_year(year, m.group("part"), m.group("early"))))
    valid = [d for _, d in found if published is None or d >= published]
    return max(valid) if valid else None


def _relative_before(m: re.Match[str], base: date) -> date | None:
    """ "before next year" → the last day of this year; "before next month" likewise."""
    unit = m.group("unit").lower()
    rel = m.group("rel").lower()
    if unit == "year":
        return date(base.year if rel not in ("this",) else base.year - 1, 12, 31)
    if unit == "month":
        first = _add_months(base.replace(day=1), 1 if rel != "this" else 0)
        return first - timedelta(days=1)
    return _relative(m, base)


@Language.component("trackrecord_timeframe")
def timeframe_component(doc: Doc) -> Doc:
    """Set the deadline of every forecast from its judged clause."""
    ctx: ArticleContext = doc._.trackrecord_ctx
    per_sentence: dict[int, date | None] = {}
    for hit in doc._.trackrecord_hits:
        if hit.kind == "forecast":
            chunk = ctx.chunks[hit.chunk]
            clause = ctx.doc_text[hit.content[0] : hit.content[1]]
            found = resolve_timeframe(clause, ctx.published)
            if found is None and (hit.content[0], hit.content[1]) != (
                chunk.doc_start,
                chunk.doc_end,
            ):
                if hit.chunk not in per_sentence:
                    sentence = ctx.doc_text[chunk.doc_start : chunk.doc_end]
                    per_sentence[hit.chunk] = resolve_timeframe(sentence, ctx.published)
                found = per_sentence[hit.chunk]
            hit.timeframe_end = found
    return doc
