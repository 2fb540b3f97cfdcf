"""Syntax: Penn Treebank tags and Universal Dependencies trees for the candidate sentences.

The tagger and parser are trackrecord's own spaCy model, ``en_trackrecord_ewt``, trained on UD
English EWT by ``scripts/build_parser.py`` and shipped as package data in ``extract/model/``
(its README gives the data's licence, the scores and how to rebuild it); it loads from there,
offline. A bigger or better model is a drop-in: `MODEL_NAME` and `model_path` name what loads.

The extraction pipeline does not call it yet: the stages that will read the parse (the
proposition's subject and clause, the holder, the kind) come next. Parsing every candidate
sentence costs about six times the rest of the pipeline, so the plan is to parse only the
sentences where a cue was found.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.attrs import DEP, HEAD, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from trackrecord.errors import TrackrecordError

__all__ = ["MODEL_NAME", "ModelMissingError", "load_model", "model_path", "parse_spans"]

MODEL_NAME = "en_trackrecord_ewt"
"""The spaCy model the pipeline tags and parses with (a folder in ``extract/model``)."""

_BATCH = 64  # sentences per tok2vec/parser batch: larger batches only cost memory


class ModelMissingError(TrackrecordError):
    """The shipped parser model is not where the package put it (a broken install)."""


def model_path(name: str = MODEL_NAME) -> Path:
    """The folder of the shipped model `name`."""
    return Path(__file__).resolve().parent / "model" / name


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The shipped tagger and parser (loaded once per process; nothing is downloaded).

    Raises:
        ModelMissingError: the model folder is missing or unreadable; reinstall trackrecord.
    """
    path = model_path()
    if not (path / "config.cfg").is_file():
        raise ModelMissingError(
            f"the parser model {MODEL_NAME} is missing from {path.parent}; reinstall trackrecord "
            "or rebuild it with scripts/build_parser.py"
        )
    return spacy.load(path)


def parse_spans(doc: Doc, spans: Sequence[Span]) -> Doc:
    """Tag and parse each of `spans` of `doc` as a sentence of its own; set tags and trees.

    Each span is parsed as a ``Doc`` of its own (in batches) and its tags, heads and relations
    are copied back, so every tree stays inside its span. Tokens outside every span (the blank
    lines between the pipeline's candidate sentences) hang off the token before them. `doc`
    must use the model's vocabulary (`load_model().vocab`).

    Returns:
        `doc`, tagged and parsed.
    """
    if not len(doc):
        return doc
    model = load_model()
    spans = [span for span in spans if len(span)]
    parsed = model.pipe((span.as_doc() for span in spans), batch_size=_BATCH)
    strings = doc.vocab.strings
    array: Any = np.zeros((len(doc), 3), dtype="uint64")  # spaCy's Ints2d
    array[:, 0] = strings.add("_SP")
    array[1:, 1] = np.uint64(2**64 - 1)  # a relative head of -1: the token before
    array[:, 2] = strings.add("dep")
    for span, sentence in zip(spans, parsed, strict=True):
        array[span.start : span.end] = sentence.to_array([TAG, HEAD, DEP])
    doc.from_array([TAG, HEAD, DEP], array)
    return doc
