"""One hostile record is rejected alone, and no input makes ingest take unbounded memory.

Each bad JSON Lines line, feed entry or WARC record is named (``source#line-N``) and rejected
with its reason, or read with its control characters removed (the rule of
``trackrecord.ingest.clean``); every other record is stored, the command exits 1 when anything
was rejected, prints no traceback, and the store holds nothing of the rejected records. The
stores run on SQLite and, with ``TRACKRECORD_TEST_POSTGRES_URL``, on PostgreSQL too. The WARC
bombs (a 1 GiB header line, a gzip of zeros, a 2 GiB HTTP chunk) run the real command in a child
process, whose time and peak memory are measured; a fuzz test throws random JSON lines, feed
entries and WARC records (any code point, deep nesting, huge fields, dates off the calendar,
bombs) at ingest and the store.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliResult
from tests.ingest.test_streaming import PARAGRAPHS, build_warc, page
from trackrecord.errors import UsageError
from trackrecord.ingest import Overrides, parse_bytes, parse_stream, read_inputs
from trackrecord.ingest.feed import MAX_PERSON_BYTES
from trackrecord.ingest.streams import too_big
from trackrecord.models import Article, Rejection
from trackrecord.store import Store, open_store

Run = Callable[..., CliResult]
MiB = 1 << 20
BODY = PARAGRAPHS[0]
SURROGATE = "\ud800"
SURROGATE_REASON = "holds a lone surrogate (\\ud800 at character {}), which is not valid Unicode"


def stored(db: str) -> list[Article]:
    """Every article in the store at `db`, in the order stored."""
    with open_store(db) as store:
        ids = [summary.id for summary in store.list_articles()]
        return sorted(store.get_articles(ids), key=lambda article: article.id or 0)


def rejections(result: CliResult) -> list[str]:
    assert "Traceback" not in result.err
    return [line.removeprefix("rejected: ") for line in result.err.splitlines()]


def no_controls(article: Article) -> bool:
    fields = (article.text, article.title, article.author, article.outlet, article.url)
    return not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", f or "") for f in fields)


# -- JSON Lines -------------------------------------------------------------------------------


def jsonl_line(**fields: object) -> str:
    # ensure_ascii: a lone surrogate goes out as the escape "\ud800", as a producer writes it.
    return json.dumps(fields, ensure_ascii=True)


BAD_LINES: list[tuple[str, str]] = [
    (
        jsonl_line(text=f"{BODY} {SURROGATE}"),
        f"field 'text' {SURROGATE_REASON.format(len(BODY) + 2)}",
    ),
    *(
        (
            jsonl_line(text=BODY, **{key: f"x{SURROGATE}"}),
            f"field {key!r} {SURROGATE_REASON.format(2)}",
        )
        for key in ("title", "author", "outlet", "url", "published")
    ),
    (
        jsonl_line(html=f"<p>{BODY}</p>{SURROGATE}"),
        f"field 'html' {SURROGATE_REASON.format(len(BODY) + 8)}",
    ),
    (
        '{"text": "x", "ignored": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "JSON nested too deeply (Python's JSON reader stops at about 1,000 levels)",
    ),
    ('{"text": "x", "ignored": ' + "7" * 5000 + "}", "unreadable JSON (Exceeds the limit (4300"),
    (
        jsonl_line(text=BODY, published="0001-01-01T00:00:00+14:00"),
        "field 'published': 0001-01-01T00:00:00+14:00 falls outside the years 1 to 9999 once "
        "converted to UTC",
    ),
    (
        jsonl_line(text=BODY, published="9999-12-31T23:59:59-14:00"),
        "field 'published': 9999-12-31T23:59:59-14:00 falls outside the years 1 to 9999",
    ),
    (
        jsonl_line(text=BODY, published="1 Jan 0001 00:00 +1400"),  # dateparser overflows too
        "field 'published': 1 Jan 0001 00:00 +1400 falls outside the years 1 to 9999",
    ),
    (jsonl_line(text="\x00\x01\x1b\x00"), "no text once its control characters are removed"),
]


def test_each_bad_json_line_is_rejected_alone(run_cli: Run, db_url: str, tmp_path: Path) -> None:
    nul = jsonl_line(
        text=f"{BODY}\x00 and\x0bmore\x1b[31m",
        title="Ti\x00tle\x07",
        author="\x00Au\x1fthor",
        outlet="Out\x00let",
        url="https://example.org/\x00a",
        published="2024-10-23T14:00:00+02:00",
    )
    lines = [jsonl_line(text="First good article. " + BODY), nul]
    lines += [line for line, _ in BAD_LINES]
    lines.append(jsonl_line(text="Last good article. " + BODY, title="Last"))
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")

    result = run_cli("ingest", "--db", db_url, str(path))

    assert result.code == 1
    assert f"3 read, 3 new, 0 duplicate, {len(BAD_LINES)} rejected" in result.out
    found = rejections(result)
    assert len(found) == len(BAD_LINES)
    for number, (line, (_, reason)) in enumerate(zip(found, BAD_LINES, strict=True), 3):
        assert line.startswith(f"{path}#line-{number}: ")
        assert reason in line
        assert "\n" not in line and "\x00" not in line
    first, cleaned, last = stored(db_url)
    assert first.text.startswith("First good article.")
    assert last.title == "Last" and last.source_path == f"{path}#line-{len(lines)}"
    assert cleaned.text == f"{BODY} and more[31m"
    assert (cleaned.title, cleaned.author, cleaned.outlet) == ("Title", "Author", "Outlet")
    assert cleaned.url == "https://example.org/a"
    assert cleaned.published_at == datetime(2024, 10, 23, 12)


def test_bad_lines_are_rejected_alike_from_a_stream_and_from_bytes() -> None:
    # parse_stream (the web upload's parse_bytes alike) holds to the same rule as the CLI.
    for line, reason in BAD_LINES:
        data = (line + "\n" + jsonl_line(text=BODY) + "\n").encode()
        for found in (
            list(parse_stream(io.BytesIO(data), "s.jsonl")),
            list(parse_bytes(data, "s.jsonl")),
        ):
            rejection, article = found
            assert isinstance(rejection, Rejection) and isinstance(article, Article)
            assert rejection.source == "s.jsonl#line-1"
            assert reason in rejection.reason


# -- RSS, HTML, names and overrides -----------------------------------------------------------


def feed(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><author>{author}</author><pubDate>{date}</pubDate>"
        f"<description>{BODY}</description></item>"
        for title, author, date in ((t, a, "Mon, 06 Sep 2021 16:45:00 +0000") for t, a in items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed &#1;Outlet</title>'
        f"{entries}</channel></rss>"
    ).encode()


def test_feed_character_references_that_name_no_character(
    run_cli: Run, db_url: str, tmp_path: Path
) -> None:
    # feedparser failed on the whole feed over a reference to a surrogate, and one to NUL
    # aborted the batch on PostgreSQL; as in HTML, each reads as U+FFFD.
    path = tmp_path / "refs.rss"
    path.write_bytes(
        feed(
            ("NUL &#0; here", "a@example.org (A&#x1B;[2J)"),
            ("Surrogate &#xD800; &#56320;", "b@example.org"),
            ("Too far &#x110000; &#99999999999999999999;", "c@example.org"),
            ("Control &#7;&#x0B;bell", "d@example.org"),
        )
    )
    result = run_cli("ingest", "--db", db_url, str(path))
    assert result.code == 0, result.err
    assert "4 read, 1 new, 3 duplicate, 0 rejected" in result.out  # the same body four times
    (article,) = stored(db_url)
    assert article.title == "NUL \ufffd here"
    assert article.author == "a@example.org (A[2J)"
    assert article.outlet == "Feed Outlet"
    assert no_controls(article)
    titles = [item.title for item in read_inputs([str(path)]) if isinstance(item, Article)]
    assert titles[1:] == ["Surrogate \ufffd \ufffd", "Too far \ufffd \ufffd", "Control  bell"]


@pytest.mark.parametrize(
    "date", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "Mon, 01 Jan 0000"]
)
def test_feed_date_out_of_range_is_no_date(date: str) -> None:
    data = feed(("Dated", "a@example.org")).replace(
        b"Mon, 06 Sep 2021 16:45:00 +0000", date.encode()
    )
    (article,) = parse_bytes(data, "dates.rss")
    assert isinstance(article, Article)
    assert (article.title, article.published_at) == ("Dated", None)


def test_feed_author_of_a_megabyte_is_cut_not_searched_for_an_hour() -> None:
    # feedparser's e-mail pattern takes time in the square of an author's length.
    for author in ("x" * MiB, f"<![CDATA[{'y' * MiB}]]>"):
        data = feed(("Long byline", author))
        start = time.monotonic()
        (article,) = parse_bytes(data, "authors.rss", max_bytes=4 * MiB)
        assert time.monotonic() - start < 10
        assert isinstance(article, Article)
        assert article.author is not None and len(article.author) == MAX_PERSON_BYTES


def test_html_with_nul_and_controls_is_read_without_them() -> None:
    html = f"<html><head><title>A\x00B\x1b</title></head><body><p>{BODY}\x00 end</p></body></html>"
    line = jsonl_line(html=html, author="Me\x00")
    (article,) = parse_bytes(line.encode(), "page.jsonl")
    assert isinstance(article, Article)
    assert article.title == "AB"
    assert article.author == "Me"
    assert article.text.endswith("end") and no_controls(article)


def test_file_name_that_is_not_utf8(run_cli: Run, db_url: str, tmp_path: Path) -> None:
    # A name with a byte that is not UTF-8 is a str with a surrogate in Python: stored, and
    # printed, escaped.
    folder = tmp_path / "names"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as out:
            out.write(BODY.encode())
        with open(os.path.join(os.fsencode(folder), b"bad\xff\n.txt"), "wb") as out:
            out.write(b"")
    except OSError as err:
        pytest.skip(f"the file system refuses names that are not UTF-8 ({err})")
    result = run_cli("ingest", "--db", db_url, str(folder))
    assert result.code == 1
    assert rejections(result) == [f"{folder}/bad\\xff\\n.txt: empty file (0 bytes)"]
    (article,) = stored(db_url)
    assert article.source_path == f"{folder}/caf\\xe9.txt"


def test_published_override_out_of_range_is_a_usage_error(
    run_cli: Run, db_path: str, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    for value in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        result = run_cli("ingest", "--db", db_path, "--published", value, str(path))
        assert result.code == 2
        assert result.err == (
            f"Error: the publication date to record, {value}, falls outside the years 1 to "
            "9999 once converted to UTC; give one within them\n"
        )
    assert not Path(db_path).exists() or stored(db_path) == []


def test_overrides_that_cannot_be_stored() -> None:
    with pytest.raises(UsageError, match=r"the author to record, 'caf\\xe9', is not valid UTF-8"):
        Overrides(author="caf\udce9")  # how Python decodes an argument that is not UTF-8
    with pytest.raises(UsageError, match="the url to record"):
        Overrides(url=f"https://example.org/{SURROGATE}")
    overrides = Overrides(author="A\x00B", outlet="\x1bOut")
    (article,) = read_inputs(["-"], overrides=overrides, stdin=io.BytesIO(BODY.encode()))
    assert isinstance(article, Article)
    assert (article.author, article.outlet) == ("AB", "Out")


# -- WARC bombs -------------------------------------------------------------------------------


def gzip_repeated(head: bytes, block: bytes, count: int, tail: bytes = b"") -> bytes:
    """One gzip member of ``head + block * count + tail``, made without compressing it all.

    After a full flush deflate starts afresh, so each further copy of `block` compresses to
    the same bytes: a GiB of output costs a MiB of work.
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(head + block) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.compress(tail) + deflate.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    size = len(head) + len(block) * count + len(tail)
    trailer = struct.pack("<II", zlib.crc32(tail, crc), size & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first + again * (count - 1) + end + trailer


def record_head(length: int) -> bytes:
    return (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/bomb\r\n"
        "WARC-Date: 2024-10-23T14:05:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000000>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def http_head(*headers: str, status: str = "200 OK") -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/html", *headers, "", ""]
    return "\r\n".join(lines).encode()


def one_page() -> bytes:
    """A gzipped WARC of a warcinfo record and one page (records 1 and 2)."""
    return build_warc([page(0)])


def header_line_bomb() -> bytes:
    return gzip_repeated(b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ", b"a" * MiB, 1024)


def zeros_bomb() -> bytes:
    return gzip_repeated(b"", bytes(MiB), 300)


def blank_lines_bomb() -> bytes:
    # A record, then 400 MiB of blank lines in its gzip member, where the next record would be.
    http = http_head("Content-Length: 0", status="404 Not Found")
    return one_page() + gzip_repeated(record_head(len(http)) + http, b"\r\n" * (MiB // 2), 400)


def chunk_bomb() -> bytes:
    # A page in one HTTP chunk of 2 GiB (warcio read a chunk whole), cut off after 300 MiB.
    http = http_head("Transfer-Encoding: chunked") + b"7fffffff\r\n"
    return one_page() + gzip_repeated(record_head(1 << 40) + http, bytes(MiB), 300)


def gzipped_chunk_bomb() -> bytes:
    # A page gzipped into one chunk of 1 MiB that inflates to 1 GiB (warcio inflated it whole).
    inner = gzip_repeated(b"<html><body><p>", bytes(MiB), 1024)
    http = http_head("Transfer-Encoding: chunked", "Content-Encoding: gzip")
    body = http + f"{len(inner):x}\r\n".encode() + inner + b"\r\n0\r\n\r\n"
    return one_page() + gzip.compress(record_head(len(body)) + body + b"\r\n\r\n")


CUT = "the archive is truncated or corrupt; the records before it were read"
RSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in KiB on Linux


@dataclass
class Bomb:
    make: Callable[[], bytes]
    args: tuple[str, ...]
    pages: int  # articles stored before the bomb
    reason: str  # the one rejection, after "{path}" (as a regular expression)


BOMBS = {
    "header line of 1 GiB": Bomb(
        header_line_bomb,
        (),
        0,
        r": no WARC record found \(a header line longer than 64\.0 KiB\); is it a WARC file\?",
    ),
    "gzip of zeros": Bomb(
        zeros_bomb,
        ("--format", "warc"),
        0,
        r": no WARC record found \(a header line longer than 64\.0 KiB\); is it a WARC file\?",
    ),
    "blank lines": Bomb(
        blank_lines_bomb,
        (),
        1,
        rf"#record-4: broken record \(more than 1\.0 MiB of header and blank lines\): {CUT}",
    ),
    "chunk of 2 GiB": Bomb(
        chunk_bomb, (), 1, rf"#record-3: record cut short \(\d+ bytes missing\): {CUT}"
    ),
    "gzipped chunk": Bomb(
        gzipped_chunk_bomb,
        (),
        1,
        r"#record-3: too big \(over the 50\.0 MiB limit\); raise the limit to read it",
    ),
}


@dataclass
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_rss: int  # bytes


# Runs ``trackrecord ARGS...`` as its own child and reports that child's peak memory. On Linux a
# process forked from a big one starts with the big one's peak (exec keeps the high-water mark),
# so the child must be forked from this small wrapper, not from the test run (which grows past
# 1 GB in the whole suite).
_WRAPPER = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "trackrecord", *sys.argv[1:]])
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write(f"\\nPEAK-RSS {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""
_PEAK = re.compile(r"\nPEAK-RSS (\d+)\n\Z")


def measure(*args: str, timeout: float = 120) -> Measured:
    """Run ``trackrecord ARGS...`` in a child process: its output, time and peak memory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKRECORD_")}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, *args],
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,  # one process group: a timeout ends the child too
        )
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            code = proc.wait()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    found = _PEAK.search(stderr)
    peak = int(found[1]) * RSS_UNIT if found else -1
    return Measured(code, stdout, stderr[: found.start()] if found else stderr, seconds, peak)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BOMBS))
def test_warc_bomb_takes_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    bomb = BOMBS[name]
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(bomb.make())
    assert path.stat().st_size < 3 * MiB
    db = tmp_path / "store.db"
    run = measure("ingest", *bomb.args, "--db", str(db), str(path))
    print(f"{name}: {run.seconds:.1f} s, peak RSS {run.peak_rss / MiB:.0f} MiB")
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    (line,) = run.err.splitlines()
    assert re.fullmatch(re.escape(f"rejected: {path}") + bomb.reason, line), line
    assert f"{bomb.pages} read, {bomb.pages} new, 0 duplicate, 1 rejected" in run.out
    assert run.seconds < 60
    assert 0 < run.peak_rss < 400 * MiB  # measured (the wrapper reported it), and bounded


# A deflate block of the reserved type, which zlib refuses, after a block boundary.
GARBAGE = b"\x07" + bytes(100)


def flushed_gzip(data: bytes) -> bytes:
    """The start of a gzip member of `data`, ending on a block boundary (no end of member)."""
    deflate = zlib.compressobj(wbits=31)
    return deflate.compress(data) + deflate.flush(zlib.Z_FULL_FLUSH)


def noise(seed: int, words: int = 40_000) -> str:
    rng = random.Random(seed)
    vocabulary = BODY.split()
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def test_corrupt_gzip_in_an_archive_is_a_rejection_not_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # warcio printed the zlib error to stderr and read on as if the archive ended there.
    text = noise(5).encode()
    http = http_head(status="404 Not Found")
    member = flushed_gzip(record_head(len(http) + len(text)) + http + text)
    found = list(parse_bytes(one_page() + member + GARBAGE, "c.warc.gz"))
    assert isinstance(found[0], Article)
    assert found[1:] == [
        Rejection(
            "c.warc.gz#record-3",
            "broken record (corrupt gzip data (Error -3 while decompressing data: invalid "
            f"block type)): {CUT}",
        )
    ]
    assert capfd.readouterr().err == ""


def test_corrupt_gzipped_page_is_rejected_alone(capfd: pytest.CaptureFixture[str]) -> None:
    payload = flushed_gzip(f"<html><body><p>{noise(6)}</p>".encode()) + GARBAGE
    assert len(payload) > 3 * 16384  # warcio reads 16 KiB at a time; the first must be good
    body = http_head("Content-Encoding: gzip") + payload
    data = gzip.compress(record_head(len(body)) + body + b"\r\n\r\n")
    found = list(parse_bytes(one_page() + data + build_warc([page(1)]), "p.warc.gz"))
    assert [type(item) for item in found] == [Article, Rejection, Article]
    assert found[1] == Rejection(
        "p.warc.gz#record-3",
        "cannot read the page: corrupt gzip data (Error -3 while decompressing data: invalid "
        "block type)",
    )
    assert capfd.readouterr().err == ""


# -- Fuzzing: JSON Lines, RSS and WARC records ------------------------------------------------

FUZZ_LIMIT = MiB  # the size limit of the fuzzed runs, so that a bomb is far over it
FUZZ_MEMORY = 64 * MiB  # what one fuzzed run may allocate at its peak (warcio's blocks included)
GOOD = "Good closing article. " + BODY.strip()
RAW_REFERENCES = ["&#0;", "&#xD800;", "&#56320;", "&#x110000;", "&#99999999999;", "&#x1b;"]
HOSTILE = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # surrogates and controls too
    st.sampled_from(
        [
            SURROGATE,
            "\udfff tail",
            "\x00",
            "a\x00b",
            "\x1b[2J\x07",
            "\u2028\ufeff\ufffe",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "1 Jan 0001 00:00 +1400",
            "Mon, 01 Jan 0000 00:00:00 +0000",
            *RAW_REFERENCES,
        ]
    ),
    st.integers(10_000, 2 * MiB).map(lambda size: "x" * size),  # a huge field
)


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    """Hostile JSON lines between a good first and a good last line."""
    lines = [jsonl_line(text="Good opening article. " + BODY).encode()]
    keys = st.sampled_from(["text", "html", "title", "author", "outlet", "url", "published", "x"])
    for record in draw(st.lists(st.dictionaries(keys, HOSTILE, max_size=6), max_size=4)):
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        if draw(st.booleans()):
            depth = draw(st.sampled_from([10, 2000, 100_000]))
            line = line[:-1] + ("," if record else "") + f'"deep": {"[" * depth}{"]" * depth}}}'
        lines.append(line.encode("utf-8", "surrogatepass"))  # a raw surrogate: not UTF-8
    lines.append(jsonl_line(text=GOOD).encode())
    return b"\n".join(lines) + b"\n"


def xml_text(text: str) -> str:
    """`text` as XML character data: markup escaped, what XML cannot hold as references."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", _reference, escaped)


def _reference(found: re.Match[str]) -> str:
    return f"&#{ord(found[0])};"


@st.composite
def rss_file(draw: st.DrawFn) -> bytes:
    """Hostile entries (escaped, and with raw references), then a good one."""
    items = []
    for _ in range(draw(st.integers(1, 3))):
        title, author, date, extra = (draw(HOSTILE) for _ in range(4))
        raw = draw(st.sampled_from(["", *RAW_REFERENCES]))
        items.append(
            f"<item><title>{xml_text(title)}{raw}</title><author>{xml_text(author)}</author>"
            f"<pubDate>{xml_text(date)}</pubDate>"
            f"<description>{xml_text(BODY + extra)}{raw}</description></item>"
        )
    items.append(f"<item><title>Good</title><description>{GOOD}</description></item>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>'
        f"{xml_text(draw(HOSTILE))}</title>{''.join(items)}</channel></rss>"
    ).encode()


def hostile_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@st.composite
def warc_record(draw: st.DrawFn) -> bytes:
    """One hostile response record (gzipped or not), maybe with a bomb after its headers."""
    title, extra, url, date = (draw(HOSTILE) for _ in range(4))
    html = f"<html><head><title>{title}</title></head><body><p>{BODY}{extra}</p></body></html>"
    payload = hostile_bytes(html)
    headers = []
    if draw(st.booleans()):
        payload = gzip.compress(payload)
        headers.append("Content-Encoding: gzip")
    if draw(st.booleans()):
        headers.append("Transfer-Encoding: chunked")
        payload = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n\r\n"
    body = http_head(*headers) + payload
    head = record_head(len(body)).replace(b"https://example.org/bomb", hostile_bytes(url))
    head = head.replace(b"2024-10-23T14:05:00Z", hostile_bytes(date))
    bomb = draw(st.sampled_from(["", "line", "blank", "zeros", "chunk"]))
    if bomb == "line":
        return gzip_repeated(head[:-2] + b"X-Long: ", b"a" * MiB, 128)
    if bomb == "blank":
        return gzip_repeated(head + body, b"\r\n" * (MiB // 2), 8)
    if bomb == "zeros":
        return gzip_repeated(b"", bytes(MiB), 128)
    if bomb == "chunk":
        http = http_head("Transfer-Encoding: chunked") + b"7fffffff\r\n"
        return gzip_repeated(record_head(1 << 40) + http, bytes(MiB), 128)
    record = head + body + b"\r\n\r\n"
    return gzip.compress(record) if draw(st.booleans()) else record


@st.composite
def warc_file(draw: st.DrawFn) -> bytes:
    return one_page() + b"".join(draw(st.lists(warc_record(), min_size=1, max_size=3)))


FILES = {"jsonl": jsonl_file(), "rss": rss_file(), "warc.gz": warc_file()}


def read_within_memory(paths: list[Path], whole: bool, traced: bool) -> list[Article | Rejection]:
    """What ingest reads from `paths` (streamed, or each file from its bytes, as the web upload
    does); fails when it takes more than `FUZZ_MEMORY` at its peak.

    With `traced`, the peak is what Python allocates (tracemalloc); else it is how far the
    process's peak resident memory grows, which is cheaper but sees only a new high.
    """
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * RSS_UNIT
    if traced:
        tracemalloc.start()
    try:
        if whole:
            found = [
                item
                for path in paths
                for item in parse_bytes(path.read_bytes(), str(path), max_bytes=FUZZ_LIMIT)
            ]
        else:
            found = list(read_inputs([str(path) for path in paths], max_bytes=FUZZ_LIMIT))
        if traced:
            peak = tracemalloc.get_traced_memory()[1]
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * RSS_UNIT - before
    finally:
        if traced:
            tracemalloc.stop()
    assert peak < FUZZ_MEMORY, f"ingest took {peak / MiB:.0f} MiB at its peak"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(FILES))
def test_fuzzed_records_never_stop_the_batch(
    kind: str, store: Store, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    good = folder / "z-good.txt"
    good.write_text(GOOD)
    # The first use of dateparser and trafilatura loads their data: not a run's memory.
    warm_up = jsonl_line(html=f"<p>{BODY}</p>", published="23 October 2024, 14:05")
    list(parse_bytes(warm_up.encode(), "warm-up.jsonl"))

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=FILES[kind], whole=st.booleans())
    def check(data: bytes, whole: bool) -> None:
        hostile = folder / f"hostile.{kind}"
        hostile.write_bytes(data)
        # Tracing a feed would take minutes (feedparser makes an object per piece of text); a
        # feed is read whole, up to the size limit, so its memory is bounded by that anyway.
        found = read_within_memory([hostile, good], whole, traced=kind != "rss")
        *read, last = found
        assert isinstance(last, Article) and last.text == GOOD  # the next file is read
        if kind == "jsonl":
            assert len(read) == data.count(b"\n")  # one article or rejection per line
        if kind == "rss" and len(data) > FUZZ_LIMIT and not whole:  # bytes: no file limit
            assert read == [Rejection(str(hostile), too_big(len(data), FUZZ_LIMIT))]
        elif kind in ("jsonl", "rss"):
            assert isinstance(read[-1], Article) and read[-1].text == GOOD  # the last record
        if kind == "warc.gz":
            assert isinstance(read[0], Article)  # the page before the hostile records
        for item in found:
            if isinstance(item, Rejection):
                assert re.fullmatch("[^\x00-\x1f\x7f-\x9f\ud800-\udfff]+", str(item))
                continue
            assert no_controls(item) and item.text.strip()
            article_id, _ = store.add_article(item)  # raises when the store cannot hold it
            assert no_controls(store.get_article(article_id))

    check()
