"""The last check of ingest: text that every store can hold, and labels that print on one line.

Every article and rejection leaves ingest through `storable` (``parse_bytes``, ``parse_stream``
and ``read_inputs``, so the CLI, ``trackrecord run`` and the web upload alike), with one rule
for SQLite and PostgreSQL:

- **Control characters are removed.** C0 controls other than tab, line feed and carriage return
  (NUL among them) are never content: they are dropped from the text, title, author, outlet and
  URL, and vertical tab and form feed, which separate words, become a space. PostgreSQL cannot
  store a NUL at all, SQLite would keep what PostgreSQL refuses, and a terminal would act on the
  others when the article is shown.
- **A lone surrogate rejects the record.** A ``\\ud800`` escape in JSON with no pair is not a
  character and cannot be written as UTF-8; the record is rejected naming the field, rather than
  stored with a guess. (In HTML and feeds, a character reference to a surrogate, to NUL or past
  U+10FFFF reads as U+FFFD, as HTML parsing defines it and browsers show it.)
- **Labels are escaped.** In the source of an article or rejection and in a rejection's reason,
  controls and surrogates are written as escapes (``\\n``, ``\\x00``; ``\\xff`` for a byte of a
  file name that is not UTF-8), so that each rejection is one line and every source is storable.
"""

from __future__ import annotations

import re

from trackrecord.ingest._common import normalise_paragraphs
from trackrecord.models import Article, Rejection

# The article fields that hold text read from the input.
TEXT_FIELDS = ("text", "title", "author", "outlet", "url")

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WORD_BREAKS = re.compile("[\x0b\x0c]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """`text` without C0 controls other than tab, line feed and carriage return.

    Vertical tab and form feed become a space, the others are removed; text without any is
    returned as it is (the same object).
    """
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _WORD_BREAKS.sub(" ", text))


def surrogate_problem(value: str, what: str) -> str | None:
    """The reason to reject `what` (``field 'title'``) when `value` holds a lone surrogate.

    Returns:
        One line naming the surrogate and where it is, or None when `value` is valid Unicode.
    """
    found = _SURROGATE.search(value)
    if found is None:
        return None
    return (
        f"{what} holds a lone surrogate (\\u{ord(found[0]):04x} at character {found.start() + 1}),"
        " which is not valid Unicode and cannot be stored; fix the escape that makes it (a "
        "\\ud800-\\udfff escape must be half of a pair)"
    )


def label(text: str) -> str:
    """`text` with controls and surrogates written as escapes, to print or store as a label."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that os.fsdecode could not decode
    return found[0].encode("unicode_escape").decode("ascii")


def storable(item: Article | Rejection) -> Article | Rejection:
    """`item` as the stores can hold it and a terminal can show it (see the module's rule).

    Args:
        item: an article or rejection as a reader made it.

    Returns:
        The article with controls removed and its source escaped, or a `Rejection` when one of
        its fields holds a lone surrogate or no text is left; a rejection with its source and
        reason escaped.
    """
    if isinstance(item, Rejection):
        return Rejection(label(item.source), label(item.reason))
    source = label(item.source_path) if item.source_path is not None else None
    where = source or "<input>"
    for name in TEXT_FIELDS:
        value = getattr(item, name)
        if value is not None and (problem := surrogate_problem(value, f"the {name}")):
            return Rejection(where, problem)
    changes: dict[str, str | None] = {}
    for name in TEXT_FIELDS:
        value = getattr(item, name)
        if value is None or (cleaned := strip_controls(value)) is value:
            continue
        if name == "text":
            cleaned = normalise_paragraphs(cleaned)
            if not cleaned:
                return Rejection(where, "no text once its control characters are removed")
            changes[name] = cleaned
        else:
            changes[name] = cleaned.strip() or None
    if source != item.source_path:
        changes["source_path"] = source
    return item.replace(**changes) if changes else item
