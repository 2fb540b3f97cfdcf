"""The shipped tagger and parser on UD English EWT test: tag accuracy, UAS and LAS.

EWT test is never used in training or in choosing the model (``scripts/build_parser.py``
selects on dev), so these are out-of-sample numbers. The tokens are EWT's own (gold
tokenisation), as in the CoNLL shared tasks' "gold tokens" setting, and spaCy's scorer counts
punctuation like any other token.
"""

from __future__ import annotations

from pathlib import Path

from trackrecord.evaluation.measures import Measure

__all__ = ["ewt_measures"]


def ewt_measures(data: Path) -> list[Measure]:
    """Tag accuracy, UAS and LAS of the shipped model on ``ud-english-ewt/en_ewt-ud-test``."""
    from spacy.training import Example
    from spacy.training.converters.conllu_to_docs import conllu_to_docs

    from trackrecord.extract.syntax import MODEL_NAME, load_model

    source = data / "ud-english-ewt" / "en_ewt-ud-test.conllu"
    model = load_model()
    text = source.read_text(encoding="utf-8")
    gold = list(conllu_to_docs(text, n_sents=10, no_print=True))  # type: ignore[no-untyped-call]
    examples = [Example(model.make_doc(doc.text), doc) for doc in gold]
    scores = model.evaluate(examples)
    words = sum(len(doc) for doc in gold)
    detail = f"{MODEL_NAME}, {words} words, {sum(1 for d in gold for _ in d.sents)} sentences"
    return [
        Measure("ewt_test_tag_accuracy", "UD EWT test: tag accuracy (PTB tags)",
                float(scores["tag_acc"]), detail),
        Measure("ewt_test_uas", "UD EWT test: unlabelled attachment (UAS)",
                float(scores["dep_uas"]), detail, "≥ 0.86"),
        Measure("ewt_test_las", "UD EWT test: labelled attachment (LAS)",
                float(scores["dep_las"]), detail),
    ]  # fmt: skip
