"""JSON Lines: one article per line, as an object with ``text`` or ``html``.

Optional fields: ``title``, ``author``, ``outlet``, ``url``, ``published`` (a date string);
others are ignored. A bad line is reported as ``path#line-N`` and the other lines go on. Lines
are read one at a time from the stream, each up to the size limit: a longer one is skipped
unread and reported, so a shard of many GB takes no more memory than its longest line.

Whatever a line holds is that line's problem alone: JSON nested deeper than Python's reader
goes (about a thousand levels, even in an ignored field), a number of thousands of digits, a
lone surrogate escape (``"\\ud800"``) in a field that is read, a date outside the years 1 to
9999 once in UTC; each rejects the line, naming what is wrong, and the next line is read.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from typing import IO, Any

from trackrecord.errors import InputError
from trackrecord.ingest._common import normalise_paragraphs, one_line, parse_date
from trackrecord.ingest.clean import surrogate_problem
from trackrecord.ingest.html import read_html
from trackrecord.ingest.streams import CHUNK, too_big
from trackrecord.models import Article, Rejection

_OPTIONAL = ("title", "author", "outlet", "url", "published")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}  # fmt: skip
_DOCUMENT = (
    "a JSON document, not JSON Lines; put one object per line (e.g. jq -c '.[]' for an array)"
)
_TOO_DEEP = (
    "JSON nested too deeply (Python's JSON reader stops at about 1,000 levels); flatten the "
    "record or drop the deep field"
)


def parse(data: bytes, source: str, max_bytes: int) -> Iterator[Article | Rejection]:
    """Read the articles of a JSON Lines file's bytes (see `read`)."""
    return read(io.BytesIO(data), source, max_bytes, whole=data)


def read(
    stream: IO[bytes], source: str, max_bytes: int, *, whole: bytes | None = None
) -> Iterator[Article | Rejection]:
    """Read the articles of a JSON Lines stream, one line at a time.

    When the first line is not a JSON object, the input may be one JSON document instead (an
    array, or a pretty-printed object): that is reported once for the whole input. `whole`
    settles it exactly; a stream is judged by that first line.

    Args:
        stream: the lines, UTF-8.
        source: the path to report; lines are reported as ``source#line-N``.
        max_bytes: the longest line read; a longer one is reported and skipped.
        whole: the entire input, when it is in memory.

    Yields:
        An article per good line, a `Rejection` per bad one, and a final `Rejection` when the
        stream cannot be read to its end (a truncated gzip file).
    """
    first = True
    lines = _lines(stream, max_bytes)
    for number in itertools.count(1):
        where = f"{source}#line-{number}"
        try:
            raw = next(lines, None)
        except InputError as err:
            yield Rejection(where, err.message)
            return
        except OSError as err:
            yield Rejection(where, f"cannot read: {err.strerror or err}")
            return
        if raw is None:
            return
        item: Article | Rejection
        if isinstance(raw, int):
            item = Rejection(where, too_big(raw, max_bytes, "raise the limit to read it"))
        elif not raw.strip():
            continue
        else:
            try:
                item = _article(_load(raw, number), where)
            except _BadLine as err:
                if first and _is_document(raw, whole):
                    yield Rejection(source, _DOCUMENT)
                    return
                item = Rejection(where, err.message)
            except InputError as err:
                item = Rejection(where, err.message)
        first = False
        yield item


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | int]:
    """Each line of the stream, or the size of a line over `max_bytes`, which is skipped."""
    while line := stream.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := stream.readline(CHUNK)):
            size += len(line)
        yield size - 1 if line.endswith(b"\n") else size  # the line end is not counted


class _BadLine(InputError):
    """A line that is not a JSON object at all (as opposed to an object with bad fields)."""


def _load(raw: bytes, number: int) -> dict[str, Any]:
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as err:
        raise _BadLine(f"not valid UTF-8 (bad byte at offset {err.start} of the line)") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise _BadLine(f"invalid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise _BadLine(_TOO_DEEP) from None
    except ValueError as err:  # a number of more digits than Python converts
        raise _BadLine(f"unreadable JSON ({one_line(str(err).split(';')[0])})") from None
    if not isinstance(record, dict):
        raise _BadLine(f"expected a JSON object, got {_JSON_TYPES.get(type(record), 'a value')}")
    return record


def _article(record: dict[str, Any], where: str) -> Article:
    for key in ("text", "html", *_OPTIONAL):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(
                f"field {key!r} must be a string, not {_JSON_TYPES.get(type(value), 'a value')}"
            )
        if value is not None and (problem := surrogate_problem(value, f"field {key!r}")):
            raise InputError(problem)
    published = None
    if record.get("published"):
        try:
            published = parse_date(record["published"])
        except InputError as err:
            raise InputError(f"field 'published': {err.message}") from None
        if published is None:
            raise InputError(
                f"cannot read the date in 'published': {one_line(repr(record['published']), 60)}; "
                "use ISO 8601, e.g. 2024-10-23 or 2024-10-23T14:00:00Z"
            )
    fields = {key: record.get(key) or None for key in ("title", "author", "outlet", "url")}
    if record.get("text") and record["text"].strip():
        article = Article(text=normalise_paragraphs(record["text"]), source_path=where)
    elif record.get("html") and record["html"].strip():
        article = read_html(record["html"], where, url=fields["url"], format="jsonl")
    else:
        raise InputError("no article text: give a non-empty 'text' or 'html' field")
    # The record's own fields win over what the page says about itself.
    given = {key: value for key, value in fields.items() if value is not None}
    if published is not None:
        given["published_at"] = published
    return article.replace(format="jsonl", **given)


def _is_document(first: bytes, whole: bytes | None) -> bool:
    """Whether the input is one JSON object or array (pretty-printed, or an array).

    Without the whole input, its first line decides: an array, or JSON that breaks off at the
    end of the line (``{`` or ``[{"text": "..."},`` starting a pretty-printed document).
    """
    if whole is not None:
        try:
            return isinstance(json.loads(whole), dict | list)
        except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError among them
            return False
    try:
        line = first.decode("utf-8-sig")
        return isinstance(json.loads(line), list)
    except json.JSONDecodeError as err:
        return err.pos >= len(line.rstrip())
    except (ValueError, RecursionError):
        return False
