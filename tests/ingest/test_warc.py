"""WARC and WARC.gz archives: HTML pages become articles, the rest is skipped."""

from __future__ import annotations

import gzip
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from trackrecord.ingest import parse_bytes
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures"
WARCS = FIXTURES / "warc"
SPACENEWS = (
    FIXTURES / "html" / "d1c57d7821e5a5b27fb468c59489601bb2a042b1c05221166e3221d2b5dc217f.html.gz"
)
UNDATED = (
    "<!DOCTYPE html><html><head><title>Quarterly outlook</title></head><body><article>"
    "<p>Der Vorstand hält eine Senkung der Prognose für äußerst unwahrscheinlich, sagte die "
    "Sprecherin am Montag in München.</p></article></body></html>"
)


def items(path: Path) -> list[Article | Rejection]:
    return list(parse_bytes(path.read_bytes(), str(path)))


@pytest.mark.parametrize(
    ("name", "record", "url", "captured"),
    [
        ("example.warc", 3, "http://example.com/", datetime(2017, 3, 6, 4, 2, 6)),
        ("example.warc.gz", 3, "http://example.com/", datetime(2017, 3, 6, 4, 2, 6)),
        ("example-resource.warc.gz", 3, "http://example.com/", datetime(2017, 4, 29, 1, 30, 30)),
    ],
)
def test_warcio_examples(name: str, record: int, url: str, captured: datetime) -> None:
    # One HTML page each (a response, or a resource record); warcinfo, request and revisit
    # records are skipped without a word.
    (article,) = items(WARCS / name)
    assert isinstance(article, Article)
    assert article.source_path == f"{WARCS / name}#record-{record}"
    assert article.format == "warc"
    assert article.title == "Example Domain"
    assert article.url == url
    assert article.published_at == captured  # the page has no date: the capture date stands in
    assert article.text.startswith("This domain is established to be used for illustrative")


def test_chunked_response_and_page_date() -> None:
    (article,) = items(WARCS / "example-iana.org-chunked.warc")
    assert isinstance(article, Article)
    assert article.url == "http://www.iana.org/"  # WARC-Target-URI, not the page's own URL
    assert article.title == "Internet Assigned Numbers Authority"
    assert article.published_at == datetime(2017, 1, 11)  # the page's date wins over capture
    assert "Management of the DNS Root Zone" in article.text


def http_record(writer: WARCWriter, url: str, body: bytes, status: str, content_type: str) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-10-23T14:05:00Z"},
        )
    )


def build_warc(*, gzipped: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    http_record(
        writer,
        "https://spacenews.com/nasa-adds-five-companies/",
        gzip.decompress(SPACENEWS.read_bytes()),
        "200 OK",
        "text/html; charset=utf-8",
    )
    http_record(
        writer,
        "https://example.org/missing",
        b"<html>Not found</html>",
        "404 Not Found",
        "text/html",
    )
    http_record(
        writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n....", "200 OK", "image/png"
    )
    # a Latin-1 page whose charset is only in the HTTP header
    http_record(
        writer, "https://example.de/ausblick", UNDATED.encode("latin-1"), "200 OK",
        "text/html; charset=ISO-8859-1",
    )  # fmt: skip
    return out.getvalue()


def test_crawl_with_several_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build_warc())
    found = items(path)
    assert [type(item) for item in found] == [Article, Article]
    news, undated = found
    assert isinstance(news, Article) and isinstance(undated, Article)
    assert news.source_path == f"{path}#record-2"
    assert news.url == "https://spacenews.com/nasa-adds-five-companies/"
    assert news.author == "Jeff Foust"
    assert news.published_at == datetime(2019, 11, 19, 4, 50, 22)  # from the page
    assert undated.source_path == f"{path}#record-5"
    assert "hält eine Senkung der Prognose für äußerst unwahrscheinlich" in undated.text
    assert undated.published_at == datetime(2024, 10, 23, 14, 5)  # from WARC-Date


def test_uncompressed_warc_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "crawl.bin"
    path.write_bytes(build_warc(gzipped=False))
    assert sum(isinstance(item, Article) for item in items(path)) == 2


def test_truncated_warc_gz_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    data = build_warc()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 300])  # inside the last record's header
    found = items(path)
    assert len(found) == 2
    assert isinstance(found[0], Article)
    assert found[0].author == "Jeff Foust"
    rejection = found[1]
    assert isinstance(rejection, Rejection)
    assert rejection.source == f"{path}#record-5"
    match = re.fullmatch(
        r"incomplete record at byte (\d+): the archive is truncated or corrupt; "
        r"the records before it were read",
        rejection.reason,
    )
    assert match is not None
    assert 0 < int(match[1]) < len(data) - 300


def test_warc_gz_cut_inside_a_page(tmp_path: Path) -> None:
    data = build_warc()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) // 2])  # inside the compressed news page
    (rejection,) = items(path)
    assert isinstance(rejection, Rejection)
    assert rejection.source == f"{path}#record-2"
    assert rejection.reason.startswith("record cut short (")
    assert rejection.reason.endswith(
        "bytes missing): the archive is truncated or corrupt; the records before it were read"
    )


def test_truncated_uncompressed_warc(tmp_path: Path) -> None:
    data = (WARCS / "example.warc").read_bytes()
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:2560])  # in the middle of the response record
    (rejection,) = items(path)
    assert isinstance(rejection, Rejection)
    assert rejection.source == f"{path}#record-3"
    assert "truncated" in rejection.reason


def test_warc_without_html_pages(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    http_record(writer, "https://example.org/a.png", b"\x89PNG....", "200 OK", "image/png")
    (rejection,) = parse_bytes(out.getvalue(), "images.warc.gz")
    assert rejection == Rejection("images.warc.gz", "no HTML pages among its 2 WARC records")


def test_html_record_without_text_is_reported_by_record(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http_record(
        writer,
        "https://example.org/",
        b"<html><body><nav>Home</nav></body></html>",
        "200 OK",
        "text/html",
    )
    (rejection,) = parse_bytes(out.getvalue(), "nav.warc")
    assert isinstance(rejection, Rejection)
    assert rejection.source == "nav.warc#record-1"
    assert rejection.reason.startswith("no article text found")
