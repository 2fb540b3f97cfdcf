"""Holders: quotes, reported speech, belief frames, passives and name resolution."""

from __future__ import annotations

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
