"""The shipped tagger and parser: it loads from the package, offline, and parses English."""

from __future__ import annotations

import json

import spacy

from trackrecord.extract.syntax import MODEL_NAME, load_model, model_path, parse_spans


def test_the_model_ships_with_its_licence_and_scores() -> None:
    folder = model_path()
    assert folder.name == MODEL_NAME
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in readme and "UD_English-EWT" in readme
    scores = json.loads((folder / "scores.json").read_text(encoding="utf-8"))
    assert {"tag_acc", "dep_uas", "dep_las", "steps"} <= set(scores)
    assert load_model().pipe_names == ["tok2vec", "tagger", "parser"]


def test_a_plain_forecast_parses_into_subject_modal_and_verb() -> None:
    doc = load_model()("Prices will rise next year.")
    by_text = {token.text: token for token in doc}
    assert by_text["rise"].dep_ == "ROOT"
    assert by_text["Prices"].dep_ == "nsubj" and by_text["Prices"].head.text == "rise"
    assert by_text["will"].tag_ == "MD" and by_text["will"].head.text == "rise"


def test_parse_spans_keeps_each_tree_inside_its_sentence() -> None:
    text = "The bank will cut rates.\n\nAnalysts expect growth to slow sharply in the spring."
    nlp = spacy.blank("en", vocab=load_model().vocab)
    doc = nlp.make_doc(text)
    blank = next(t.i for t in doc if t.text == "\n\n")
    parse_spans(doc, [doc[:blank], doc[blank + 1 :]])
    for token in doc[:blank]:
        assert token.head.i < blank
    for token in doc[blank + 1 :]:
        assert token.head.i > blank
    assert doc[blank].head.i == blank - 1  # the blank line stays with the sentence before it
    assert len(list(doc.sents)) == 2
    assert {t.text for t in doc if t.dep_ == "ROOT"} == {"cut", "expect"}


def test_the_shipped_config_names_no_files_of_the_machine_that_built_it() -> None:
    config = spacy.util.load_config(model_path() / "config.cfg")
    assert config["paths"]["train"] is None and config["paths"]["dev"] is None
