"""`compute_scores` against a plain re-computation: imported and extracted links together, every
grouping, every rule that leaves a link out, and a store that changes while it is read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest

from tests.questions.test_question_cli import HIGH, LOW
from trackrecord.errors import StoreError
from trackrecord.extract import load_yardstick
from trackrecord.models import Article, Question, Resolution
from trackrecord.questions import compute_scores
from trackrecord.scoring import score_groups
from trackrecord.store import Store
from trackrecord.store.questions import ImportedForecast

EARLY, LATE = datetime(2023, 2, 1), datetime(2023, 7, 1)


def _mixed(store: Store) -> dict[str, int]:
    """Imported forecasts and extracted judgments on the same questions.

    Q0 (tags x, y) resolved yes, Q1 (untagged) no, Q2 (tags x, y) annulled, on 2023-06-01.
    ann: 0.3 on Q0; 0.8 on Q1 with no time (undated). bob: 0.9 on Q1 after the resolution
    (late); 0.5 on Q2 (annulled). From an article by "Ann Writer" in "Daily" (2023-01-01):
    LOW (0.05) linked to Q0 as its opposite, HIGH (0.7) to Q1. From an undated article with no
    author or outlet: HIGH on Q0 (undated). ann's 0.3 is also linked to Q1 as its opposite.
    """
    batch = [
        (Question(title="Q0?", tags=("x", "y")), Resolution(0, "yes", date(2023, 6, 1))),
        (Question(title="Q1?"), Resolution(0, "no", date(2023, 6, 1))),
        (Question(title="Q2?", tags=("x", "y")), Resolution(0, "annulled", date(2023, 6, 1))),
    ]
    forecasts = [
        ImportedForecast(0, "ann", 0.3, EARLY),
        ImportedForecast(1, "ann", 0.8, None),
        ImportedForecast(1, "bob", 0.9, LATE),
        ImportedForecast(2, "bob", 0.5, EARLY),
    ]
    store.import_questions(batch, forecasts, origin="test")
    q0, q1, _ = (q.id for q in store.list_questions())
    dated, _ = store.add_article(
        Article(
            text="d" * 200, author="Ann Writer", outlet="Daily", published_at=datetime(2023, 1, 1)
        )
    )
    undated, _ = store.add_article(Article(text="u" * 200))
    store.save_judgments(dated, [LOW, HIGH], "v1")
    store.save_judgments(undated, [HIGH], "v1")
    low, high, high_undated = (j.id for j in store.list_judgments() if j.article_id is not None)
    assert low is not None and high is not None and high_undated is not None
    store.link(q0, low, opposite=True)
    store.link(q1, high)
    store.link(q0, high_undated)
    (ann_early,) = (j.id for j in store.list_judgments() if j.probability == 0.3)
    assert ann_early is not None
    store.link(q1, ann_early, opposite=True)  # said of Q1's negation too
    return {"q0": q0, "q1": q1, "low": low, "high": high, "high_undated": high_undated}


def _expected(scale: str) -> list[tuple[dict[str, Any], float, int]]:
    """The scored links of `_mixed` by hand: (group keys, forecast, outcome)."""
    yardstick = load_yardstick(scale)

    def mapped(cue: str, stored: float) -> float:
        if scale == "reader":
            return stored
        found = yardstick.probability(cue, False)
        assert found is not None
        return found[0]

    low, high = mapped(LOW.cue, 0.05), mapped(HIGH.cue, 0.7)
    # the writer's own judgments go by the byline (or outlet) when grouped by holder
    writer = {"holder": "Ann Writer", "author": "Ann Writer", "outlet": "Daily"}
    nobody = {"holder": "(no byline)", "author": "(no author)", "outlet": "(no outlet)"}
    ann = {"holder": "ann", "author": "ann", "outlet": "test"}
    return [
        ({**ann, "question": "Q0", "tag": ("x", "y")}, 0.3, 1),
        ({**ann, "question": "Q1", "tag": ("(untagged)",)}, 0.8, 0),
        ({**ann, "question": "Q1", "tag": ("(untagged)",)}, 1 - 0.3, 0),
        ({**writer, "question": "Q0", "tag": ("x", "y")}, 1 - low, 1),
        ({**writer, "question": "Q1", "tag": ("(untagged)",)}, high, 0),
        ({**nobody, "question": "Q0", "tag": ("x", "y")}, high, 1),
    ]


@pytest.mark.parametrize("by", ["holder", "author", "outlet", "question", "tag"])
def test_imported_and_extracted_links_score_as_one_list(store: Store, by: str) -> None:
    ids = _mixed(store)
    question_names = {"Q0": str(ids["q0"]), "Q1": str(ids["q1"])}
    for scale in ("reader", "kent1964"):
        groups: list[str] = []
        f: list[float] = []
        o: list[int] = []
        for keys, forecast, outcome in _expected(scale):
            names: Sequence[str] = keys["tag"] if by == "tag" else [keys[by]]
            for name in names:
                groups.append(question_names.get(name, name) if by == "question" else name)
                f.append(forecast)
                o.append(outcome)
        report = compute_scores(store, by=by, scales=(scale,))
        expected = score_groups(groups, scale, f, o)
        got = {s.group: s for s in report.groups}
        assert sorted(got) == sorted(s.group for s in expected)
        for want in expected:
            mine = got[want.group]
            assert mine.n == want.n
            assert mine.brier == pytest.approx(want.brier, abs=1e-12)
            assert mine.log == pytest.approx(want.log, abs=1e-12)
            assert mine.calibration == want.calibration
        # bob's late forecast and his forecast on the annulled question: one link each, even
        # where the question has two tags; two judgments have no publication time.
        assert report.left_out == {"annulled_or_ambiguous": 1, "published_after_resolution": 1}
        assert report.undated == 2


def test_left_out_links_are_counted_per_group_and_the_filter_keeps_them(store: Store) -> None:
    _mixed(store)
    by_tag = {s.group: s.left_out for s in compute_scores(store, by="tag").groups}
    assert by_tag["x"] == by_tag["y"] == {"annulled_or_ambiguous": 1}
    assert by_tag["(untagged)"] == {"published_after_resolution": 1}
    (ann_alone,) = compute_scores(store, by="holder", group="ann").groups
    assert ann_alone.n == 3 and ann_alone.left_out == {}
    nobody = compute_scores(store, by="holder", group="bob")
    assert nobody.groups == []
    assert nobody.left_out == {"annulled_or_ambiguous": 1, "published_after_resolution": 1}
    assert compute_scores(store, by="holder", group="nobody").groups == []


def test_a_cue_the_yardstick_lacks_is_left_out_and_counted(store: Store) -> None:
    ids = _mixed(store)
    odd = LOW.replace(start=120, end=150, cue="not a yardstick word", cue_start=121, cue_end=141)
    article, _ = store.add_article(Article(text="o" * 200, published_at=datetime(2023, 1, 1)))
    store.save_judgments(article, [odd], "v1")
    (odd_id,) = (j.id for j in store.list_judgments() if j.article_id == article)
    assert odd_id is not None
    store.link(ids["q1"], odd_id)
    reader = compute_scores(store, by="holder", scales=("reader",))
    assert "no_yardstick_entry" not in reader.left_out  # its stored number counts
    kent = compute_scores(store, by="holder", scales=("kent1964",))
    assert kent.left_out["no_yardstick_entry"] == 1
    (nobody,) = (s for s in kent.groups if s.group == "(no byline)")
    assert nobody.n == 1 and nobody.left_out == {"no_yardstick_entry": 1}


def test_scores_are_read_again_when_a_link_goes_between_the_two_reads(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _mixed(store)
    read = store.scoring_columns
    calls = []

    def unlink_first(*args: Any, **kwargs: Any) -> Any:
        if not calls:
            store.unlink(ids["q1"], ids["high"])
        calls.append(1)
        return read(*args, **kwargs)

    monkeypatch.setattr(store, "scoring_columns", unlink_first)
    report = compute_scores(store, by="holder")
    assert len(calls) == 2
    monkeypatch.undo()
    assert report == compute_scores(store, by="holder")
    assert {s.group: s.n for s in report.groups} == {"ann": 3, "Ann Writer": 1, "(no byline)": 1}


def test_scores_stop_with_a_clear_error_when_links_keep_changing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _mixed(store)
    read = store.scoring_columns
    pending = [(ids["q1"], ids["high"]), (ids["q0"], ids["low"]), (ids["q0"], ids["high_undated"])]

    def unlink_one(*args: Any, **kwargs: Any) -> Any:
        store.unlink(*pending.pop())
        return read(*args, **kwargs)

    monkeypatch.setattr(store, "scoring_columns", unlink_one)
    with pytest.raises(StoreError, match="kept changing"):
        compute_scores(store, by="holder")
    assert pending == []


def test_an_author_is_scored_on_their_own_voice_and_a_quoted_source_as_itself(
    store: Store,
) -> None:
    question = Question(title="Q?")
    store.import_questions([(question, Resolution(0, "yes", date(2023, 6, 1)))], [], origin="t")
    (q,) = (x.id for x in store.list_questions())
    article, _ = store.add_article(
        Article(text="k" * 200, author="Ann Writer", outlet="Daily", published_at=EARLY)
    )
    quoted = HIGH.replace(start=100, end=130, cue_start=105, cue_end=111, holder="Kim",
                          holder_type="named")  # fmt: skip
    store.save_judgments(article, [LOW, quoted], "v1")
    own, kim = (j.id for j in store.list_judgments() if j.article_id == article)
    store.link(q, own or 0)
    store.link(q, kim or 0)
    by_holder = {s.group: s.n for s in compute_scores(store, by="holder").groups}
    assert by_holder == {"Ann Writer": 1, "Kim": 1}
    by_author = {s.group: s.n for s in compute_scores(store, by="author").groups}
    assert by_author == {"Ann Writer": 1}  # Kim's forecast is Kim's, not the writer's
    by_outlet = {s.group: s.n for s in compute_scores(store, by="outlet").groups}
    assert by_outlet == {"Daily": 2}
