"""PolNeAR holder scoring: content-word matches, and pronoun sources under both rules."""

from __future__ import annotations

from trackrecord.evaluation.corpora import Attribution
from trackrecord.evaluation.holders import holder_matches, score_holder


def source(text: str, at: int) -> Attribution:
    return Attribution(source=text, cue=(at, at + 4), content=(at + 5, at + 40))


def test_holder_matching_is_by_content_word() -> None:
    assert holder_matches("Donald Trump", ["Trump"])
    assert holder_matches("Trump", ["the Trump campaign"])
    assert not holder_matches("Mr Smith", ["Ms Jones"])
    assert not holder_matches("the", ["the IMF"])  # function words do not count
    assert holder_matches("he", ["he"])  # an unresolved pronoun, as written in the gold


def test_a_named_source_and_no_source() -> None:
    article = [source("Senator Ortiz", 0), source("", 50)]
    assert score_holder("Ortiz", article, 0) == (True, True)
    assert score_holder("author", article, 0) == (False, False)
    assert score_holder("author", article, 1) == (True, True)
    assert score_holder("Ortiz", article, 1) == (False, False)


def test_a_pronoun_source_strict_takes_the_nearest_named_one_only() -> None:
    # the pronoun follows Ortiz, then Lamb: "he" is Lamb under the strict rule
    article = [source("Ortiz", 0), source("Lamb", 50), source("they", 90), source("he", 130)]
    assert score_holder("Dana Lamb", article, 3) == (True, True)
    assert score_holder("Ortiz", article, 3) == (True, False)  # second nearest: lenient only
    assert score_holder("he", article, 3) == (True, False)  # unresolved: lenient only
    assert score_holder("Pell", article, 3) == (False, False)


def test_attribution_record() -> None:
    a = Attribution(source="officials", cue=(5, 9), content=None)
    assert a.content is None and a.cue == (5, 9)
