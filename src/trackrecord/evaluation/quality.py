"""`trackrecord eval`: the extractor measured on public data that no one here wrote.

Each measure is defined in ``docs/quality.md`` (written by `write_report`); in short:

- **seed**: required rows of ``gold/seed.jsonl`` passed (`trackrecord.evaluation.gold`).
- **szeged**: sentence-level uncertainty on the Szeged WikiWeasel re-annotation. A sentence is
  gold-positive when it holds any ``ccue``. The extractor runs once per paragraph (the sentences of
  a ``DocumentPart`` joined by one space); a sentence is predicted positive when the cue of a
  forecast or assessment starts inside it (alignment by character offset, not by our segmenter).
- **conll**: the 3,000-sentence CoNLL-2010 sample, one `analyze` call per sentence; positive when
  any forecast or assessment is extracted. Both classes are reported.
- **polnear**: holder F1 on PolNeAR for forecasts and assessments that overlap a gold attribution.
- **reader**: leave-one-survey-out median absolute error of the ``reader`` yardstick.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trackrecord.evaluation.corpora import (
    Attribution,
    PolnearArticle,
    read_conll_sample,
    read_polnear,
    read_szeged,
)
from trackrecord.evaluation.gold import load_gold, match, summarise
from trackrecord.evaluation.surveys import SURVEYED, load_surveys, per_survey
from trackrecord.extract import EXTRACTOR_VERSION, analyze
from trackrecord.extract.lexicon import wordset
from trackrecord.models import Judgment

__all__ = [
    "FLOORS",
    "Measure",
    "QualityReport",
    "check_floors",
    "evaluate",
    "find_shared",
    "holder_matches",
    "load_floors",
    "prf",
    "render_markdown",
    "render_table",
]

FLOORS = Path(__file__).resolve().parent / "floors.json"
"""Pinned floors (``min``: higher is better) and ceilings (``max``: lower is better)."""

JUDGMENT_KINDS = ("forecast", "assessment")


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the quality table.

    Attributes:
        key: the name floors refer to.
        label: what it measures, for people.
        value: the headline number.
        detail: precision, recall, counts and the like.
        goal: the issue's goal ("≥ 0.75"), empty when none.
        anchor: a published or baseline number to compare with.
    """

    key: str
    label: str
    value: float
    detail: str = ""
    goal: str = ""
    anchor: str = ""


@dataclass(slots=True)
class QualityReport:
    """All measures of one run."""

    measures: list[Measure] = field(default_factory=list)
    seconds: float = 0.0
    command: str = "trackrecord eval"

    def values(self) -> dict[str, float]:
        """Measure key → headline value."""
        return {m.key: m.value for m in self.measures}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _is_judgment(j: Judgment) -> bool:
    return j.kind in JUDGMENT_KINDS


# --- seed ---------------------------------------------------------------------------------


def seed_measure(shared: Path) -> Measure | None:
    """Required rows of gold/seed.jsonl passed, on the articles in ../shared/examples."""
    gold = shared / "gold" / "seed.jsonl"
    if not gold.is_file():
        return None
    items = load_gold(gold)
    docs: dict[str, list[Judgment]] = {}
    for name in {item.doc for item in items}:
        path = shared / "examples" / name
        docs[name] = analyze(path.read_text(encoding="utf-8")) if path.is_file() else []
    counts = summarise(match(items, docs))
    total = counts["required_total"]
    return Measure(
        "seed_required",
        "seed gold: required rows passed",
        counts["required_passed"] / total if total else 0.0,
        f"{counts['required_passed']}/{total} required, "
        f"{counts['optional_passed']}/{counts['optional_total']} optional",
        "100%",
    )


# --- uncertainty --------------------------------------------------------------------------


def szeged_measure(data: Path) -> Measure:
    """Sentence-level uncertainty P/R/F1 on szeged-uncertainty-wikiweasel/wiki.xml."""
    tp = fp = fn = 0
    for para in read_szeged(data / "szeged-uncertainty-wikiweasel" / "wiki.xml"):
        cues = [j.cue_start for j in analyze(para.text) if _is_judgment(j)]
        for (start, end), gold in zip(para.spans, para.uncertain, strict=True):
            ours = any(start <= c < end for c in cues)
            tp += gold and ours
            fp += ours and not gold
            fn += gold and not ours
    p, r, f = prf(tp, fp, fn)
    return Measure(
        "szeged_f1",
        "Szeged wiki.xml: sentence uncertainty F1",
        f,
        f"P {p:.3f} R {r:.3f} (tp {tp}, fp {fp}, fn {fn})",
        "≥ 0.75",
        "best CoNLL-2010 Wikipedia system 0.602 (older labels)",
    )


