"""Cues, negation and intensifiers, and the look-alikes that are not judgments."""

from __future__ import annotations

import pytest

from trackrecord.extract import analyze
from trackrecord.models import Judgment


def judged(text: str) -> list[Judgment]:
    """The forecasts and assessments of `text` (claims left out)."""
    return [j for j in analyze(text) if j.kind != "claim"]


def only(text: str) -> Judgment:
    found = judged(text)
    assert len(found) == 1, [j.cue for j in found]
    return found[0]


def test_likely_wont_is_negated_and_flipped() -> None:
    j = only("Russia likely won't use the new troops in Ukraine.")
    assert j.cue == "likely won't"
    assert j.negated
    assert j.kind == "forecast"
    assert j.probability is not None and 0.25 <= j.probability <= 0.35
    assert j.proposition == "Russia will use the new troops in Ukraine"


def test_not_likely_and_may_not_are_negated() -> None:
    assert only("A deal is not likely before the summer.").negated
    j = only("The reforms may not pass the Senate.")
    assert j.negated and j.cue == "may not"
    assert j.probability is not None and j.probability > 0.5


def test_unlikely_and_doubt_carry_low_probability_without_negation() -> None:
    j = only("A deal is unlikely before the summer.")
    assert not j.negated
    assert j.probability is not None and j.probability < 0.3


def test_intensifiers_shift_within_the_scale() -> None:
    def p(text: str) -> float:
        value = only(text).probability
        assert value is not None
        return value

    unlikely = p("A deal is unlikely this year.")
    very = p("A deal is very unlikely this year.")
    extremely = p("A deal is extremely unlikely this year.")
    likely = p("A deal is likely this year.")
    highly = p("A deal is highly likely this year.")
    assert extremely < unlikely and very <= unlikely
    assert highly > likely


def test_numeric_probability_comes_from_the_number() -> None:
    j = only("Forecasters see a 30% chance of a recession next year.")
    assert j.cue == "30% chance" and j.probability == pytest.approx(0.3)
    j = only("Traders put one-in-three odds on a rate cut.")
    assert j.probability == pytest.approx(1 / 3, abs=1e-3)


@pytest.mark.parametrize(
    "text",
    [
        "North Korea, as expected, blasted Western efforts to support Ukraine.",
        "Profits were higher than expected last year.",
        "She could not attend the meeting on Friday.",
        "The minister visited Paris in May and met Theresa May.",
        "They fought with all their might and the might of the army.",
        "Could this be the end of the euro?",
        "I think we need to cut taxes.",
        "Police arrested two suspects after the attack.",
        "The summit will be held on Monday.",
        "It's no secret Russia is taking extraordinary casualties.",
        "More women than men are likely to vote by post.",
        "It was an unlikely alliance of farmers and bankers.",
        "The risk of war has grown.",
        "Prices rose as fast as they could.",
    ],
)
def test_look_alikes_are_not_judgments(text: str) -> None:
    assert judged(text) == []


def test_belief_frame_joins_the_hedge_in_its_complement() -> None:
    j = only("Many Western experts think it may not be enough to change the war.")
    assert j.cue == "think ... may not"
    assert text_between(j) == "think it may not"
    assert j.holder.lower() == "many western experts" and j.holder_type == "unnamed"


def text_between(j: Judgment) -> str:
    return j.text[j.cue_start - j.start : j.cue_end - j.start]


def test_i_have_no_doubt_will_is_one_cue() -> None:
    text = '"I have no doubt that the weapons will burn," Kim Yo Jong said.'
    j = only(text)
    assert j.cue == "I have no doubt ... will"
    assert text[j.cue_start : j.cue_end].startswith("I have no doubt")
    assert j.probability is not None and j.probability >= 0.85
    assert j.holder == "Kim Yo Jong"


def test_forecast_or_assessment() -> None:
    assert only("Rates will probably rise next year.").kind == "forecast"
    assert only("The troops were reportedly moved by rail.").kind == "assessment"
    assert only("The victim is thought to have died instantly.").kind == "assessment"
    assert only("Prices are expected to rise.").kind == "forecast"
    assert only("It is unclear whether the talks will resume.").proposition == (
        "the talks will resume"
    )


def _cues(text: str) -> list[str]:
    return [j.cue for j in analyze(text) if j.kind != "claim"]


def test_agentless_passives_of_belief_are_the_authors_judgment() -> None:
    found = [j for j in analyze("The bank is widely seen as the likeliest buyer.") if j.cue]
    assert found and found[0].cue == "seen as" and found[0].holder == "author"
    assert _cues("The court was considered a threat to the regime.") == ["considered"]
    assert _cues("He considered resigning last year.") == []  # active: deliberation
    assert _cues("Her bid was considered by the committee on Monday.") == []


