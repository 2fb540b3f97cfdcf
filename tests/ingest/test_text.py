"""Plain text and Markdown input."""

from __future__ import annotations

from pathlib import Path

import pytest

from trackrecord.ingest import parse_bytes
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures"
EXAMPLE = FIXTURES / "text" / "why-russia-likely-wont-use-north-korean-troops.txt"


def only_article(data: bytes, source: str = "doc.txt") -> Article:
    items = list(parse_bytes(data, source))
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_example_article_skips_the_section_label_for_the_headline() -> None:
    article = only_article(EXAMPLE.read_bytes(), str(EXAMPLE))
    assert article.title == "Why Russia likely won\u2019t use North Korean troops in Ukraine"
    assert article.format == "text"
    assert article.source_path == str(EXAMPLE)


def test_example_article_keeps_all_text_including_the_headline() -> None:
    article = only_article(EXAMPLE.read_bytes(), str(EXAMPLE))
    # The headline is a judgment in its own right, so it stays in the text extraction reads.
    assert article.text.startswith(
        "History Wars\n\nWhy Russia likely won\u2019t use North Korean troops in Ukraine\n\n"
    )
    assert "this outcome is extremely unlikely." in article.text
    assert article.text.endswith("an investment that Russia just can\u2019t afford in Ukraine.")
    # trailing spaces of the original lines are gone, paragraphs are separated by one blank line
    assert " \n" not in article.text
    assert "\n\n\n" not in article.text
    paragraphs = article.text.split("\n\n")
    assert "It\u2019s no secret Russia is taking extraordinary casualties" in paragraphs[4]


@pytest.mark.parametrize(
    ("document", "title"),
    [
        ("Growth set to slow\n\nThe economy will probably slow next year.\n", "Growth set to slow"),
        ("# Will rates fall?\nAnalysts expect a cut.\n", "Will rates fall?"),
        ("Rates outlook\n=============\n\nA cut is likely.\n", "Rates outlook"),
        ("Analysis\n\nWhy the Fed will likely cut rates in June\n\nBody text.\n",
         "Why the Fed will likely cut rates in June"),
    ],
)  # fmt: skip
def test_title_from_the_first_lines(document: str, title: str) -> None:
    assert only_article(document.encode()).title == title


@pytest.mark.parametrize(
    "document",
    [
        "The economy will slow next year.\n\nMost analysts agree.\n",  # a sentence, not a headline
        "Economists at the central bank said on Monday that the\neconomy would slow.\n",  # wrapped
        "Only one line without an article\n",
        ("A headline that goes on and on " * 6) + "\n\nBody.\n",  # too long to be a headline
    ],
)
def test_no_title_when_the_first_line_is_not_a_headline(document: str) -> None:
    assert only_article(document.encode()).title is None


def test_markdown_markup_is_stripped_lightly() -> None:
    document = (
        "# Outlook for 2025\n\n"
        "Inflation is **very likely** to fall, says *the [IMF](https://imf.org)*.\n\n"
        "![chart of inflation](chart.png)\n\n"
        "> Rates could fall by `0.5` points.\n"
    )
    article = only_article(document.encode(), "outlook.md")
    assert article.title == "Outlook for 2025"
    assert article.text == (
        "Outlook for 2025\n\n"
        "Inflation is very likely to fall, says the IMF.\n\n"
        "Rates could fall by 0.5 points."
    )


def test_plain_text_punctuation_is_left_alone() -> None:
    document = "Title line\n\nThe file_name_here and 3 * 4 * 5 stay as written.\n"
    assert "file_name_here and 3 * 4 * 5" in only_article(document.encode()).text


def test_windows_line_ends_and_bom_are_normalised() -> None:
    article = only_article("\ufeffHeadline here\r\n\r\nFirst para.\r\nSame para.\r\n".encode())
    assert article.title == "Headline here"
    assert article.text == "Headline here\n\nFirst para.\nSame para."


def test_utf16_text_with_bom_is_read() -> None:
    article = only_article("Headline here\n\nCafé prices are likely to rise.\n".encode("utf-16"))
    assert article.text.endswith("Café prices are likely to rise.")


def test_invalid_utf8_names_the_byte_offset() -> None:
    (item,) = parse_bytes(b"Prices\n\nCaf\xe9 prices are likely to rise.", "latin1.txt")
    assert isinstance(item, Rejection)
    assert item.source == "latin1.txt"
    assert "not valid UTF-8" in item.reason
    assert "offset 11" in item.reason