def conll_measures(data: Path) -> list[Measure]:
    """Uncertain-class and certain-class P/R/F1 on the CoNLL-2010 3,000-sentence sample."""
    rows = read_conll_sample(
        data / "conll2010-wikipedia-uncertainty-sample" / "uncertainty-conll2010.csv"
    )
    pairs = [(gold, any(_is_judgment(j) for j in analyze(text))) for text, gold in rows]
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
            "CoNLL-2010 sample: uncertain-class F1",
            f,
            f"P {p:.3f} R {r:.3f}; accuracy {accuracy:.3f}",
            "≥ 0.75",
            "pattern word-list baseline ≈ 0.68",
        ),
        Measure(
            "conll_certain_f1",
            "CoNLL-2010 sample: certain-class F1",
            cf,
            f"P {cp:.3f} R {cr:.3f}",
            "",
            "pattern (certain class): F1 > 0.68, P > 0.72, R > 0.63",
        ),
    ]


# --- holders ------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_PRONOUNS = wordset("i we he she they it you me us him her them his its their our my one this that")
_FUNCTION = wordset(
    "the a an of and or for in on at to by from with 's s mr mrs ms dr miss sen rep gov "
    "president former"
)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("\u2019", "'")) if w not in _FUNCTION}


def _is_pronoun(text: str) -> bool:
    words = _WORD.findall(text.lower())
    return bool(words) and all(w in _PRONOUNS for w in words)


def holder_matches(holder: str, gold_sources: Sequence[str]) -> bool:
    """Whether an extracted holder names a gold source.

    A match is any shared content word, case-insensitive (function words, titles and pronouns
    do not count): "Donald Trump" matches "Trump" and "the Trump campaign". Either gold form
    counts: the source as written, or (for a pronoun) its antecedent.
    """
    ours = _words(holder) - _PRONOUNS
    if any(ours & (_words(source) - _PRONOUNS) for source in gold_sources if source):
        return True
    # an unresolved pronoun matches the same pronoun as written in the gold
    return (
        bool(gold_sources)
        and _is_pronoun(holder)
        and _norm_words(holder) == _norm_words(gold_sources[0])
    )


def _norm_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


ANTECEDENTS = 3
"""How many earlier distinct named sources a pronoun source may refer to."""


def _antecedents(attributions: Sequence[Attribution], index: int) -> list[str]:
    """The nearest earlier distinct non-pronoun sources: candidate referents of a pronoun."""
    out: list[str] = []
    for a in reversed(attributions[:index]):
        if a.source and not _is_pronoun(a.source) and a.source.lower() not in out:
            out.append(a.source.lower())
            if len(out) == ANTECEDENTS:
                break
    return out


def _covering(j: Judgment, attributions: Sequence[Attribution]) -> int | None:
    """The innermost gold attribution whose cue or content holds the judgment's cue."""
    best: tuple[int, int] | None = None
    for n, a in enumerate(attributions):
        size = None
        if a.cue and j.cue_start < a.cue[1] and a.cue[0] < j.cue_end:
            size = 0
        elif a.content and a.content[0] <= j.cue_start and j.cue_end <= a.content[1]:
            size = a.content[1] - a.content[0]
        if size is not None and (best is None or size < best[0]):
            best = (size, n)
    return None if best is None else best[1]


@dataclass(frozen=True, slots=True)
class HolderCase:
    """One judgment scored for its holder (kept for the report's examples)."""

    article: str
    sentence: str
    cue: str
    holder: str
    gold: str
    correct: bool


def holder_cases(articles: Iterable[PolnearArticle]) -> list[HolderCase]:
    """Every extracted forecast/assessment that overlaps a gold attribution, scored."""
    cases: list[HolderCase] = []
    for article in articles:
        ordered = sorted(article.attributions, key=lambda a: (a.cue or a.content or (0, 0))[0])
        for j in analyze(article.text):
            if not _is_judgment(j):
                continue
            n = _covering(j, ordered)
            if n is None:
                continue
            gold = ordered[n].source
            if not gold:
                correct = j.holder == "author"
            elif j.holder == "author":
                correct = False
            else:
                forms = [gold, *_antecedents(ordered, n)] if _is_pronoun(gold) else [gold]
                correct = holder_matches(j.holder, forms)
            cases.append(HolderCase(article.name, j.text, j.cue, j.holder, gold, correct))
    return cases


