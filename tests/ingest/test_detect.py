"""Format detection from content, the file name as tie-breaker, and forced formats."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from trackrecord.errors import UsageError
from trackrecord.ingest import FORMATS, detect_format, parse_bytes
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGE = gzip.decompress(
    (
        FIXTURES
        / "html"
        / "7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f.html.gz"
    ).read_bytes()
)
RSS = (FIXTURES / "feeds" / "benchmark.rss").read_bytes()
ATOM = (FIXTURES / "feeds" / "benchmark.atom").read_bytes()
JSONL = (FIXTURES / "jsonl" / "benchmark.jsonl").read_bytes()
TEXT = (FIXTURES / "text" / "why-russia-likely-wont-use-north-korean-troops.txt").read_bytes()
WARC = (FIXTURES / "warc" / "example.warc").read_bytes()
WARC_GZ = (FIXTURES / "warc" / "example.warc.gz").read_bytes()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (PAGE, "article.txt", "html"),  # an HTML page saved as .txt
        (RSS, "news.xml", "feed"),
        (ATOM, "science.txt", "feed"),
        (JSONL, "export.dat", "jsonl"),
        (TEXT, "article.html", "text"),  # plain prose, whatever the name says
        (WARC, "capture.bin", "warc"),
        (WARC_GZ, "capture", "warc"),  # gzip magic, WARC inside
        (gzip.compress(PAGE), "page.gz", "html"),
        (gzip.compress(JSONL), "lines.jsonl.gz", "jsonl"),
        (b'<?xml version="1.0"?>\n<!-- feed -->\n<rdf:RDF xmlns:rdf="x"></rdf:RDF>', "", "feed"),
        (b"<?xml version='1.0'?>\n<!DOCTYPE html>\n<html><body>x</body></html>", "", "html"),
        (b"<p>One</p><p>Two</p><p>Three</p><br><em>four</em> words", "", "html"),
    ],
)
def test_detected_from_content(data: bytes, name: str, expected: str) -> None:
    assert detect_format(data, name) == expected


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"<p>A fragment with one paragraph.</p>", "fragment.html", "html"),
        (b"<p>A fragment with one paragraph.</p>", "fragment.md", "text"),
        (b'<?xml version="1.0"?><urlset></urlset>', "sitemap.xml", "feed"),
        (b"Some prose with one <br> tag.", "notes.txt", "text"),
        (b"Some prose with one <br> tag.", "", "text"),
    ],
)
def test_file_name_breaks_ties(data: bytes, name: str, expected: str) -> None:
    assert detect_format(data, name) == expected


def test_html_named_txt_is_read_as_html() -> None:
    (article,) = parse_bytes(PAGE, "saved-page.txt")
    assert isinstance(article, Article)
    assert article.format == "html"
    assert article.title == "US service members killed in Afghanistan helicopter crash"
    assert "<p>" not in article.text


def test_forced_format_overrides_detection() -> None:
    (as_text,) = parse_bytes(PAGE[:4000], "page.html", format="text")
    assert isinstance(as_text, Article)
    assert as_text.format == "text"
    assert "<!DOCTYPE html" in as_text.text or "<html" in as_text.text  # markup kept as text
    (as_html,) = parse_bytes(TEXT, "article.txt", format="html")
    assert isinstance(as_html, Article)
    assert as_html.format == "html"


def test_forced_format_still_undoes_gzip() -> None:
    (article,) = parse_bytes(gzip.compress(PAGE), "page.bin", format="html")
    assert isinstance(article, Article)
    assert article.title == "US service members killed in Afghanistan helicopter crash"


def test_forced_jsonl_on_prose_reports_the_lines() -> None:
    found = list(parse_bytes(b"just prose\n", "notes.txt", format="jsonl"))
    assert found == [Rejection("notes.txt#line-1", "invalid JSON (Expecting value at column 1)")]


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'pdf'; choose one of: text, html"):
        parse_bytes(b"x", "x", format="pdf")


def test_formats() -> None:
    assert FORMATS == ("text", "html", "warc", "feed", "jsonl")
