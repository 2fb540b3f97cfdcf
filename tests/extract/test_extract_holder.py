"""Holders: quotes, reported speech, belief frames, passives and name resolution."""

from __future__ import annotations

import pytest

from trackrecord.extract import analyze
from trackrecord.models import Judgment


def judged(text: str) -> list[Judgment]:
    return [j for j in analyze(text) if j.kind != "claim"]


def holder_of(text: str, cue: str) -> tuple[str, str]:
    found = [j for j in judged(text) if cue in j.cue]
    assert found, [j.cue for j in judged(text)]
    return found[0].holder, found[0].holder_type


def test_writer_voice_is_author() -> None:
    assert holder_of("Rates will probably rise next year.", "probably") == ("author", "author")


def test_quote_with_trailing_attribution() -> None:
    text = '"Prices could fall sharply," Kim Yo Jong said on Tuesday.'
    assert holder_of(text, "could") == ("Kim Yo Jong", "named")


def test_quote_with_said_first_and_a_title() -> None:
    text = '"Prices could fall sharply," said Russian President Vladimir Putin.'
    assert holder_of(text, "could")[0] == "Vladimir Putin"


def test_quote_introduced_with_a_colon() -> None:
    text = 'Mr Blair told BBC Radio 4: "I don\'t think the economy will slow."'
    assert holder_of(text, "think")[0] == "Mr Blair"


def test_pronoun_and_short_name_resolve_to_the_fullest_name() -> None:
    text = (
        "Angela Merkel spoke in Berlin on Monday. "
        '"The euro may weaken," she said. '
        "Ms Merkel added that exports would probably fall."
    )
    assert holder_of(text, "may") == ("Angela Merkel", "named")
    assert holder_of(text, "probably") == ("Angela Merkel", "named")


def test_quote_running_over_several_sentences_keeps_its_speaker() -> None:
    text = (
        'Mr Ballard said: "This vote will shape the city. "Many people may miss out on their '
        'chance to have a say."'
    )
    assert holder_of(text, "may")[0] == "Mr Ballard"


def test_reported_speech_and_according_to() -> None:
    assert holder_of("The IMF warned that growth could slow.", "could") == ("The IMF", "named")
    text = "Growth could slow, according to a government spokesman."
    assert holder_of(text, "could") == ("a government spokesman", "unnamed")
    text = "Growth could slow next year, analysts said."
    assert holder_of(text, "could") == ("analysts", "unnamed")


def test_belief_frames_name_their_holder() -> None:
    text = "The losses led many to believe that Russia might accept the troops."
    assert holder_of(text, "might") == ("many", "unnamed")
    text = "But many Western experts think the draft may not be enough."
    assert holder_of(text, "think") == ("many Western experts", "unnamed")


def test_nested_belief_takes_the_innermost_holder() -> None:
    text = "Mr Emmerson said analysts expect a rate cut in June."
    assert holder_of(text, "expect") == ("analysts", "unnamed")


def test_agentless_passives_are_the_writers() -> None:
    assert holder_of("Prices are expected to rise.", "expected") == ("author", "author")
    assert holder_of("The minister is thought to have resigned.", "thought")[0] == "author"


def test_agentless_passive_inside_a_quote_is_the_speakers() -> None:
    text = '"Prices are expected to rise," said Mr Lakhani.'
    assert holder_of(text, "expected")[0] == "Mr Lakhani"


