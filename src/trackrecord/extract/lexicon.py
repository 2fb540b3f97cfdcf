"""The cue inventory: every cue key the extractor emits, its family and its surface forms.

A *cue key* is the canonical name of a cue ("likely", "highly unlikely", "may", "expect"); the
yardsticks map keys to probabilities. Surfaces are written as spaCy's English tokenizer splits them
("wo n't", "50 - 50") and expanded from ``a|b`` alternatives, so the same table drives the
`PhraseMatcher`, the prefilter regex and `cue_key`, the parser that recovers a key from a stored
cue string (which is what lets `remap` work without re-extraction).

Families, in the order that decides which word of a compound cue carries the probability
("think ... may not" takes the modal's; "I have no doubt ... will" takes "no doubt"'s):
numeric, phrase, adjective, modal, evidential, verb, will.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any, Literal

__all__ = [
    "CLAIM_VERBS",
    "CUES",
    "FAMILY_RANK",
    "KEYS",
    "NUMERIC_CUE",
    "OUTCOME_NOUNS",
    "REPORTING_WORDS",
    "CueKey",
    "CueSpec",
    "alternation",
    "cue_key",
    "numeric_probability",
    "surfaces",
    "trigger_pattern",
    "wordset",
]


def wordset(text: str) -> frozenset[str]:
    """The set of the space-separated words of `text` (for word lists written as one string)."""
    return frozenset(text.split())


Family = Literal["numeric", "phrase", "adjective", "modal", "evidential", "verb", "will"]
FAMILY_RANK: dict[str, int] = {
    "numeric": 0,
    "phrase": 1,
    "adjective": 2,
    "modal": 3,
    "evidential": 4,
    "verb": 5,
    "will": 6,
}


@dataclass(frozen=True, slots=True)
class CueSpec:
    """One cue key.

    Attributes:
        key: the canonical name, also the yardstick entry name.
        family: which family of ANNOTATION.md section 1 it belongs to (plus evidentials, "will").
        kind: the default kind of the judgment it makes, before context adjusts it.
        forms: surface forms, tokenised as spaCy does, with ``a|b`` alternatives per token.
    """

    key: str
    family: Family
    kind: Kind
    forms: tuple[str, ...]


Kind = Literal["forecast", "assessment"]


def _c(key: str, family: Family, kind: Kind, *forms: str) -> CueSpec:
    return CueSpec(key, family, kind, forms)


NUMERIC_CUE = (
    r"\d{1,3}(?:\.\d+)?\s*(?:-\s*)?(?:%|per\s?-?\s?cent|percent)\s*(?:-\s*)?"
    r"(?:chance|probability|likelihood|odds|risk)"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|an?)[\s-]+in[\s-]+"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred|hundred)"
    r"[\s-]+(?:chance|odds|probability|likelihood|risk)"
)
"""A stated probability: "a 30% chance", "70 per cent likelihood", "one-in-three odds"."""

# What the prefilter looks for to catch NUMERIC_CUE: its words that are not anchors already
# ("odds", "probability" and "likelihood" are), each starting with a literal, so cheap to scan.
_NUMERIC_TRIGGER = (
    r"%\s*-?\s*(?:chance|risk)|per\s?-?\s?cent\s+(?:chance|risk)|percent\s+(?:chance|risk)"
    r"|in[\s-]+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred|hundred)"
    r"[\s-]+(?:chance|risk)"
)

_STRONG = "very|really|so"
_EXTREME = "extremely|exceedingly|overwhelmingly|incredibly|exceptionally|vanishingly"

CUES: tuple[CueSpec, ...] = (
    # probability phrases
    _c(
        "almost certain",
        "phrase",
        "forecast",
        "almost|virtually|nearly|near|practically certain|certainly",
        "all but certain|certainly",
    ),
    _c("certain", "phrase", "forecast", "certain to|that"),
    # certainty denied: "not certain" leaves the question open, "far from certain" leans to no
    _c(
        "far from certain",
        "phrase",
        "forecast",
        "far from certain|sure|assured",
        "hardly certain|sure|assured",
        "by no means certain|sure|assured",
        "not at all certain|sure|assured",
        "anything but certain|sure|assured",
    ),
    _c(
        "not certain",
        "phrase",
        "forecast",
        "not|n't|never certain|sure",
        "not|n't entirely|necessarily|altogether|completely|yet certain|sure",
        "less than certain|sure",
    ),
    _c("highly likely", "phrase", "forecast", "highly likely|probable"),
    _c("very likely", "phrase", "forecast", f"{_STRONG} likely|probable|probably"),
    _c("extremely likely", "phrase", "forecast", f"{_EXTREME} likely|probable"),
    _c(
        "most likely", "phrase", "forecast", "most likely|probably", "in all likelihood|probability"
    ),
    _c("likely", "phrase", "forecast", "likely"),
    _c("probable", "phrase", "forecast", "probable"),
    _c("probably", "phrase", "forecast", "probably"),
    _c("more likely than not", "phrase", "forecast", "more likely than not"),
    _c(
        "better than even",
        "phrase",
        "forecast",
        "better than even",
        "better - than - even",
        "better than evens",
    ),
    _c(
        "about even",
        "phrase",
        "forecast",
        "about|roughly|around even chance|odds",
        "even chance|odds",
        "fifty - fifty",
        "50 - 50",
        "as likely as not",
        "toss - up",
    ),
    _c("unlikely", "phrase", "forecast", "unlikely"),
    _c("improbable", "phrase", "forecast", "improbable"),
    _c("very unlikely", "phrase", "forecast", f"{_STRONG} unlikely|improbable"),
    _c("highly unlikely", "phrase", "forecast", "highly unlikely|improbable", "most unlikely"),
    _c("extremely unlikely", "phrase", "forecast", f"{_EXTREME} unlikely|improbable"),
    _c(
        "almost no chance",
        "phrase",
        "forecast",
        "almost|virtually|practically no chance|prospect",
        "little or no chance",
        "no chance",
        "almost|virtually|practically|nearly impossible",
        "next to impossible",
    ),
    _c(
        "little chance",
        "phrase",
        "forecast",
        "little|slim|small|slight|low|scant chance|chances|prospect|prospects|likelihood",
    ),
    _c("chances are slight", "phrase", "forecast", "chances are slight|slim|small"),
    _c("remote chance", "phrase", "forecast", "remote|outside chance|possibility"),
    _c(
        "very good chance",
        "phrase",
        "forecast",
        "very good chance",
        "excellent|strong|high chance|likelihood|probability",
        "every chance",
        "every likelihood",
    ),
    _c("good chance", "phrase", "forecast", "good|decent|fair|reasonable|real chance"),
    _c("realistic possibility", "phrase", "forecast", "realistic possibility"),
    _c("real possibility", "phrase", "forecast", "real|distinct|genuine|definite possibility"),
    _c("serious possibility", "phrase", "forecast", "serious|strong possibility"),
    _c(
        "possible",
        "phrase",
        "forecast",
        "possible",
        "possibility that",
        "conceivable",
        "conceivably",
    ),
    _c("possibly", "phrase", "forecast", "possibly"),
    _c("maybe", "phrase", "assessment", "maybe"),
    _c("perhaps", "phrase", "assessment", "perhaps"),
    _c(
        "chances are",
        "phrase",
        "forecast",
        "chances are",
        "the chances are",
        "odds are",
        "the odds are",
        "odds - on",
    ),
    _c(
        "no doubt",
        "phrase",
        "assessment",
        "no|little doubt",
        "without doubt",
        "without a doubt",
        "no doubt whatsoever",
    ),
    # assessment adjectives and open questions
    _c("doubtful", "adjective", "assessment", "doubtful"),
    _c("debatable", "adjective", "assessment", "debatable"),
    _c(
        "questionable",
        "adjective",
        "assessment",
        "questionable",
        "open to question",
        "question|questions|questioned|questioning whether|if",
        "doubt|doubts over|about|on whether|if",
    ),
    _c(
        "uncertain",
        "adjective",
        "assessment",
        "uncertain",
        "in doubt",
        "wonder|wonders|wondered|wondering whether|if",
        "divided on|over|about whether",
        "an open question",
    ),
    _c(
        "unclear",
        "adjective",
        "assessment",
        "unclear",
        "not clear",
        "far from clear",
        "hardly clear",
        "not at all clear",
        "not|n't entirely clear",
        "by no means clear",
        "anything but clear",
        "less than clear",
        "unknown|not known whether|if",
    ),
    _c(
        "remains to be seen",
        "adjective",
        "assessment",
        "remains|remain|remained to be seen",
        "yet to be seen",
    ),
    _c(
        "too early to tell",
        "adjective",
        "assessment",
        "too early|soon to tell|say|know|judge|predict|call",
    ),
    _c(
        "not ruled out",
        "adjective",
        "forecast",
        "not|n't|never rule|ruled|ruling out",
        "not|n't|never be|been|being ruled out",
        "cannot rule|ruling out",
        "cannot be ruled out",
        "refused|refuses|refusing|declined|declines|declining to rule out",
    ),
    # modal hedges
    _c("may well", "modal", "forecast", "may|might|could well"),
    _c("may", "modal", "forecast", "may"),
    _c("might", "modal", "forecast", "might"),
    _c("could", "modal", "forecast", "could"),
    # evidentials
    _c("reportedly", "evidential", "assessment", "reportedly"),
    _c(
        "allegedly",
        "evidential",
        "assessment",
        "allegedly",
        "supposedly",
        "purportedly",
        "reputedly",
        "alleged",
        "allege|alleges|alleging that",
        "accused of",
        "rumoured|rumored to",
    ),
    _c(
        "apparently",
        "evidential",
        "assessment",
        "apparently",
        "seemingly",
        "ostensibly",
        "presumably",
    ),
    _c("said to", "evidential", "assessment", "is|are|was|were said to"),
    _c("understood to", "evidential", "assessment", "is|are|was|were understood to"),
    _c(
        "seems",
        "evidential",
        "assessment",
        "seem|seems|seemed|appear|appears|appeared to",
        "it seems|appears",
    ),
    # belief and expectation verbs
    _c("expect", "verb", "forecast", "expect|expects|expected|expecting"),
    _c("think", "verb", "assessment", "think|thinks|thought"),
    _c("believe", "verb", "assessment", "believe|believes|believed"),
    _c("suspect", "verb", "assessment", "suspect|suspects|suspected"),
    _c("doubt", "verb", "assessment", "doubt|doubts|doubted"),
    _c("predict", "verb", "forecast", "predict|predicts|predicted|predicting"),
    _c(
        "forecast",
        "verb",
        "forecast",
        "forecast|forecasts|forecasted|project|projects|projected|projecting",
    ),
    _c("anticipate", "verb", "forecast", "anticipate|anticipates|anticipated"),
    _c("reckon", "verb", "assessment", "reckon|reckons|reckoned"),
    _c(
        "fear",
        "verb",
        "forecast",
        "fear|fears|feared",
        "the worry|fear|concern|danger is",
        "concerned|worried|afraid that",
        "worry|worries that",
    ),
    _c("set to", "verb", "forecast", "set|poised|tipped to", "on course|track to|for", "set for"),
    _c("bound to", "verb", "forecast", "bound|sure to"),
    _c("widely considered", "verb", "assessment", "widely considered|regarded"),
    # agentless passives of belief: "is considered (to be) ...", "is seen as ..."
    _c(
        "considered",
        "verb",
        "assessment",
        "considered|deemed|presumed|assumed to",
        "considered",
        "considered|regarded|seen|viewed|perceived as",
    ),
    _c(
        "suggest",
        "verb",
        "assessment",
        "suggest|suggests|suggested|suggesting that",
        "speculate|speculates|speculated|speculating that",
        "hypothesise|hypothesize|hypothesised|hypothesized that",
        "imply|implies|implied|implying that",
    ),
    _c("faces", "verb", "forecast", "faces|face|facing"),
    # plain future
    _c("will", "will", "forecast", "will", "'ll"),
)

KEYS: tuple[str, ...] = tuple(spec.key for spec in CUES)
SPECS: dict[str, CueSpec] = {spec.key: spec for spec in CUES}

# Words too common to prefilter on alone: a surface made only of these is prefiltered as a phrase.
_COMMON = wordset(
    "a an the to of that is are was were be no not n't than as it all in on for or - but "
    "better clear even never remain remains remained said seen up well whatsoever yet question "
    "early soon open set sure considered regarded course track worry concern danger rule ruled "
    "ruling out refused refuses refusing declined declines declining very really so highly most "
    "more little low high real good strong every small fair about around roughly without too "
    "say know tell judge call near nearly practically virtually almost next serious distinct "
    "genuine definite excellent decent reasonable slight scant remote outside 50 bound will "
    "understood 'll chances chance concerned worried worries certain certainly widely appear "
    "appears appeared seem seems seemed tipped poised face faces facing seen viewed deemed "
    "assumed presumed perceived afraid known whether questions questioned if accused suggest "
    "suggests suggested suggesting imply implies implied implying speculate speculates "
    "speculated speculating allege alleges alleging at from by far been being less means "
    "anything cannot completely entirely necessarily altogether"
)

OUTCOME_NOUNS: frozenset[str] = wordset(
    "fine fines ban bans jail prison sentence trial charges charge sack axe closure defeat "
    "relegation extradition deportation eviction bankruptcy strike strikes action "
    "investigation inquiry probe suspension penalty penalties losses cuts redundancy "
    "prosecution impeachment recession collapse shortage shortages shortfall deficit "
    "prospect threat risk danger possibility"
)
"""What one "faces" when the verb forecasts it ("faces a fine", "faces the prospect of ...")."""


def _expand(form: str) -> list[tuple[str, ...]]:
    return list(product(*(tok.split("|") for tok in form.split())))


@lru_cache(maxsize=1)
def surfaces() -> dict[tuple[str, ...], str]:
    """Every surface form (a tuple of lower-case tokens) mapped to its cue key."""
    out: dict[tuple[str, ...], str] = {}
    for spec in CUES:
        for form in spec.forms:
            for words in _expand(form):
                out.setdefault(words, spec.key)
    return out


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching exactly `words`, factored as a character trie.

    Python's ``re`` tries alternatives one by one at every position; sharing prefixes
    ("expect|expected|expects" → "expect(?:ed|s)?") cuts that work to one branch per letter.
    A space matches any run of whitespace and an apostrophe either apostrophe.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [_char(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return body + "?" if len(alts) == 1 and len(alts[0]) == 1 else f"(?:{body})?"
        return body

    return build(trie)


def _char(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['\u2019]"
    return re.escape(ch)


def _written(words: tuple[str, ...]) -> str:
    """A tokenised surface as it is usually written ("wo n't" → "won't", "50 - 50" → "50-50")."""
    out = words[0]
    for word in words[1:]:
        out += word if word in ("-", "n't") or out.endswith("-") else " " + word
    return out


CLAIM_VERBS: tuple[str, ...] = tuple(
    wordset(
        "estimates estimated estimate said says say reported reports report found finds "
        "showed shows show claimed claims claim announced announces revealed reveals "
        "calculated calculates counted recorded records told predicts predicted forecasts "
        "forecast projects projected suggests suggested indicated indicates believes expects "
        "added adds warned warns"
    )
)
"""Reporting verbs that attribute a quantity to a source ("X estimates", "..., X said")."""

REPORTING_WORDS: tuple[str, ...] = (
    *CLAIM_VERBS,
    "according",
    "figures",
    "data",
    "statistics",
    "survey",
    "poll",
)
"""Words that, with a number in the same sentence, make a sentence a candidate for claims."""


def trigger_pattern() -> str:
    """A regular expression for the prefilter, run over the lower-cased text.

    It matches every sentence that holds a cue: each surface form contributes its longest
    uncommon word, or the whole phrase as usually written when all its words are common ("set
    to", "not clear"); the "will" family is left out (it is only a cue inside a belief frame,
    which has its own trigger). Group ``r`` matches the reporting words of claims instead. The
    pattern is a character trie between letter boundaries: linear time, no backtracking.
    """
    anchors: set[str] = set()
    table = surfaces()
    for words, key in table.items():
        if SPECS[key].family == "will":
            continue
        rare = [w for w in words if w not in _COMMON and w.isalpha()]
        own = [w for w in rare if (w,) in table]
        if key == "faces":
            continue  # anchored on the phrase below
        if own or rare:
            anchors.add(max(own or rare, key=len))
        elif words[0] == "n't":
            anchors.add("t " + _written(words[1:]))  # "didn't rule out": "t" follows "'"
        else:
            anchors.add(_written(words))
    reporting = set(REPORTING_WORDS) - anchors
    faces = rf"fac(?:es?|ing)\s+(?:[a-z'-]+\s+){{0,3}}{alternation(OUTCOME_NOUNS)}"
    return (
        rf"(?<![a-z])(?:{alternation(anchors)}|{faces}|{_NUMERIC_TRIGGER}"
        rf"|(?P<r>{alternation(reporting)}))(?![a-z])"
    )


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(s) for s in surfaces())


@dataclass(frozen=True, slots=True)
class CueKey:
    """What a cue string means: its key, its family and, for numeric cues, the number."""

    key: str
    family: Family
    value: float | None = None


_TOKEN = re.compile(r"n't|\d+(?:[.,]\d+)*|[^\W\d_]+|'ll|\S")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "hundred": 100, "a": 1, "an": 1,
}  # fmt: skip
_PERCENT = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*(?:-\s*)?(?:%|per\s*-?\s*cent|percent)", re.IGNORECASE
)
_ONE_IN = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)[\s-]+in[\s-]+"
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred|hundred)\b",
    re.IGNORECASE,
)


def numeric_probability(text: str) -> float | None:
    """The probability a numeric cue states ("a 30% chance" → 0.3, "one-in-three" → 1/3)."""
    m = _PERCENT.search(text)
    if m:
        value = float(m.group(1)) / 100
        return value if 0.0 <= value <= 1.0 else None
    m = _ONE_IN.search(text)
    if m:
        a = _number(m.group(1))
        b = _number(m.group(2).split()[-1])
        if a is not None and b and a <= b:
            return a / b
    return None


def _number(word: str) -> float | None:
    word = word.lower()
    if word.isdigit():
        return float(word)
    return float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else None


@lru_cache(maxsize=4096)
def cue_key(cue: str) -> CueKey | None:
    """The key of a cue string as stored in a judgment ("likely won't" → likely).

    Args:
        cue: the cue text, possibly with " ... " between discontinuous parts.

    Returns:
        The key of the part that carries the probability (see the module docstring for the
        order of families), or None when no known cue is in the string.
    """
    value = numeric_probability(cue)
    if value is not None:
        return CueKey("numeric", "numeric", value)
    table = surfaces()
    longest = _longest()
    best: tuple[int, int, str] | None = None  # (family rank, -length, key)
    for part in cue.split("..."):
        toks = _split_contractions(part)
        for i in range(len(toks)):
            for n in range(min(longest, len(toks) - i), 0, -1):
                key = table.get(tuple(toks[i : i + n]))
                if key is not None and _negation_carrier(toks, i + n, SPECS[key].family, table):
                    break
                if key is not None:
                    rank = (FAMILY_RANK[SPECS[key].family], -n, key)
                    if best is None or rank < best:
                        best = rank
                    break
    if best is None:
        return None
    return CueKey(best[2], SPECS[best[2]].family)


def _negation_carrier(
    toks: list[str], after: int, family: str, table: dict[tuple[str, ...], str]
) -> bool:
    """Whether a modal ending at `after` only carries the negation of a cue right after it.

    In "couldn't expect" and "couldn't seem to" the hedge is "expect" / "seem to", negated, as in
    "can't expect": the matcher reads them so, and the stored cue must read back the same way.
    """
    if family != "modal" or toks[after : after + 1] != ["n't"]:
        return False
    rest = toks[after + 1 :]
    return any(tuple(rest[:n]) in table for n in range(1, min(_longest(), len(rest)) + 1))


_CONTRACTION = re.compile(r"(?i)\b(\w+?)(n't)\b")


def _split_contractions(text: str) -> list[str]:
    """Lower-case tokens split as spaCy splits English ("won't" → "wo", "n't")."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _TOKEN.findall(_CONTRACTION.sub(lambda m: f"{m.group(1)} n't", text))