def test_suggest_that_is_a_cue_with_its_subject_as_holder() -> None:
    found = [j for j in analyze("Polls suggest that the senator will lose.") if j.kind != "claim"]
    assert found and found[0].holder == "Polls"
    assert _cues("He suggested that the party should change its leader.") == []  # a proposal


def test_time_to_act_is_an_opinion_but_time_is_not() -> None:
    assert _cues("Officials believe it is time to act.") == []
    assert _cues("Scientists believe the delay cut travel time by half.") != []


def test_modal_after_as_is_a_hedge_unless_a_comparison() -> None:
    assert _cues("It is desirable as it may help in an emergency.") == ["may"]
    assert _cues("They left as soon as they could leave.") == []


@pytest.mark.parametrize("verb", ["expect a deal soon", "seem to win the vote"])
def test_a_negated_modal_carries_the_negation_of_the_cue_after_it(verb: str) -> None:
    # "couldn't expect" reads as "can't expect": a negated expectation, not the hedge "could"
    [could] = [j for j in analyze(f"They couldn't {verb}.") if j.kind != "claim"]
    [can] = [j for j in analyze(f"They can't {verb}.") if j.kind != "claim"]
    assert could.negated and could.probability == can.probability


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("It is not certain that the plan will work.", 0.4, 0.6),
        ("It isn't certain the plan will work.", 0.4, 0.6),
        ("It is far from certain that the plan will work.", 0.1, 0.4),
        ("It is by no means certain that the plan will work.", 0.1, 0.4),
        ("It is far from clear whether the plan will work.", 0.4, 0.6),
    ],
)
def test_denied_certainty_is_doubt_not_its_opposite(sentence: str, low: float, high: float) -> None:
    # "not certain that X" leaves X open; it does not say "certainly not X"
    [j] = [j for j in analyze(sentence) if j.kind != "claim"]
    assert j.holder == "author" and not j.negated
    assert j.probability is not None and low <= j.probability <= high


def test_projected_to_and_project_that_are_forecasts_but_the_project_is_not() -> None:
    [j] = [j for j in analyze("Sales are projected to rise 5% next year.") if j.kind != "claim"]
    assert j.kind == "forecast" and j.proposition == "Sales will rise 5% next year"
    assert _cues("Officials project that costs will double.") == ["project ... will"]
    assert _cues("The project will be finished next year.") == []
    assert _cues("Images were projected onto the wall.") == []


def test_kind_follows_the_tense_around_the_cue() -> None:
    said = "Mr Johnson said he had no doubt the Conservatives would win the election."
    [future_in_past] = [j for j in analyze(said) if j.kind != "claim"]
    assert future_in_past.kind == "forecast"
    past = "Observers said the move was almost certainly a response to the sanctions."
    [assessed] = [j for j in analyze(past) if j.kind != "claim"]
    assert assessed.kind == "assessment"
    [ahead] = [j for j in analyze("He was likely to resign.") if j.kind != "claim"]
    assert ahead.kind == "forecast"


@pytest.mark.parametrize(
    ("sentence", "cue", "holder", "low", "high"),
    [
        ("Analysts questioned whether the deal would survive.", "questioned whether", "Analysts",
         0.1, 0.4),
        ("Some wonder whether the truce will hold.", "wonder whether ... will", "Some", 0.4, 0.6),
        ("There are doubts over whether the plan will work.", "doubts over whether ... will",
         "author", 0.1, 0.4),
        ("Experts are divided on whether the vaccine works.", "divided on whether", "Experts",
         0.4, 0.6),
        ("It is an open question whether the reforms will last.", "an open question ... will",
         "author", 0.4, 0.6),
    ],
)  # fmt: skip
def test_open_questions_with_whether(
    sentence: str, cue: str, holder: str, low: float, high: float
) -> None:
    [j] = [j for j in analyze(sentence) if j.kind != "claim"]
    assert (j.cue, j.holder) == (cue, holder)
    assert j.probability is not None and low <= j.probability <= high


def test_uncertain_is_a_state_of_mind_only_before_an_open_question() -> None:
    [mind] = [j for j in analyze("Investors are uncertain whether rates will rise.")]
    assert mind.holder == "Investors"
    [thing] = [j for j in analyze("The future of the plan is uncertain.")]
    assert thing.holder == "author"
    assert _cues("I wonder if you could help me.") == []
