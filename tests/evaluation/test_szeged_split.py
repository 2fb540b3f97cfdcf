"""The Szeged dev/test split: fixed, by document, reproducible, and checked against the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from trackrecord.errors import InputError
from trackrecord.evaluation.corpora import read_szeged
from trackrecord.evaluation.split import (
    SPLIT_FILE,
    load_split,
    main,
    make_split,
    szeged_doc_ids,
)
from trackrecord.evaluation.uncertainty import szeged_measures

WIKI = """<?xml version="1.0" encoding="UTF-8"?><Annotation><DocumentSet>
<Document><DocID>Alpha_1</DocID><DocumentPart type="Title"><Sentence id="S1.1">Alpha</Sentence>
</DocumentPart><DocumentPart type="Text"><Sentence id="S1.2">The lake is blue.</Sentence>
<Sentence id="S1.3">It <ccue>may</ccue> freeze soon.</Sentence></DocumentPart></Document>
<Document><DocID>Beta_2</DocID><DocumentPart type="Text"><Sentence id="S1.1">Beta is a town.
</Sentence></DocumentPart></Document>
</DocumentSet></Annotation>"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "szeged-uncertainty-wikiweasel"
    folder.mkdir()
    (folder / "wiki.xml").write_text(WIKI, encoding="utf-8")
    return tmp_path


def test_paragraphs_know_their_document(data: Path) -> None:
    paragraphs = read_szeged(data / "szeged-uncertainty-wikiweasel" / "wiki.xml")
    assert [p.doc for p in paragraphs] == ["Alpha_1", "Alpha_1", "Beta_2"]
    assert paragraphs[1].uncertain == (False, True)
    assert szeged_doc_ids(data / "szeged-uncertainty-wikiweasel" / "wiki.xml") == [
        "Alpha_1", "Beta_2"
    ]  # fmt: skip


def test_the_draw_is_seeded_and_splits_in_halves() -> None:
    ids = [f"doc_{n}" for n in range(101)]
    split = make_split(reversed(ids))
    assert split == make_split(ids)  # the input order does not matter
    assert len(split["dev"]) == 50 and len(split["test"]) == 51
    assert sorted(split["dev"] + split["test"]) == sorted(ids)
    assert split != make_split(ids, seed=1)


def test_measures_refuse_a_split_that_is_not_the_corpus(data: Path) -> None:
    measures = szeged_measures(data, {"dev": ["Alpha_1"], "test": ["Beta_2"]})
    assert [m.key for m in measures] == ["szeged_dev_f1", "szeged_test_f1", "szeged_test_precision"]
    with pytest.raises(InputError, match="in neither half"):
        szeged_measures(data, {"dev": ["Alpha_1"], "test": []})
    with pytest.raises(InputError, match="not in the Szeged corpus"):
        szeged_measures(data, {"dev": ["Alpha_1", "Gamma_3"], "test": ["Beta_2"]})


def test_load_split_errors(tmp_path: Path) -> None:
    path = tmp_path / "split.json"
    path.write_text('{"dev": ["a"], "test": ["a"]}', encoding="utf-8")
    with pytest.raises(InputError, match="both halves"):
        load_split(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="regenerate"):
        load_split(path)


def test_the_committed_split_is_what_the_corpus_draws(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "szeged_split.json"
    assert main(["--data", str(shared / "data"), "--out", str(out)]) == 0
    assert out.read_bytes() == SPLIT_FILE.read_bytes(), (
        "szeged_split.json differs from a fresh draw: "
        "python -m trackrecord.evaluation.split --data ../shared/data"
    )
    split = load_split()
    assert len(split["dev"]) == len(split["test"]) == 2265
