"""What the pages keep between requests, so that a busy page costs one small query.

- Score reports (every yardstick, per grouping) are kept while the store's `scores_version`
  is unchanged, and are made anew after `SCORES_TTL` seconds (a probability changed in place,
  by a re-extraction or re-mapping outside the app, shows within about that time; meanwhile
  the other requests are answered from the old report, so no one waits for it).
- The marked-up body of an article page is kept per (article, yardstick) while the article's
  `article_version` (its extraction, judgments and links) is unchanged, for at most
  `BODY_TTL` seconds.

Every write the app makes (pages and API alike) calls `changed`, which drops both; the version
queries and the expiry catch writes made outside the app (the CLI on the same store).

Both are bounded, per store, and safe to share between the server's threads.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from trackrecord.extract.yardstick import SCALES
from trackrecord.questions import compute_scores
from trackrecord.questions.scores import ScoreReport
from trackrecord.scoring import GroupScore
from trackrecord.store import Store
from trackrecord.store.browse import scores_version

SCORES_TTL = 10.0
"""Seconds a score report is kept at most."""
BODY_TTL = 300.0
"""Seconds an article page's body is kept at most."""

T = TypeVar("T")


class Kept(Generic[T]):
    """A bounded map from keys to (version, value), least recently used out first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[object, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get(
        self, key: Hashable, version: object, make: Callable[[], T], ttl: float | None = None
    ) -> T:
        """The value kept for `key`, else a new one made and kept.

        Concurrent requests for the same missing key make it once; while a value that is only
        too old (same version) is made again, the others get the old one.

        Args:
            key: what the value is of.
            version: the value kept must have been made at this version.
            make: makes the value (called without the map's lock held).
            ttl: seconds a kept value is good for; None: until the version changes.

        Returns:
            The kept or newly made value.
        """
        found = self._fresh(key, version, ttl)
        if found is not None:
            return found[2]
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
            stale = self._items.get(key)
        if stale is not None and stale[0] == version:
            if not making.acquire(blocking=False):
                return stale[2]  # being made anew; this one is right but for its age
        else:
            making.acquire()
        try:
            found = self._fresh(key, version, ttl)  # made by another thread meanwhile
            if found is not None:
                return found[2]
            value = make()
            with self._lock:
                self._items[key] = (version, time.monotonic(), value)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    dropped, _ = self._items.popitem(last=False)
                    self._making.pop(dropped, None)
        finally:
            making.release()
        return value

    def _fresh(
        self, key: Hashable, version: object, ttl: float | None
    ) -> tuple[object, float, T] | None:
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] != version:
                return None
            if ttl is not None and time.monotonic() - found[1] >= ttl:
                return None
            self._items.move_to_end(key)
            return found

    def clear(self) -> None:
        """Forget everything (after a write through the app)."""
        with self._lock:
            self._items.clear()


@dataclass(frozen=True, slots=True)
class Board:
    """A score report with what the leaderboard shows of it, worked out once.

    Attributes:
        report: scores under every yardstick.
        ranges: per group, the lowest and highest Brier score across the yardsticks.
        ranked: per yardstick, its groups best (lowest Brier) first.
    """

    report: ScoreReport
    ranges: dict[str, tuple[float, float]]
    ranked: dict[str, list[GroupScore]]


def _board(store: Store, by: str) -> Board:
    report = compute_scores(store, by=by, scales=SCALES)
    ranked: dict[str, list[GroupScore]] = {scale: [] for scale in SCALES}
    for group in report.groups:
        ranked[group.scale].append(group)
    for groups in ranked.values():
        groups.sort(key=lambda g: (g.brier, -g.n, g.group))
    return Board(report, report.ranges(), ranked)


_reports: weakref.WeakKeyDictionary[Store, Kept[Board]] = weakref.WeakKeyDictionary()
_bodies: weakref.WeakKeyDictionary[Store, Kept[Any]] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def _kept(table: weakref.WeakKeyDictionary[Store, Kept[T]], store: Store, size: int) -> Kept[T]:
    with _guard:
        found = table.get(store)
        if found is None:
            found = table[store] = Kept(size)
        return found


def score_board(store: Store, by: str) -> Board:
    """Scores grouped `by` under every yardstick, computed once per change of the store."""
    return _kept(_reports, store, 16).get(
        by, scores_version(store), lambda: _board(store, by), ttl=SCORES_TTL
    )


def article_bodies(store: Store) -> Kept[Any]:
    """The kept article-page bodies of `store` (keyed by the caller; kept `BODY_TTL` at most)."""
    return _kept(_bodies, store, 256)


def changed(store: Store) -> None:
    """Drop everything kept for `store`: the app just wrote to it (every write path calls it)."""
    _kept(_reports, store, 16).clear()
    _kept(_bodies, store, 256).clear()