def test_first_person_outside_quotes_is_the_writer() -> None:
    assert holder_of("I believe the talks will fail.", "believe") == ("author", "author")


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # "it" is the organisation that is the subject of the sentence before, not its object
        (
            "Deloitte said the Bank of England would hold rates. "
            "It also believes growth will slow next year.",
            "Deloitte",
        ),
        (
            "The Confederation of British Industry wrote to the Bank of England on Monday. "
            "It expects inflation to rise.",
            "Confederation of British Industry",
        ),
        ("Ditto said she expects the campaign to win the state.", "Ditto"),
        ("''Perhaps they can help a visitor,'' Mr. Obama said.", "Obama"),
        ("Mr. McKinley is bearish on student loans and expects them to fall.", "McKinley"),
        (
            "Erin Murphy, a former aide who went with her to Burma, said the trip was perhaps "
            "more important.",
            "Erin Murphy",
        ),
        (
            "Donald Trump could embrace a clean energy policy as president, but only if he can "
            "be convinced, Sen. Lindsey Graham (R-S.C.) told The Huffington Post on Thursday.",
            "Lindsey Graham",
        ),
        (
            "The GOP nominee complained about his mic after the debate, even suggesting he may "
            "have been sabotaged.",
            "The GOP nominee",
        ),
        (
            "The chief executive, who joined in May, also said that prices could fall.",
            "The chief executive",
        ),
        ("Polling suggests the public believe Labour will win.", "the public"),
        # "she" is the person last quoted, not the object named after "said" ("Starship")
        (
            "Gwynne Shotwell spoke on Monday. Shotwell said Starship lunar lander missions "
            "could begin in 2022. Such missions would be cargo only, but she said they could "
            "serve as a stepping stone.",
            "Gwynne Shotwell",
        ),
    ],
)
def test_holder_resolution(text: str, holder: str) -> None:
    found = [j for j in analyze(text) if j.kind != "claim"]
    assert found and all(holder in j.holder for j in found)


@pytest.mark.parametrize(
    "text",
    [
        "If he does this, don't for a moment believe he will not be prepared.",
        "Such missions would be cargo only, but she said they could serve as a stepping stone.",
    ],
)
def test_holder_is_never_a_clause_fragment(text: str) -> None:
    for j in analyze(text):
        assert "don't" not in j.holder and j.holder != "Such"


def test_they_is_not_resolved_to_a_single_titled_person() -> None:
    text = (
        "New Jersey Sen. Cory Booker said the party was weak. "
        "They need to do something if they expect to stay relevant."
    )
    assert "Booker" not in judged(text)[0].holder


def test_who_will_not_rule_out_holds_the_possibility_open() -> None:
    found = [j for j in analyze("The bank refused to rule out a rate rise.") if j.kind != "claim"]
    assert [(j.cue, j.holder) for j in found] == [("refused to rule out", "The bank")]
    # agentless: nobody named holds it, so the writer or the reporting source does
    [passive] = [j for j in analyze("A strike cannot be ruled out.") if j.kind != "claim"]
    assert passive.holder == "author"
    text = "A strike can't be ruled out, officials said."
    [reported] = [j for j in analyze(text) if j.kind != "claim"]
    assert reported.holder == "officials"


def test_the_subject_of_denied_certainty_holds_the_doubt() -> None:
    text = "Analysts are far from certain that the plan will work."
    [j] = [j for j in analyze(text) if j.kind != "claim"]
    assert j.holder == "Analysts" and j.holder_type == "unnamed"


def test_according_to_at_the_start_of_a_sentence() -> None:
    text = "According to the Met Office, temperatures are likely to exceed 40C on Tuesday."
    [j] = [j for j in analyze(text) if j.kind != "claim"]
    assert (j.holder, j.holder_type) == ("the Met Office", "named")


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("Economists polled by Reuters see a 60 percent chance of a recession.", "Economists"),
        ("The bank gives it a 40% chance of happening.", "The bank"),
        ("Traders see little chance of a rate cut.", "Traders"),
    ],
)
def test_who_puts_a_number_on_it_holds_it(text: str, holder: str) -> None:
    [j] = [j for j in analyze(text) if j.kind != "claim"]
    assert j.holder.startswith(holder) and j.holder_type == "unnamed"


def test_we_will_see_is_not_putting_odds() -> None:
    [j] = [j for j in analyze("We will see whether it is likely to work.") if j.kind != "claim"]
    assert j.holder == "author"


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("Polls suggest Labour will probably win a majority.", "Polls"),
        ("Officials privately concede the deal could collapse.", "Officials"),
        ("Critics argue the plan will likely fail.", "Critics"),
        ("The BBC understands that the minister is likely to resign.", "The BBC"),
    ],
)
def test_plural_and_present_reporting_verbs_name_the_holder(text: str, holder: str) -> None:
    [j] = [j for j in analyze(text) if j.kind != "claim"]
    assert j.holder == holder
