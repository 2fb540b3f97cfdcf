"""RSS and Atom feeds: one article per entry."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trackrecord.ingest import parse_bytes
from trackrecord.models import Article, Rejection

FEEDS = Path(__file__).parent.parent / "fixtures" / "feeds"


def articles(path: Path) -> list[Article]:
    found = list(parse_bytes(path.read_bytes(), str(path)))
    assert all(isinstance(item, Article) for item in found), found
    return [item for item in found if isinstance(item, Article)]


def test_rss_entries() -> None:
    path = FEEDS / "benchmark.rss"
    moon, depot = articles(path)
    assert moon.source_path == f"{path}#record-1"
    assert moon.format == "feed"
    assert moon.title == "NASA\u2019s commercial moon shot: Musk's and Bezos's firms to bid"
    assert moon.author == "Laura Winter"
    assert moon.outlet == "Benchmark News (test feed)"
    assert moon.url.startswith("https://www.aljazeera.com/ajimpact/nasas-commercial-moon-shot")
    assert moon.published_at == datetime(2019, 11, 19, 7, 9)
    paragraphs = moon.text.split("\n\n")
    assert paragraphs[0].startswith("Washington, DC, United States: Getting to the Moon")
    assert len(paragraphs) == 6
    # the figure's caption and alt text are not article text
    assert "concept for a commercial lunar lander" not in moon.text
    # an entry with only a description falls back to it; the -0500 date comes out in UTC
    assert depot.title == "Home Depot sales miss, shares plunge"
    assert depot.published_at == datetime(2019, 11, 19, 11, 12, 56)
    assert (
        "Looking ahead, Home Depot sees fiscal year 2019 sales growth of 1.8 percent" in depot.text
    )
    assert "<p>" not in depot.text


def test_atom_entries_with_html_and_xhtml_content() -> None:
    europa, audi = articles(FEEDS / "benchmark.atom")
    assert europa.title.startswith("NASA Just Confirmed There Are Water Plumes")
    assert europa.author == "Victor Tangermann"
    assert europa.outlet == "Benchmark Science (test feed)"
    assert europa.published_at == datetime(2019, 11, 18, 23, 41, 18)
    assert europa.text.startswith("A team led by researchers out of NASA's Goddard Space Flight")
    assert len(europa.text.split("\n\n")) == 8
    assert audi.author == "Chris Davies"
    assert audi.url.startswith("https://www.slashgear.com/2020-audi-e-tron-sportback")
    assert audi.published_at == datetime(2019, 11, 20, 8, 15, 49)  # -06:00 to UTC
    assert audi.text.startswith("Audi has revealed the second production model")
    assert len(audi.text.split("\n\n")) == 6


def test_entry_without_text_is_rejected_and_others_go_on() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        b"<item><title>Empty</title><link>https://example.org/1</link></item>"
        b"<item><title>Short</title><description>Rain is likely tomorrow.</description></item>"
        b"</channel></rss>"
    )
    empty, short = parse_bytes(feed, "desk.rss")
    assert empty == Rejection(
        "desk.rss#record-1", "the entry has no text (neither content nor summary)"
    )
    assert isinstance(short, Article)
    assert short.text == "Rain is likely tomorrow."  # short entries are kept, unlike pages
    assert short.published_at is None


def test_broken_feed_without_entries_is_rejected() -> None:
    (item,) = parse_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x', "cut.rss")
    assert isinstance(item, Rejection)
    assert item.source == "cut.rss"
    assert item.reason.startswith("not a readable RSS or Atom feed (")


def test_feed_without_entries_is_rejected() -> None:
    feed = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
    assert list(parse_bytes(feed, "empty.atom")) == [
        Rejection("empty.atom", "the feed has no entries")
    ]


def test_plain_text_content_is_kept_as_is() -> None:
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b'<entry><title>e</title><content type="text">Growth &lt;will&gt; slow.\n\nMaybe.'
        b"</content></entry></feed>"
    )
    (item,) = parse_bytes(feed, "plain.atom")
    assert isinstance(item, Article)
    assert item.text == "Growth <will> slow.\n\nMaybe."
