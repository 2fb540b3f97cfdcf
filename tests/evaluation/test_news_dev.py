"""The news-dev measures, on made-up sentences (and the real set's files, where present)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from trackrecord.errors import InputError
from trackrecord.evaluation.news_dev import (
    article_texts,
    contains_subject,
    content_word_f1,
    content_words,
    holder_right,
    load_news_dev,
    news_dev_measures,
    parse_row,
    score_news_dev,
)
from trackrecord.models import Judgment

# One made-up article: a positive, a negative with a false alarm, an optional-only sentence,
# a sentence with two required judgments, and an attributed figure.
TEXT = (
    "Analysts expect the Zorvian dam to open late. "
    "The mayor could not attend the launch. "
    "It is said to be popular. "
    "Rain will probably fall and the river may flood, Ms Quill said. "
    "Officials said 40 homes were damaged."
)


def span(sentence: str) -> tuple[int, int]:
    start = TEXT.index(sentence)
    return start, start + len(sentence)


def gold_judgment(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "forecast", "cue": "expect", "negated": False, "p": [0.6, 0.95],
        "holder": "author", "holder_type": "author", "required": True,
        "proposition": "p", "subject": "s",
    }  # fmt: skip
    base.update(fields)
    return base


def row(sentence: str, label: str, judgments: list[Any], claims: list[Any] | None = None) -> Any:
    start, end = span(sentence)
    data = {
        "article": "bbc:0", "start": start, "end": end,
        "sha1": hashlib.sha1(TEXT[start:end].encode()).hexdigest(),
        "label": label, "judgments": judgments, "claims": claims or [],
    }  # fmt: skip
    return parse_row(data)


def extracted(cue: str, sentence: str, **fields: Any) -> Judgment:
    start, end = span(sentence)
    at = TEXT.index(cue, start)
    values: dict[str, Any] = {
        "kind": "forecast", "text": TEXT[start:end], "start": start, "end": end, "cue": cue,
        "cue_start": at, "cue_end": at + len(cue), "proposition": "", "probability": 0.7,
    }  # fmt: skip
    values.update(fields)
    return Judgment(**values)


S1 = "Analysts expect the Zorvian dam to open late."
S2 = "The mayor could not attend the launch."
S3 = "It is said to be popular."
S4 = "Rain will probably fall and the river may flood, Ms Quill said."
S5 = "Officials said 40 homes were damaged."

ROWS = [
    row(S1, "judgment", [gold_judgment(holder="analysts", holder_type="unnamed",
        proposition="The Zorvian dam will open late", subject="the Zorvian dam")]),
    row(S2, "none", []),
    row(S3, "judgment", [gold_judgment(cue="said to", required=False, proposition=None,
        subject=None)]),
    row(S4, "judgment", [
        gold_judgment(cue="probably", p=[0.55, 0.85], holder="Quill", proposition="Rain will fall",
                      subject="rain"),
        gold_judgment(cue="may", p=[0.2, 0.65], holder="Quill",
                      proposition="The Ebbe river will flood", subject="the Ebbe river"),
    ]),
    row(S5, "claim", [], [{"quantity": 40, "source": "Officials", "required": True},
                          {"quantity": 7, "source": "Officials", "required": True}]),
]  # fmt: skip


def test_sentence_judgment_counts_and_pairs() -> None:
    ours = [
        extracted("expect", S1, holder="Analysts", holder_type="unnamed",
                  proposition="the Zorvian dam will open late"),
        extracted("could not", S2),  # a false alarm on a `none` sentence
        extracted("said to", S3),  # optional only: not scored either way
        # listed in reverse: pairing is by where the cue is, not by order
        extracted("may", S4, probability=0.4, holder="Ms Quill",
                  proposition="the river will flood"),
        extracted("probably", S4, probability=0.95, holder="author", proposition="rain falls"),
        extracted("said", S5, kind="claim", probability=None, quantity=40.0),
    ]  # fmt: skip
    s = score_news_dev(ROWS, {"bbc:0": TEXT}, {"bbc:0": ours})
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert s.paired == 3
    assert s.in_range == 2  # "probably" at 0.95 is outside [0.55, 0.85]
    assert s.holder == 2  # "author" is not Quill
    assert (s.subject, s.subject_rows, s.subject_all) == (2, 2, 2)  # "the Ebbe river": unwritten
    assert (s.claims_found, s.claims) == (1, 2)


def test_a_missed_sentence_and_a_changed_text() -> None:
    s = score_news_dev(ROWS, {"bbc:0": TEXT}, {"bbc:0": []})
    assert (s.tp, s.fp, s.fn, s.paired, s.claims_found) == (0, 0, 2, 0, 0)
    with pytest.raises(InputError, match="SHA-1"):
        score_news_dev(ROWS, {"bbc:0": TEXT.replace("Zorvian", "Zorvyan")}, {})


def test_proposition_measures() -> None:
    assert content_words("Zorvia's deal may well fail in 2025") == {"zorvia", "deal", "fail",
                                                                     "2025"}  # fmt: skip
    assert content_word_f1("the dam will open late", "The dam opens late") == pytest.approx(2 / 3)
    assert content_word_f1("it will", "the dam opens") == 0.0
    assert contains_subject("The  Zorvian dam will open", "the zorvian dam")
    assert not contains_subject("The Zorvian dams will open", "the Zorvian dam")  # whole words


def test_holder_right() -> None:
    assert holder_right("author", "author") and not holder_right("author", "Quill")
    assert holder_right("Ms Jo Quill", "Quill") and not holder_right("Quillan", "Quill")
    assert holder_right("the talk in the City", "City") and not holder_right("Quill", "author")


def test_article_texts_and_file_errors(tmp_path: Path) -> None:
    (tmp_path / "bbc-news-greene2006").mkdir()
    with zipfile.ZipFile(tmp_path / "bbc-news-greene2006" / "bbc.zip", "w") as archive:
        archive.writestr("bbc.txt", "first article\nsecond article")
    (tmp_path / "polnear" / "dev" / "text").mkdir(parents=True)
    (tmp_path / "polnear" / "dev" / "text" / "a.txt").write_text("a \u201cquote\u201d", "utf-8")
    texts = article_texts(tmp_path, ["bbc:1", "polnear:dev/text/a.txt"])
    assert texts == {"bbc:1": "second article", "polnear:dev/text/a.txt": "a \u201cquote\u201d"}
    for bad in ("bbc:9", "web:1", "polnear:../x.txt", "polnear:dev/text/b.txt"):
        with pytest.raises(InputError):
            article_texts(tmp_path, [bad])
    path = tmp_path / "news-dev.jsonl"
    path.write_text('{"article": "bbc:0"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"news-dev.jsonl:1: not a news-dev row"):
        load_news_dev(path)


def test_the_shared_set_reads_and_matches_its_texts(shared: Path) -> None:
    path = shared / "gold" / "news-dev" / "news-dev.jsonl"
    rows = load_news_dev(path)
    assert len(rows) == 215 and sum(len(r.required) for r in rows) == 23
    nothing = {m.key: m.value for m in news_dev_measures(shared / "data", path, lambda _: [])}
    assert nothing["news_dev_judgment_recall"] == 0.0  # every SHA-1 matched its text
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["article"]
