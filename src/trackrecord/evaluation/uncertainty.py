"""Sentence-level uncertainty on Wikipedia text: the Szeged WikiWeasel split and CoNLL-2010.

- **szeged**: ``szeged-uncertainty-wikiweasel/wiki.xml``, split by document into the fixed dev and
  test halves of ``szeged_split.json`` (`trackrecord.evaluation.split`). A sentence is
  gold-positive when it holds any ``ccue``. The extractor runs once per paragraph (the sentences
  of a ``DocumentPart`` joined by one space); a sentence is predicted positive when the cue of a
  forecast or assessment starts inside it (alignment by character offset, not by our segmenter).
- **conll**: the 3,000-sentence CoNLL-2010 sample, one `analyze` call per sentence; positive when
  any forecast or assessment is extracted. Both classes are reported; neither is gated (its labels
  count weasel words that ANNOTATION.md excludes).
"""

from __future__ import annotations

from pathlib import Path

from trackrecord.errors import InputError
from trackrecord.evaluation.corpora import read_conll_sample, read_szeged
from trackrecord.evaluation.measures import Measure, is_judgment, prf
from trackrecord.evaluation.split import SPLIT_FILE, SzegedSplit, load_split
from trackrecord.extract import analyze

__all__ = ["conll_measures", "szeged_measures"]

SZEGED_ANCHOR = "best CoNLL-2010 Wikipedia system 0.602 (older labels, whole corpus)"


def szeged_measures(data: Path, split: SzegedSplit | None = None) -> list[Measure]:
    """Sentence-level uncertainty P/R/F1 on the Szeged dev and test halves.

    Args:
        data: the shared data folder.
        split: the document ids of each half (default: the committed ``szeged_split.json``).

    Raises:
        InputError: when the split and the corpus do not hold the same documents.
    """
    halves = split if split is not None else load_split()
    side = {doc: half for half in ("dev", "test") for doc in halves[half]}
    counts = {half: [0, 0, 0, 0] for half in ("dev", "test")}  # tp, fp, fn, sentences
    seen: set[str] = set()
    for para in read_szeged(data / "szeged-uncertainty-wikiweasel" / "wiki.xml"):
        if para.doc not in side:
            raise InputError(
                f"Szeged document {para.doc!r} is in neither half of {SPLIT_FILE.name}: the "
                "corpus changed; regenerate the split (python -m trackrecord.evaluation.split)"
            )
        seen.add(para.doc)
        tally = counts[side[para.doc]]
        cues = [j.cue_start for j in analyze(para.text) if is_judgment(j)]
        for (start, end), gold in zip(para.spans, para.uncertain, strict=True):
            ours = any(start <= c < end for c in cues)
            tally[0] += gold and ours
            tally[1] += ours and not gold
            tally[2] += gold and not ours
            tally[3] += 1
    if missing := set(side) - seen:
        raise InputError(
            f"{len(missing)} documents of {SPLIT_FILE.name} are not in the Szeged corpus: "
            "regenerate the split (python -m trackrecord.evaluation.split)"
        )
    out: list[Measure] = []
    for half in ("dev", "test"):
        tp, fp, fn, sentences = counts[half]
        p, r, f = prf(tp, fp, fn)
        detail = (
            f"P {p:.3f} R {r:.3f} (tp {tp}, fp {fp}, fn {fn}; {len(halves[half])} documents, "
            f"{sentences} sentences)"
        )
        out.append(
            Measure(
                f"szeged_{half}_f1",
                f"Szeged {half}: sentence uncertainty F1",
                f,
                detail,
                "≥ 0.70",
                SZEGED_ANCHOR,
            )
        )
        if half == "test":
            out.append(
                Measure(
                    "szeged_test_precision",
                    "Szeged test: sentence uncertainty precision",
                    p,
                    f"tp {tp}, fp {fp}",
                    "≥ 0.80",
                )
            )
    return out


def conll_measures(data: Path) -> list[Measure]:
    """Uncertain-class and certain-class P/R/F1 on the CoNLL-2010 3,000-sentence sample."""
    rows = read_conll_sample(
        data / "conll2010-wikipedia-uncertainty-sample" / "uncertainty-conll2010.csv"
    )
    pairs = [(gold, any(is_judgment(j) for j in analyze(text))) for text, gold in rows]
    tp = sum(g and o for g, o in pairs)
    fp = sum(o and not g for g, o in pairs)
    fn = sum(g and not o for g, o in pairs)
    tn = len(pairs) - tp - fp - fn
    p, r, f = prf(tp, fp, fn)
    cp, cr, cf = prf(tn, fn, fp)
    accuracy = (tp + tn) / len(pairs) if pairs else 0.0
    return [
        Measure(
            "conll_uncertain_f1",
            "CoNLL-2010 sample: uncertain-class F1 (not gated)",
            f,
            f"P {p:.3f} R {r:.3f}; accuracy {accuracy:.3f}",
            "",
            "pattern word-list baseline ≈ 0.68",
        ),
        Measure(
            "conll_certain_f1",
            "CoNLL-2010 sample: certain-class F1 (not gated)",
            cf,
            f"P {cp:.3f} R {cr:.3f}",
            "",
            "pattern (certain class): F1 > 0.68, P > 0.72, R > 0.63",
        ),
    ]