def polnear_measure(data: Path, compartment: str = "dev") -> Measure:
    """Holder P/R/F1 on one PolNeAR compartment ("author" is the null label)."""
    cases = holder_cases(read_polnear(data / "polnear" / compartment))
    tp = sum(c.correct and bool(c.gold) for c in cases)
    fp = sum(c.holder != "author" and not c.correct for c in cases)
    fn = sum(bool(c.gold) and not c.correct for c in cases)
    p, r, f = prf(tp, fp, fn)
    return Measure(
        f"polnear_{compartment}_holder_f1",
        f"PolNeAR {compartment}: holder F1 (judgments in gold attributions)",
        f,
        f"P {p:.3f} R {r:.3f} over {len(cases)} judgments",
        "≥ 0.70",
        "human agreement 0.92 (attribution level)",
    )


# --- yardstick ----------------------------------------------------------------------------


def reader_measure(data: Path) -> Measure:
    """Leave-one-survey-out median absolute error of the reader yardstick's point values.

    For each survey S and each phrase S covers that at least one other survey covers too, the
    yardstick is rebuilt from the other surveys (median of their medians, as the build script
    does) and compared with S's median; the measure is the median of these errors.
    """
    stats = per_survey(load_surveys(data))
    errors: list[float] = []
    for phrase, rows in stats.items():
        if phrase not in SURVEYED or len(rows) < 2:
            continue
        for k, row in enumerate(rows):
            others = [r[2] for n, r in enumerate(rows) if n != k]
            errors.append(abs(statistics.median(others) - row[2]) / 100)
    mae = statistics.median(errors) if errors else 1.0
    worst = max(errors) if errors else 1.0
    return Measure(
        "reader_loo_mae",
        "reader yardstick: leave-one-survey-out median abs. error",
        mae,
        f"{len(errors)} (phrase, survey) pairs; mean {statistics.fmean(errors or [1.0]):.3f}, "
        f"max {worst:.3f}",
        "≤ 0.05",
    )


# --- run, floors, output ------------------------------------------------------------------


def evaluate(
    data: Path,
    gold: Path | None = None,
    *,
    polnear_test: bool = False,
    progress: Callable[[str], None] | None = None,
) -> QualityReport:
    """Run every measure whose data is present.

    Args:
        data: the shared data folder (``../shared/data``).
        gold: the folder holding ``seed.jsonl``; its parent must hold ``examples/``.
        polnear_test: also measure on PolNeAR test (a final check, to be run once).
        progress: called with the name of each measure before it runs.
    """
    start = time.perf_counter()
    report = QualityReport()
    say = progress or (lambda _: None)
    if gold is not None:
        say("seed")
        seed = seed_measure(gold.parent) if (gold / "seed.jsonl").is_file() else None
        if seed is not None:
            report.measures.append(seed)
    steps: list[tuple[str, Path, Callable[[], list[Measure]]]] = [
        ("szeged", data / "szeged-uncertainty-wikiweasel", lambda: [szeged_measure(data)]),
        ("conll", data / "conll2010-wikipedia-uncertainty-sample", lambda: conll_measures(data)),
        ("polnear dev", data / "polnear" / "dev", lambda: [polnear_measure(data, "dev")]),
        ("reader", data / "capphrase", lambda: [reader_measure(data)]),
    ]
    if polnear_test:
        steps.append(
            ("polnear test", data / "polnear" / "test", lambda: [polnear_measure(data, "test")])
        )
    for name, needed, run in steps:
        if needed.exists():
            say(name)
            report.measures.extend(run())
    report.seconds = time.perf_counter() - start
    return report


def find_shared(start: Path | None = None) -> Path | None:
    """The ``shared`` folder beside the project: ``../shared`` of the working directory or of
    the source tree, whichever has a ``data`` folder."""
    here = Path(__file__).resolve()
    for base in (start or Path.cwd(), here.parents[3], here.parents[2]):
        candidate = base.resolve().parent / "shared"
        if (candidate / "data").is_dir():
            return candidate
    return None


