"""The question life cycle as library calls: what the CLI commands do, minus the printing."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

from trackrecord.errors import UsageError
from trackrecord.models import OUTCOMES, Outcome, Question, Resolution
from trackrecord.store import Store

MAX_URL = 2083
"""The longest web address accepted (what browsers and the API's URL type allow)."""


def parse_day(text: str, what: str) -> date:
    """Parse an ISO date (``2024-11-12``), naming the option at fault when it is not one.

    Raises:
        UsageError: not a YYYY-MM-DD date.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a date; write it as YYYY-MM-DD") from None


def create_question(
    store: Store,
    title: str,
    *,
    criteria: str,
    closes: str | date,
    fine_print: str | None = None,
    tags: Sequence[str] = (),
) -> int:
    """Store a new question and return its id.

    Raises:
        UsageError: an empty title or criteria, or a close date that is not a date.
    """
    closes_on = closes if isinstance(closes, date) else parse_day(closes, "--closes")
    if not criteria.strip():
        raise UsageError("a question needs resolution criteria (--criteria): what counts as yes")
    question = Question(
        title=title.strip(),
        criteria=criteria.strip(),
        fine_print=fine_print,
        closes_at=datetime(closes_on.year, closes_on.month, closes_on.day),
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
    )
    return store.add_question(question)


def check_url(url: str, name: str) -> str:
    """`url` if it is a web address (http or https, with a host), as the web app accepts it.

    The same rule on every surface: the CLI, the JSON API and the pages show this link, so a
    ``javascript:`` or ``data:`` address must never get into the store.

    Raises:
        UsageError: naming `name`, for another scheme, no host, spaces or control characters.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an unbalanced "[" of an IPv6 host, a bad port
        host = None
    if host is None or parts.scheme.lower() not in ("http", "https"):
        raise UsageError(f"{name}: {url[:80]!r} is not an http:// or https:// address")
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cs") for c in url):
        raise UsageError(f"{name}: a web address cannot hold spaces or control characters")
    if len(url) > MAX_URL:
        raise UsageError(f"{name}: the address is longer than {MAX_URL} characters")
    return url


def resolve_question(
    store: Store,
    question_id: int,
    outcome: str,
    *,
    on: str | date,
    evidence: str,
    url: str | None = None,
    force: bool = False,
    resolved_by: str | None = None,
) -> int:
    """Resolve a question as of a date, with evidence; returns the resolution's id.

    Raises:
        UsageError: an unknown outcome, a bad date, no evidence, a URL that is not http(s)
            (`check_url`), a date before the publication
            of a linked judgment, or already resolved without `force`.
        NotFoundError: no such question.
    """
    if outcome not in OUTCOMES:
        raise UsageError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    day = on if isinstance(on, date) else parse_day(on, "--on")
    if not evidence.strip():
        raise UsageError("a resolution needs --evidence: what shows the outcome")
    if url is not None:
        url = check_url(url, "--url")
    late = [
        f"judgment {judgment_id} (published {moment.date().isoformat()})"
        for judgment_id, moment in store.link_publication_times(question_id)
        if moment is not None and moment.date() > day
    ]
    if late:
        raise UsageError(
            f"question {question_id} cannot have resolved on {day.isoformat()}: linked "
            f"{', '.join(late)} came out later, and a judgment made after the outcome was "
            "known is no forecast; check --on, or unlink those judgments first"
        )
    resolved: Outcome = outcome  # type: ignore[assignment]
    return store.resolve(
        Resolution(
            question_id=question_id,
            outcome=resolved,
            resolved_on=day,
            evidence=evidence.strip(),
            url=url,
            resolved_by=resolved_by,
        ),
        force=force,
    )
