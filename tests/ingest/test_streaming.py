"""Big WARC and JSON Lines inputs: read record by record, with the size limit per record."""

from __future__ import annotations

import gzip
import io
import json
import random
import shutil
import tracemalloc
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from trackrecord.ingest import parse_bytes, read_inputs
from trackrecord.ingest.streams import TRUNCATED_GZIP
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures"
LIMIT = 2048
TOO_BIG = "over the 2.0 KiB limit); raise the limit to read it"


def paragraphs() -> list[str]:
    """Real paragraphs of the fixture articles, each well under `LIMIT` as a record."""
    text = (FIXTURES / "text" / "why-russia-likely-wont-use-north-korean-troops.txt").read_text()
    first = (FIXTURES / "jsonl" / "benchmark.jsonl").read_text(encoding="utf-8").splitlines()[0]
    found = text.split("\n\n") + json.loads(first)["text"].split("\n\n")
    return [p for p in found if 120 < len(p) < 800]


PARAGRAPHS = paragraphs()


def jsonl_lines(count: int) -> list[bytes]:
    lines = []
    for n in range(count):
        body = "\n\n".join(PARAGRAPHS[(n + k) % len(PARAGRAPHS)] for k in range(2))
        record = {"title": f"Part {n + 1}", "published": "2024-10-23", "text": body}
        lines.append(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    return lines


def page(n: int, paragraph_count: int = 1) -> bytes:
    body = "".join(
        f"<p>{PARAGRAPHS[(n + k) % len(PARAGRAPHS)]}</p>" for k in range(paragraph_count)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Part {n}</title></head>"
        f"<body><article><h1>Part {n}</h1>{body}</article></body></html>"
    ).encode()


def build_warc(pages: list[bytes]) -> bytes:
    """A gzipped WARC: a warcinfo record, then one 200 response per page."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    for n, html in enumerate(pages):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/part-{n}",
                "response",
                payload=io.BytesIO(html),
                length=len(html),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-10-23T14:05:00Z"},
            )
        )
    return out.getvalue()


def kinds(found: list[Article | Rejection]) -> list[str]:
    return [item.source_path or "" if isinstance(item, Article) else str(item) for item in found]


def test_warc_gz_bigger_than_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build_warc([page(n) for n in range(40)]))
    assert path.stat().st_size > 10 * LIMIT
    found = list(read_inputs([str(path)], max_bytes=LIMIT))
    assert kinds(found) == [f"{path}#record-{n}" for n in range(2, 42)]
    assert [item.title for item in found if isinstance(item, Article)] == [
        f"Part {n}" for n in range(40)
    ]


def test_one_page_over_the_limit_is_rejected_alone(tmp_path: Path) -> None:
    pages = [page(n) for n in range(6)]
    pages[2] = page(2, paragraph_count=8)
    assert len(pages[2]) > LIMIT
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build_warc(pages))
    found = list(read_inputs([str(path)], max_bytes=LIMIT))
    assert [type(item) for item in found] == [Article] * 2 + [Rejection] + [Article] * 3
    rejection = found[2]
    assert isinstance(rejection, Rejection)
    assert rejection.source == f"{path}#record-4"
    assert rejection.reason.startswith("too big (")
    assert rejection.reason.endswith(TOO_BIG)


def test_jsonl_bigger_than_the_limit_is_read_whole(tmp_path: Path) -> None:
    lines = jsonl_lines(80)
    path = tmp_path / "shard.jsonl"
    path.write_bytes(b"".join(lines))
    assert path.stat().st_size > 20 * LIMIT
    assert max(map(len, lines)) < LIMIT
    found = list(read_inputs([str(path)], max_bytes=LIMIT))
    assert kinds(found) == [f"{path}#line-{n}" for n in range(1, 81)]


def test_one_line_over_the_limit_is_rejected_alone(tmp_path: Path) -> None:
    lines = jsonl_lines(5)
    giant = json.dumps({"text": " ".join(PARAGRAPHS) * 20}).encode()
    lines[2] = giant + b"\n"
    path = tmp_path / "shard.jsonl"
    path.write_bytes(b"".join(lines))
    found = list(read_inputs([str(path)], max_bytes=LIMIT))
    assert kinds(found) == [
        f"{path}#line-1",
        f"{path}#line-2",
        f"{path}#line-3: too big ({len(giant) / 1024:.1f} KiB, {TOO_BIG}",
        f"{path}#line-4",
        f"{path}#line-5",
    ]


def test_a_last_line_over_the_limit_without_line_end(tmp_path: Path) -> None:
    path = tmp_path / "shard.jsonl"
    path.write_bytes(jsonl_lines(1)[0] + b'{"text": "' + b"x" * 3000 + b'"}')
    first, last = read_inputs([str(path)], max_bytes=LIMIT)
    assert isinstance(first, Article)
    assert last == Rejection(f"{path}#line-2", f"too big (2.9 KiB, {TOO_BIG}")


def test_gzipped_jsonl_streams_with_the_limit_per_line(tmp_path: Path) -> None:
    data = b"".join(jsonl_lines(60))
    path = tmp_path / "shard.dat"  # named for nothing: gzip and JSON Lines are told by content
    # Two gzip members, as `cat a.gz b.gz` makes, and the zero padding some tools add.
    path.write_bytes(gzip.compress(data[:30000]) + gzip.compress(data[30000:]) + bytes(512))
    found = list(read_inputs([str(path)], max_bytes=LIMIT))
    assert kinds(found) == [f"{path}#line-{n}" for n in range(1, 61)]
    assert all(item.format == "jsonl" for item in found if isinstance(item, Article))


def test_truncated_gzipped_jsonl_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(jsonl_lines(60)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    whole_lines = zlib.decompressobj(wbits=31).decompress(path.read_bytes()).count(b"\n")
    found = list(read_inputs([str(path)], max_bytes=LIMIT))
    *articles, rejection = found
    assert 0 < len(articles) == whole_lines < 60  # every line before the cut is read
    assert kinds(articles) == [f"{path}#line-{n}" for n in range(1, len(articles) + 1)]
    assert rejection == Rejection(f"{path}#line-{len(articles) + 1}", TRUNCATED_GZIP)


def test_corrupt_gzipped_jsonl_is_reported_where_it_breaks(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = " ".join(PARAGRAPHS).split()
    lines = [json.dumps({"text": " ".join(rng.sample(words, 100))}) + "\n" for _ in range(150)]
    deflate = zlib.compressobj(wbits=31)  # with a gzip header
    good = deflate.compress("".join(lines).encode()) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert len(good) > 20_000
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(good + b"\x07" + bytes(100))  # a deflate block of the reserved type
    *before, rejection = read_inputs([str(path)], max_bytes=LIMIT)
    assert kinds(before) == [f"{path}#line-{n}" for n in range(1, len(before) + 1)]
    assert 140 <= len(before) <= 150  # all but the last few lines before the corrupt spot
    assert rejection == Rejection(
        f"{path}#line-{len(before) + 1}",
        "corrupt gzip data (Error -3 while decompressing data: invalid block type); "
        "re-create or re-download the file",
    )


def test_stdin_jsonl_is_read_as_it_comes(tmp_path: Path) -> None:
    data = b"".join(jsonl_lines(400))
    stdin = io.BytesIO(data)
    found = read_inputs(["-"], stdin=stdin, max_bytes=LIMIT)
    first = next(found)
    assert isinstance(first, Article)
    assert (first.title, first.source_path) == ("Part 1", "<stdin>#line-1")
    assert stdin.tell() < len(data) // 2  # only the first blocks were read
    rest = list(found)
    assert kinds(rest) == [f"<stdin>#line-{n}" for n in range(2, 401)]


def test_stdin_warc_is_streamed() -> None:
    stdin = io.BytesIO(build_warc([page(n) for n in range(5)]))
    found = list(read_inputs(["-"], stdin=stdin, max_bytes=LIMIT))
    assert kinds(found) == [f"<stdin>#record-{n}" for n in range(2, 7)]


def test_big_jsonl_is_read_in_constant_memory(tmp_path: Path) -> None:
    rng = random.Random(7)
    bodies = [
        "\n\n".join(" ".join(rng.sample(PARAGRAPHS, k=6)) for _ in range(rng.randint(4, 8)))
        for _ in range(64)
    ]
    path = tmp_path / "big.jsonl"
    size = count = 0
    with path.open("w", encoding="utf-8") as out:
        while size < 60_000_000:
            count += 1
            day = f"2024-{count % 12 + 1:02d}-{count % 28 + 1:02d}"
            record = {"title": f"Story {count}", "published": day, "text": bodies[count % 64]}
            size += out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tracemalloc.start()
    try:
        articles = sum(isinstance(item, Article) for item in read_inputs([str(path)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"tracemalloc peak {peak / 1e6:.2f} MB for a {size / 1e6:.0f} MB JSON Lines file")
    assert articles == count
    assert peak < 4_000_000  # the file is 15 times that


@pytest.mark.parametrize(
    "name",
    [
        "warc/example.warc",
        "warc/example.warc.gz",
        "warc/example-resource.warc.gz",
        "warc/example-iana.org-chunked.warc",
        "jsonl/benchmark.jsonl",
    ],
)
def test_stream_and_bytes_give_the_same(tmp_path: Path, name: str) -> None:
    whole = tmp_path / Path(name).name
    shutil.copy(FIXTURES / name, whole)
    data = whole.read_bytes()
    cut = tmp_path / f"cut-{whole.name}"
    cut.write_bytes(data[: len(data) * 2 // 3])
    for path in (whole, cut):
        expected = list(parse_bytes(path.read_bytes(), str(path)))
        assert list(read_inputs([str(path)])) == expected
        from_stdin = list(read_inputs(["-"], stdin=io.BytesIO(path.read_bytes())))
        assert kinds(from_stdin) == [k.replace(str(path), "<stdin>") for k in kinds(expected)]


def test_streamed_json_document_is_one_rejection(tmp_path: Path) -> None:
    articles = [{"text": p} for p in PARAGRAPHS] * 20
    document = (
        "a JSON document, not JSON Lines; put one object per line (e.g. jq -c '.[]' for an array)"
    )
    for name, data in [
        ("pretty.json", json.dumps(articles, indent=2)),
        ("array.json", json.dumps(articles)),
        ("object.json", json.dumps({"articles": articles}, indent=2)),
    ]:
        path = tmp_path / name
        path.write_text(data)
        assert list(read_inputs([str(path)])) == [Rejection(str(path), document)]


@pytest.mark.parametrize("format", ["jsonl", "warc"])
def test_empty_input_forced_to_a_record_format(tmp_path: Path, format: str) -> None:
    path = tmp_path / "empty.dat"
    path.write_bytes(b"")
    assert list(read_inputs([str(path)], format=format)) == [
        Rejection(str(path), "empty file (0 bytes)")
    ]


def test_utf16_jsonl_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.jsonl"
    path.write_bytes(b"".join(jsonl_lines(3)).decode().encode("utf-16"))
    assert kinds(list(read_inputs([str(path)]))) == [f"{path}#line-{n}" for n in (1, 2, 3)]


def test_text_keeps_the_limit_per_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(PARAGRAPHS * 3))
    (rejection,) = read_inputs([str(path)], max_bytes=LIMIT)
    assert isinstance(rejection, Rejection)
    assert rejection.reason.endswith("over the 2.0 KiB limit); split it or raise the limit")