def load_floors(path: Path = FLOORS) -> dict[str, dict[str, float]]:
    """The pinned floors: ``{"min": {key: value}, "max": {key: value}}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"min": dict(data.get("min", {})), "max": dict(data.get("max", {}))}


def check_floors(
    values: Mapping[str, float], floors: Mapping[str, Mapping[str, float]]
) -> list[str]:
    """Every pinned floor or ceiling that `values` breaks, as a message (measured keys only)."""
    out: list[str] = []
    for key, floor in floors.get("min", {}).items():
        if key in values and values[key] < floor:
            out.append(f"{key} = {values[key]:.4f} is below its floor {floor}")
    for key, ceiling in floors.get("max", {}).items():
        if key in values and values[key] > ceiling:
            out.append(f"{key} = {values[key]:.4f} is above its ceiling {ceiling}")
    return out


def render_table(report: QualityReport) -> str:
    """A plain-text table for the terminal."""
    rows = [("measure", "value", "detail", "goal")]
    rows += [(m.label, f"{m.value:.3f}", m.detail, m.goal) for m in report.measures]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({report.seconds:.0f} s, extractor {EXTRACTOR_VERSION})")
    return "\n".join(lines)


def render_markdown(report: QualityReport, floors: Mapping[str, Mapping[str, float]]) -> str:
    """docs/quality.md: the table, the floors, the command and the definitions."""
    lines = [
        "# Extraction quality",
        "",
        "Measured on public data that no one in this project wrote (../shared/data, see its",
        f"README.md), with extractor {EXTRACTOR_VERSION}. Reproduce with:",
        "",
        "```",
        report.command,
        "```",
        "",
        "| measure | value | detail | goal | floor | anchor |",
        "|---|---|---|---|---|---|",
    ]
    for m in report.measures:
        pinned = floors.get("min", {}).get(m.key)
        ceiling = floors.get("max", {}).get(m.key)
        floor = f"≥ {pinned}" if pinned is not None else (f"≤ {ceiling}" if ceiling else "")
        lines.append(
            f"| {m.label} | {m.value:.3f} | {m.detail} | {m.goal} | {floor} | {m.anchor} |"
        )
    lines += ["", DEFINITIONS]
    return "\n".join(lines)


DEFINITIONS = """## Definitions

Floors and ceilings are pinned in `src/trackrecord/evaluation/floors.json` and checked by
`tests/evaluation/test_quality_floors.py`; a floor only goes up (lowering one is an explicit,
explained change). `trackrecord eval` exits with code 1 when a pinned floor is broken.

- **Seed gold.** `gold/seed.jsonl` matched against `analyze` on `examples/` with the rules of
  ANNOTATION.md section 5 (`trackrecord.evaluation.gold`); the value is the share of required
  rows passed.
- **Szeged sentence uncertainty.** `szeged-uncertainty-wikiweasel/wiki.xml`, all 20,748
  sentences (titles included). A sentence is gold-positive when it holds any `<ccue>`.
  The extractor runs once per `DocumentPart` (the paragraph's sentences joined by one space, so
  that cross-sentence context such as headlines and pronouns behaves as in an article); a
  sentence is predicted positive when the cue of an extracted forecast or assessment *starts*
  inside its character span. Alignment is by offset, so our own sentence splitter cannot shift
  a cue into the wrong gold sentence. Claims do not count.
- **CoNLL-2010 sample.** `conll2010-wikipedia-uncertainty-sample`: 3,000 sentences, 1,500
  uncertain (label -1). `analyze` runs on each sentence alone; a sentence is predicted uncertain
  when any forecast or assessment is extracted. Reported for the uncertain class (the CoNLL-2010
  measure) and the certain class (pattern's baseline is stated for the certain class).
  These labels are the older, *weasel-inclusive* CoNLL-2010 ones: "some", "many", "often",
  "several", "generally", "one of the most" make a sentence uncertain there. ANNOTATION.md
  says such words are not judgments (no degree of belief about an open proposition), so the
  extractor does not emit them, and its recall on this sample is bounded well below the
  issue's goal. The Szeged re-annotation of the same Wikipedia text marks semantic
  uncertainty only and is the measure the extractor is tuned towards.
- **PolNeAR holder F1.** `polnear/dev` (84 articles; where an article was annotated twice the
  file that sorts first is used). A forecast or assessment *overlaps* a gold attribution when
  its cue overlaps the attribution's Cue span or lies inside its Content span; the innermost
  such attribution (a cue overlap first, then the shortest content) is its gold attribution.
  Judgments overlapping none are not scored. The holder is *correct* when it shares a content
  word (case-insensitive; articles, prepositions, titles such as "Mr" and pronouns do not count)
  with the gold Source text, or, when the gold Source is a pronoun ("he", "they"), when it is
  that same pronoun or shares a content word with one of the three nearest earlier distinct
  non-pronoun Sources of the article (its candidate antecedents); when the gold attribution
  has no Source, the holder is correct when it is `author`. `author` is the null label:
  TP = correct with a gold Source; FP = a non-author holder that is wrong; FN = a gold Source
  not matched (including `author` where there is a source). PolNeAR test is measured only with
  `--polnear-test`, once, as a final check.
- **Reader yardstick error.** For each of the four surveys S and each phrase that S and at
  least one other survey cover, the point value is rebuilt from the other surveys alone (the
  median of their medians, as `scripts/build_reader_yardstick.py` does with all four) and
  compared with S's median. The value is the median over these (phrase, survey) pairs of the
  absolute error, on the 0-1 scale. The shipped `reader` uses all four surveys, so this is
  leave-one-survey-out by construction.
"""
