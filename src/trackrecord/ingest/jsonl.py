"""JSON Lines: one article per line, as an object with ``text`` or ``html``.

Optional fields: ``title``, ``author``, ``outlet``, ``url``, ``published`` (a date string);
others are ignored. A bad line is reported as ``path#line-N`` and the other lines go on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from trackrecord.errors import InputError
from trackrecord.ingest._common import normalise_paragraphs, one_line, parse_date
from trackrecord.ingest.html import read_html
from trackrecord.models import Article, Rejection

_OPTIONAL = ("title", "author", "outlet", "url", "published")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}  # fmt: skip


def parse(data: bytes, source: str) -> Iterator[Article | Rejection]:
    """Read the articles of a JSON Lines file.

    Args:
        data: the file's bytes, UTF-8.
        source: the path to report; lines are reported as ``source#line-N``.

    Yields:
        An article per good line and a `Rejection` per bad one.
    """
    first = True
    # Iterating a BytesIO yields one line at a time instead of splitting the file up front.
    for number, raw in enumerate(io.BytesIO(data), 1):
        if not raw.strip():
            continue
        where = f"{source}#line-{number}"
        item: Article | Rejection
        try:
            item = _article(_load(raw, number), where)
        except _BadLine as err:
            if first and _is_json_document(data):
                yield Rejection(
                    source,
                    "a JSON document, not JSON Lines; put one object per line "
                    "(e.g. jq -c '.[]' for an array)",
                )
                return
            item = Rejection(where, err.message)
        except InputError as err:
            item = Rejection(where, err.message)
        first = False
        yield item


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
    published = None
    if record.get("published"):
        published = parse_date(record["published"])
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


def _is_json_document(data: bytes) -> bool:
    """Whether the whole file is one JSON object or array (pretty-printed, or an array)."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(document, dict | list)
