"""Conversion: the one place where spaCy's types become `Judgment` records.

Hits carry ``Doc`` token spans; this module maps them back to exact article offsets, writes the
cue string (discontinuous parts joined by " ... "), and looks up the probability under the chosen
yardstick from that cue string, the same way `remap` does later.
"""

from __future__ import annotations

from spacy.tokens import Doc

from trackrecord.extract.records import ArticleContext, Hit
from trackrecord.extract.yardstick import Yardstick
from trackrecord.models import Judgment

__all__ = ["to_judgments"]


def _cue(ctx: ArticleContext, hit: Hit, shift: int, text: str) -> tuple[str, int, int]:
    """The cue string and its article offsets (first word to last)."""
    spans: list[tuple[int, int]] = []
    for s, e in hit.parts:
        start = ctx.idx[s] + shift
        end = ctx.idx[e - 1] + len(ctx.doc_text[ctx.idx[e - 1] : ctx.idx[e]].rstrip()) + shift
        if spans and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)  # adjacent parts read as one
        else:
            spans.append((start, end))
    cue = " ... ".join(text[a:b] for a, b in spans)
    return cue, spans[0][0], spans[-1][1]


def to_judgments(doc: Doc, ctx: ArticleContext, yardstick: Yardstick) -> list[Judgment]:
    """The finished hits of `doc` as judgments, sorted by (start, cue_start)."""
    out: list[Judgment] = []
    for hit in doc._.trackrecord_hits:
        if hit.dropped:
            continue
        if hit.cue_span is not None:
            sentence = ctx.sentences[hit.sentence]
            cue_start, cue_end = hit.cue_span
            cue = ctx.text[cue_start:cue_end]
        else:
            chunk = ctx.chunks[hit.chunk]
            sentence = ctx.sentences[chunk.sentence]
            cue, cue_start, cue_end = _cue(ctx, hit, chunk.shift, ctx.text)
        common = {
            "text": ctx.text[sentence.start : sentence.end],
            "start": sentence.start,
            "end": sentence.end,
            "cue": cue,
            "cue_start": cue_start,
            "cue_end": cue_end,
            "proposition": hit.proposition,
            "holder": hit.holder,
            "holder_type": hit.holder_type,
            "entities": hit.entities,
        }
        if hit.kind == "claim":
            out.append(
                Judgment(
                    kind="claim",
                    quantity=hit.quantity,
                    quantity_qualifier=hit.qualifier,
                    unit=hit.unit,
                    source=hit.source,
                    reporting_verb=cue,
                    **common,
                )
            )
            continue
        # From the cue string, not `hit.key`: the stored judgment keeps only the cue, and `remap`
        # reads the key from it, so both must give the same number.
        mapped = yardstick.probability(cue, hit.negated)
        if mapped is None:
            # Never a silent drop: a cue the matcher found but its text cannot be read back is a
            # lexicon bug, and the robustness and corpus tests run into this error.
            raise AssertionError(
                f"the cue {cue!r} (found as {hit.key!r}) has no probability under the "
                f"{yardstick.name!r} yardstick: the lexicon and `cue_key` disagree"
            )
        p, low, high = mapped
        out.append(
            Judgment(
                kind=hit.kind,
                negated=hit.negated,
                probability=p,
                probability_low=low,
                probability_high=high,
                scale=yardstick.name,
                timeframe_end=hit.timeframe_end,
                **common,
            )
        )
    out.sort(key=lambda j: (j.start, j.cue_start))
    return out
