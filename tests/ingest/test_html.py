"""HTML pages through trafilatura: main text, metadata, charsets, text-less pages."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest

from trackrecord.ingest import parse_bytes
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
SPACENEWS = FIXTURES / "d1c57d7821e5a5b27fb468c59489601bb2a042b1c05221166e3221d2b5dc217f.html.gz"
ALJAZEERA = FIXTURES / "7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f.html.gz"
GOLD = json.loads((FIXTURES / "ground-truth.json").read_text(encoding="utf-8"))


def read(path: Path) -> Article:
    (item,) = parse_bytes(path.read_bytes(), str(path))
    assert isinstance(item, Article), item
    return item


def gold_paragraphs(path: Path) -> list[str]:
    body: str = GOLD[path.name.split(".")[0]]["articleBody"]
    return [p for p in body.split("\n\n") if p.strip()]


@pytest.mark.parametrize("page", [SPACENEWS, ALJAZEERA])
def test_main_text_holds_the_gold_body(page: Path) -> None:
    article = read(page)
    paragraphs = gold_paragraphs(page)
    found = [p for p in paragraphs if p in article.text]
    # Each gold paragraph comes out whole, as its own paragraph, for nearly all of the body.
    assert len(found) >= 0.9 * len(paragraphs)
    assert paragraphs[0] in article.text.split("\n\n")
    assert article.format == "html"


def test_navigation_captions_and_alt_text_are_left_out() -> None:
    text = read(SPACENEWS).text
    for boilerplate in (
        "Magazine Subscription",  # site navigation
        "Newsletter Sign Up",
        "will be able to transport 100 metric tons",  # a figure caption
        "Starship on the moon",  # image alt text
    ):
        assert boilerplate not in text
    assert "Starship" in text  # ...while the body that mentions it is there


def test_metadata_from_the_page() -> None:
    article = read(SPACENEWS)
    assert (
        article.title
        == "NASA adds five companies to commercial lunar lander program - SpaceNews.com"
    )
    assert article.author == "Jeff Foust"
    assert article.outlet == "SpaceNews.com"
    assert article.url == GOLD[SPACENEWS.name.split(".")[0]]["url"]
    assert article.published_at == datetime(2019, 11, 19, 4, 50, 22)


def test_other_page_metadata_and_caption() -> None:
    article = read(ALJAZEERA)
    assert article.title == "US service members killed in Afghanistan helicopter crash"
    assert article.outlet == "Al Jazeera"
    assert article.published_at == datetime(2019, 11, 20)
    assert "[File: Reuters]" not in article.text  # the photo caption
    assert "Trump Impeachment Inquiry" not in article.text  # the "trending" bar
    assert 'are likely to remain "for several more years"' in article.text


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Test</title></head><body>{body}</body></html>"


PARAGRAPH = (
    "<p>Die Zentralbank wird die Zinsen im nächsten Quartal wahrscheinlich senken, sagen "
    "Ökonomen in Frankfurt übereinstimmend.</p>"
)


def test_declared_charset_decodes_non_utf8_bytes() -> None:
    data = page(PARAGRAPH * 3, '<meta charset="iso-8859-1">').encode("latin-1")
    (item,) = parse_bytes(data, "latin1.html")
    assert isinstance(item, Article)
    assert "wird die Zinsen im nächsten Quartal wahrscheinlich senken" in item.text
    assert "Ökonomen" in item.text


def test_http_equiv_charset_is_honoured() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    data = page("<p>It is “very likely” to rain tomorrow in most parts of the country.</p>", head)
    (item,) = parse_bytes(data.encode("cp1252"), "cp1252.html")
    assert isinstance(item, Article)
    assert "It is “very likely” to rain" in item.text


def test_undeclared_non_utf8_is_rejected_with_the_offset() -> None:
    data = page(PARAGRAPH * 3).encode("latin-1")
    (item,) = parse_bytes(data, "latin1.html")
    assert isinstance(item, Rejection)
    offset = data.index(b"\xe4")  # the "ä" of "nächsten"
    assert item.reason.startswith("not valid UTF-8")
    assert f"offset {offset}" in item.reason


def test_a_declared_charset_that_does_not_fit_is_rejected() -> None:
    data = page(PARAGRAPH, '<meta charset="utf-8">').encode("latin-1")
    (item,) = parse_bytes(data, "mislabelled.html")
    assert isinstance(item, Rejection)
    assert "declared charset 'utf-8' does not decode it" in item.reason


def test_text_less_page_is_rejected() -> None:
    body = (
        '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
        '<li><a href="/politics">Politics</a></li></ul></nav></header>'
        '<main><figure><img src="a.jpg" alt="A photo of the harbour at dawn">'
        "<figcaption>The harbour at dawn.</figcaption></figure></main>"
        "<footer><p>© 2024 Daily Planet. All rights reserved.</p></footer>"
    )
    (item,) = parse_bytes(page(body).encode(), "gallery.html")
    assert item == Rejection(
        "gallery.html", "no article text found (the page may be a menu, gallery or error page)"
    )


def test_empty_body_is_rejected() -> None:
    (item,) = parse_bytes(page("<script>var x = 1;</script>").encode(), "blank.html")
    assert isinstance(item, Rejection)
    assert item.reason.startswith("no article text found")


def test_line_breaks_inside_a_paragraph_do_not_split_it() -> None:
    body = (
        "<article><h1>Rates</h1><p>The bank\nis expected to cut\n  rates in June,<br>analysts "
        "said on Monday after the data came out.</p><p>A second paragraph follows it here "
        "with more words than the heading.</p></article>"
    )
    (item,) = parse_bytes(page(body).encode(), "breaks.html")
    assert isinstance(item, Article)
    paragraphs = item.text.split("\n\n")
    assert (
        "The bank is expected to cut rates in June,\nanalysts said on Monday after the data "
        "came out." in paragraphs
    )


def test_gzipped_page_is_read_like_the_page() -> None:
    plain = gzip.decompress(SPACENEWS.read_bytes())
    (from_plain,) = parse_bytes(plain, "page.html")
    assert isinstance(from_plain, Article)
    assert from_plain.text == read(SPACENEWS).text
