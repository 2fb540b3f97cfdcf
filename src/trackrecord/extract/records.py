"""The working records the pipeline components pass along on a ``Doc``.

The pipeline tokenises only the candidate sentences of an article, concatenated into one ``Doc``
(separated by blank lines). `ArticleContext` keeps what maps that ``Doc`` back to the article
(`Chunk` offsets), the article itself for look-ups beyond the candidate sentences (quotes, earlier
speakers), and the publication date. `Hit` is one judgment in the making: each component fills in
some of its fields, and ``convert.py`` turns finished hits into `Judgment` records.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from trackrecord.extract.segment import Sentence

__all__ = ["SANITIZE", "ArticleContext", "Chunk", "Hit"]

# One character for one character, so that offsets survive: every kind of space and control
# character becomes a plain space, curly quotes become straight ones, lone surrogates (which the
# tokenizer's string store cannot encode) become U+FFFD.
SANITIZE: dict[int, str] = {c: " " for c in range(0x20)}
SANITIZE.update({c: " " for c in (0x7F, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F)})
SANITIZE.update({c: " " for c in (0x3000, *range(0x2000, 0x200B))})
SANITIZE.update({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
SANITIZE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})


class Chunk(NamedTuple):
    """One candidate sentence inside the ``Doc``.

    Attributes:
        sentence: the sentence's index in `ArticleContext.sentences`.
        doc_start: offset of the sentence's first character in the ``Doc`` text.
        doc_end: offset just past its last character in the ``Doc`` text.
        shift: add to a ``Doc`` offset to get the article offset.
        tok_start: index of its first token in the ``Doc``.
        tok_end: index just past its last token.
    """

    sentence: int
    doc_start: int
    doc_end: int
    shift: int
    tok_start: int = 0
    tok_end: int = 0


@dataclass(slots=True)
class ArticleContext:
    """What the components need to know about the article beyond the ``Doc``.

    Attributes:
        text: the article text.
        sentences: every sentence of the article (candidates or not).
        chunks: the candidate sentences, in order, as they sit in the ``Doc``.
        claim_sentences: indices of the sentences that may hold a claim (tokenised or not).
        published: the publication date, when known.
        doc_text: the text of the ``Doc`` (the candidates joined), kept to avoid ``Doc.text``.
        lower: the lower-case text of every ``Doc`` token (components read these, not Tokens).
        idx: the ``Doc`` character offset of every token, plus the text length at the end, so
            that token k with its trailing space is ``doc_text[idx[k]:idx[k + 1]]``.
        speakers: named holders resolved so far, in article order (for "she said").
        quotes: quotation spans per line index, computed on first use.
        lines: article offsets of each line index, computed on first use.
        names: the fullest name found for each short name, computed on first use.
        name_runs: the words of each run of capitalised words in the article, found on first
            use (None until then).
    """

    text: str
    sentences: list[Sentence]
    chunks: list[Chunk]
    claim_sentences: list[int] = field(default_factory=list)
    published: date | None = None
    doc_text: str = ""
    lower: list[str] = field(default_factory=list)
    idx: list[int] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    quotes: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    lines: dict[int, tuple[int, int]] = field(default_factory=dict)
    names: dict[str, str | None] = field(default_factory=dict)
    name_runs: list[list[str]] | None = None
    _chunk_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)

    def chunk_at(self, doc_char: int) -> Chunk:
        """The chunk holding a ``Doc`` character offset."""
        if len(self._chunk_starts) != len(self.chunks):
            self._chunk_starts = [c.doc_start for c in self.chunks]
        return self.chunks[max(0, bisect_right(self._chunk_starts, doc_char) - 1)]

    def sentence_at(self, pos: int) -> int:
        """Index of the article sentence starting at or before article offset `pos` (-1: none)."""
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s.start for s in self.sentences]
        return bisect_right(self._sentence_starts, pos) - 1

    def sentence_text(self, index: int) -> str:
        """The text of sentence `index` of the article."""
        s = self.sentences[index]
        return self.text[s.start : s.end]


@dataclass(slots=True)
class Hit:
    """One judgment (or claim) in the making; offsets are ``Doc`` character offsets.

    Attributes:
        chunk: position of its sentence in `ArticleContext.chunks` (-1 for a claim found in a
            sentence that was not tokenised).
        key: the cue key that sets its probability.
        family: the lexicon family of `key`.
        parts: token spans (start, end) of the cue's words, in order.
        main: index into `parts` of the part that carries the probability.
        kind: forecast, assessment or claim.
        negated: whether the sentence judges the proposition's negation.
        holder: who holds the belief ("author" for the writer).
        holder_type: author, named or unnamed.
        proposition: the positive form of what is judged.
        content: (start, end) ``Doc`` offsets of the judged clause, for time and entities.
        timeframe_end: the deadline, when one is stated.
        entities: normalised actors.
        value: the stated probability of a numeric cue.
        quantity, qualifier, unit, source: the fields of a claim.
        frame: whether the cue opens with a belief frame ("think", "expect", "no doubt") whose
            complement is the proposition.
        sentence: the article sentence index, for hits without a chunk.
        cue_span: article offsets of the cue, for hits without tokens.
        dropped: set by a component that finds the hit is not a judgment after all.
    """

    chunk: int
    key: str
    family: str
    parts: list[tuple[int, int]]
    main: int = 0
    kind: str = "forecast"
    negated: bool = False
    holder: str = "author"
    holder_type: str = "author"
    proposition: str = ""
    content: tuple[int, int] = (0, 0)
    timeframe_end: date | None = None
    entities: tuple[str, ...] = ()
    value: float | None = None
    quantity: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    source: str | None = None
    frame: bool = False
    sentence: int = -1
    cue_span: tuple[int, int] | None = None
    dropped: bool = False

    @property
    def first(self) -> int:
        """Index of the cue's first token."""
        return self.parts[0][0]

    @property
    def last(self) -> int:
        """Index just past the cue's last token."""
        return self.parts[-1][1]
