"""The sentence splitter: exact offsets, abbreviations, quotes, lines and page furniture."""

from __future__ import annotations

from trackrecord.extract.segment import MAX_SENTENCE_CHARS, segment


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]


def test_offsets_are_exact_and_trimmed() -> None:
    text = "  First one.   Second one!\n\nThird?  "
    sentences = segment(text)
    assert [text[s.start : s.end] for s in sentences] == ["First one.", "Second one!", "Third?"]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = (
        "Mr. Smith met Dr. Jones in the U.S. The talks ended. J. R. Smith left at 3.5 p.m. today."
    )
    assert texts(text) == [
        "Mr. Smith met Dr. Jones in the U.S.",
        "The talks ended.",
        "J. R. Smith left at 3.5 p.m. today.",
    ]


def test_us_before_a_name_stays_inside_the_sentence() -> None:
    assert texts("The U.S. President spoke. He left.") == ["The U.S. President spoke.", "He left."]


def test_quotes_and_lowercase_continuations() -> None:
    text = '"Why?" she asked. "It will rain," he said. It did.'
    assert texts(text) == ['"Why?" she asked.', '"It will rain," he said.', "It did."]


def test_newlines_end_sentences_and_headlines_are_flagged() -> None:
    text = "Why prices will rise in 2025\n\nThe economy is likely to slow. Rates may fall."
    sentences = segment(text)
    assert texts(text)[0] == "Why prices will rise in 2025"
    assert sentences[0].headline and not sentences[0].furniture
    assert not sentences[1].headline


def test_page_furniture_is_flagged() -> None:
    text = (
        "History Wars\n\nPrices likely won't fall this year\n\nnorth korean leader with putin\n\n"
        "Kim Jong-un (left) and Vladimir Putin (right), April 2019.\n\n"
        "Analysts think rates may rise. They said so.\n\n"
        "tanks would be used against troops in Ukraine\nBy John Smith"
    )
    flags = {text[s.start : s.end]: s.furniture for s in segment(text)}
    assert flags["History Wars"]  # a section label
    assert not flags["Prices likely won't fall this year"]  # the headline
    assert flags["north korean leader with putin"]  # alt text
    assert flags["Kim Jong-un (left) and Vladimir Putin (right), April 2019."]  # a caption
    assert not flags["Analysts think rates may rise."]
    assert flags["tanks would be used against troops in Ukraine"]
    assert flags["By John Smith"]  # a byline


def test_hard_wrapped_lines_are_joined() -> None:
    text = "The economy is likely to\ngrow next year, he said.\n\neBay said profits\nrose."
    assert texts(text) == [
        "The economy is likely to\ngrow next year, he said.",
        "eBay said profits\nrose.",
    ]
    assert not any(s.furniture for s in segment(text))  # "eBay" is not alt text


def test_over_long_runs_are_split() -> None:
    text = "word " * 5000
    sentences = segment(text)
    assert len(sentences) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in sentences)


def test_empty_and_blank_text() -> None:
    assert segment("") == []
    assert segment(" \n\n\t ") == []


def test_a_headline_glued_to_the_body_is_split_off() -> None:
    text = (
        "UK economy facing 'major risks' The UK manufacturing sector will continue to face "
        "serious challenges. It said so."
    )
    first, second = segment(text)[:2]
    assert text[first.start : first.end] == "UK economy facing 'major risks'" and first.headline
    assert text[second.start : second.end].startswith("The UK manufacturing")


def test_a_sentence_naming_something_is_not_split() -> None:
    text = "The man who said The Times was wrong has left. He said so."
    assert text[: segment(text)[0].end] == "The man who said The Times was wrong has left."


def test_the_prefilter_does_not_wake_on_function_words() -> None:
    # Every sentence the prefilter passes is tokenised by spaCy: anchoring a multi-word cue on
    # "at", "from" or "been" would send most of the text through the pipeline.
    import re

    from trackrecord.extract.lexicon import trigger_pattern

    trigger = re.compile(trigger_pattern())
    plain = (
        "he had been at the station from eight, by far the earliest, and cannot add anything "
        "more; it means less than you imagine, completely and entirely"
    )
    assert trigger.search(plain) is None
    assert trigger.search("it is far from certain that it will pass")
    assert trigger.search("a strike cannot be ruled out")
