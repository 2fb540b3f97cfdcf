"""Build ``src/trackrecord/extract/yardsticks/reader.json`` from public probability-word surveys.

Method
------
The ``reader`` yardstick says what ordinary readers take probability words to mean. It is computed
from the raw responses of four public surveys in ``../shared/data`` (see its README.md):

- ``capphrase/absolute_judgements.csv`` (Kucharski, CAPphrase, 5,174 respondents, CC BY 4.0);
- ``wep-survey-fagen-ulmschneider/survey-results.csv`` (123 respondents);
- ``wep-perceptions-zonination/probly.csv`` (46 respondents, MIT);
- ``wep-survey-mauboussin/probability_survey_results.csv`` (Mauboussin & Mauboussin 2018).

1. For each survey and phrase, keep the answers that parse as numbers in [0, 100] and take their
   median and quartiles (``statistics.quantiles(method="inclusive")``, the usual linear rule).
   Spellings that differ between surveys ("almost certainly" / "almost certain") are one phrase.
2. For each phrase, take the median across surveys of those medians, of the lower quartiles and of
   the upper quartiles: each survey gets one vote, so the largest survey does not drown the others.
   The point value ``p`` is that median and ``[low, high]`` the interquartile range, over 100.
3. A cue key gets ``basis: "survey"`` when a surveyed phrase is the cue itself ("likely",
   "we believe" for *believe*, "might happen" for *might*). Every other cue key the extractor
   emits gets ``basis: "analogy"``: the values of the nearest surveyed phrase named in ``ANALOGY``
   below, with the reason in ``note``. Intensifiers move one surveyed step along the scale
   ("extremely unlikely" takes "almost no chance", one step below "highly unlikely").

Run from the repository root (``--data`` points elsewhere)::

    python scripts/build_reader_yardstick.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "trackrecord" / "extract" / "yardsticks" / "reader.json"
VERSION = "1.1"

# Cue key without a survey entry → (surveyed phrase whose values it takes, reason).
ANALOGY = {
    "certain": ("certainly", "'certain to' read as 'certainly' (Mauboussin)"),
    "far from certain": ("probably not", "certainty denied with emphasis: doubt leaning to no"),
    "not certain": ("about even", "certainty denied, neither side favoured, like 'uncertain'"),
    "very likely": ("highly likely", "'very' and 'highly' are the same intensifier"),
    "extremely likely": ("almost certain", "one surveyed step above 'highly likely'"),
    "most likely": ("highly likely", "'will most likely' read as 'highly likely'"),
    "more likely than not": ("better than even", "same meaning as 'better than even'"),
    "very unlikely": ("highly unlikely", "'very' and 'highly' are the same intensifier"),
    "extremely unlikely": ("almost no chance", "one surveyed step below 'highly unlikely'"),
    "good chance": ("likely", "between 'better than even' and 'very good chance'"),
    "possible": ("possibly", "adjective of the surveyed adverb 'possibly'"),
    "perhaps": ("maybe", "synonym of 'maybe'"),
    "chances are": ("probably", "'chances are (that)' read as 'probably'"),
    "no doubt": ("almost certain", "'I have no doubt' read as 'almost certain'"),
    "doubtful": ("we doubt", "adjective of 'we doubt'"),
    "debatable": ("might happen", "open to dispute: doubt without rejection, like 'might'"),
    "questionable": ("probably not", "doubt leaning to rejection, like 'probably not'"),
    "uncertain": ("about even", "an open question: neither side favoured"),
    "unclear": ("about even", "an open question: neither side favoured"),
    "remains to be seen": ("about even", "an open question: neither side favoured"),
    "too early to tell": ("about even", "an open question: neither side favoured"),
    "not ruled out": ("could happen", "a possibility kept open, like 'could'"),
    "may well": ("real possibility", "'may well' is stronger than 'may': a real possibility"),
    "reportedly": ("probably", "evidential: a report the writer relays but does not vouch for"),
    "allegedly": ("maybe", "evidential that distances the writer from the claim"),
    "apparently": ("probably", "evidential: an inference from appearances"),
    "said to": ("probably", "evidential: a report the writer relays but does not vouch for"),
    "understood to": ("probably", "evidential: a report the writer relays but does not vouch for"),
    "seems": ("probably", "evidential: an inference from appearances"),
    "expect": ("likely", "'we expect' read as 'likely'"),
    "think": ("we believe", "'think' is the everyday form of 'believe'"),
    "suspect": ("better than even", "a tentative belief, weaker than 'we believe'"),
    "predict": ("likely", "a prediction read as 'likely'"),
    "forecast": ("likely", "a forecast read as 'likely'"),
    "anticipate": ("likely", "'anticipate' read as 'expect'"),
    "reckon": ("we believe", "'reckon' is the informal form of 'believe'"),
    "fear": ("real possibility", "a feared event is held a real possibility"),
    "set to": ("very good chance", "'set to', 'on course to': stronger than 'likely'"),
    "bound to": ("almost certain", "'bound to', 'sure to' read as 'almost certain'"),
    "widely considered": ("probable", "a consensus view relayed by the writer"),
    "faces": ("likely", "'faces a fine' read as 'is likely to be fined'"),
    "considered": ("probable", "'is considered', 'is seen as': a view relayed by the writer"),
    "suggest": ("better than even", "evidence that points one way without settling it"),
}


def build(data: Path) -> dict[str, object]:
    """The reader yardstick as a JSON-ready dict."""
    sys.path.insert(0, str(REPO / "src"))
    from trackrecord.evaluation.surveys import SURVEYED, load_surveys, summarise
    from trackrecord.extract.lexicon import KEYS

    summary = summarise(load_surveys(data))
    entries: dict[str, dict[str, object]] = {}
    for phrase, key in SURVEYED.items():
        if phrase in summary and key not in entries:
            s = summary[phrase]
            entries[key] = {
                "p": s["p"], "low": s["low"], "high": s["high"], "basis": "survey",
                "note": f"'{phrase}': median and IQR across {', '.join(s['surveys'])} "  # type: ignore[arg-type]
                f"(n={s['n']})",
            }  # fmt: skip
    for key, (phrase, reason) in ANALOGY.items():
        s = summary[phrase]
        entries[key] = {
            "p": s["p"], "low": s["low"], "high": s["high"], "basis": "analogy",
            "note": f"as '{phrase}': {reason}",
        }  # fmt: skip
    missing = [k for k in KEYS if k not in entries]
    if missing:
        raise SystemExit(f"no survey entry or analogy for cue keys: {', '.join(missing)}")
    return {
        "name": "reader",
        "version": VERSION,
        "source": "Medians and interquartile ranges of four public probability-word surveys "
        "(CAPphrase/Kucharski; Fagen-Ulmschneider; zonination /r/samplesize; Mauboussin & "
        "Mauboussin 2018), one vote per survey; built by scripts/build_reader_yardstick.py.",
        "entries": {k: entries[k] for k in KEYS},
    }


def main() -> int:
    """Write reader.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"survey data not found at {args.data}; pass --data", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(build(args.data), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
