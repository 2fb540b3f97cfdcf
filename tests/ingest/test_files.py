"""read_inputs: folders, stdin, gzip, overrides, limits, and one clear line per bad input."""

from __future__ import annotations

import gzip
import io
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from trackrecord.errors import UsageError
from trackrecord.ingest import DEFAULT_MAX_BYTES, Overrides, count_inputs, read_inputs
from trackrecord.ingest import files as files_module
from trackrecord.models import Article, Rejection

FIXTURES = Path(__file__).parent.parent / "fixtures"
EXAMPLE = FIXTURES / "text" / "why-russia-likely-wont-use-north-korean-troops.txt"
PAGE_GZ = (
    FIXTURES / "html" / "7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f.html.gz"
)
HEADLINE = "Why Russia likely won\u2019t use North Korean troops in Ukraine"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder tree with every format, a hidden file and a hidden folder."""
    root = tmp_path / "corpus"
    (root / "b-feeds").mkdir(parents=True)
    (root / "a-text" / "deeper").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(EXAMPLE, root / "a-text" / "deeper" / "russia.txt")
    shutil.copy(FIXTURES / "feeds" / "benchmark.atom", root / "b-feeds" / "science.xml")
    shutil.copy(FIXTURES / "jsonl" / "benchmark.jsonl", root / "c.jsonl")
    shutil.copy(PAGE_GZ, root / "d-page.html.gz")
    shutil.copy(FIXTURES / "warc" / "example.warc.gz", root / "e.warc.gz")
    (root / ".hidden.txt").write_text("Hidden\n\nNot to be read.\n")
    (root / ".cache" / "x.txt").write_text("Cached\n\nNot to be read.\n")
    return root


def sources(found: list[Article | Rejection]) -> list[str]:
    return [item.source_path if isinstance(item, Article) else f"REJECTED {item}" for item in found]


def test_folder_is_read_recursively_in_order_without_hidden_files(corpus: Path) -> None:
    found = list(read_inputs([str(corpus)]))
    assert sources(found) == [
        f"{corpus}/a-text/deeper/russia.txt",
        f"{corpus}/b-feeds/science.xml#record-1",
        f"{corpus}/b-feeds/science.xml#record-2",
        f"{corpus}/c.jsonl#line-1",
        f"{corpus}/c.jsonl#line-3",
        f"{corpus}/d-page.html.gz",
        f"{corpus}/e.warc.gz#record-3",
    ]
    assert [item.format for item in found if isinstance(item, Article)] == [
        "text", "feed", "feed", "jsonl", "jsonl", "html", "warc",
    ]  # fmt: skip
    assert count_inputs([str(corpus)]) == 5


def test_files_folders_and_stdin_together(corpus: Path) -> None:
    stdin = io.BytesIO(EXAMPLE.read_bytes())
    paths = [str(corpus / "c.jsonl"), "-", corpus / "a-text"]
    found = list(read_inputs(paths, stdin=stdin))
    assert sources(found) == [
        f"{corpus}/c.jsonl#line-1",
        f"{corpus}/c.jsonl#line-3",
        "<stdin>",
        f"{corpus}/a-text/deeper/russia.txt",
    ]
    assert found[2].title == HEADLINE
    assert count_inputs(paths) == 3


def test_stdin_defaults_to_the_process_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(gzip.compress(EXAMPLE.read_bytes()))

    monkeypatch.setattr("sys.stdin", FakeStdin)
    (article,) = read_inputs(["-"])
    assert isinstance(article, Article)
    assert article.source_path == "<stdin>"
    assert article.title == HEADLINE


def test_overrides_win_over_what_the_file_says() -> None:
    when = datetime(2023, 2, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    overrides = Overrides(
        author="Jane Analyst", outlet="Desk", published=when, url="https://x.org/a"
    )
    (article,) = read_inputs([str(PAGE_GZ)], overrides=overrides)
    assert isinstance(article, Article)
    assert (article.author, article.outlet, article.url) == (
        "Jane Analyst",
        "Desk",
        "https://x.org/a",
    )
    assert article.published_at == datetime(2023, 2, 1, 14, 30)  # naive UTC
    assert article.title == "US service members killed in Afghanistan helicopter crash"  # kept


def test_partial_overrides_keep_the_other_fields() -> None:
    jsonl = FIXTURES / "jsonl" / "benchmark.jsonl"
    first, second = read_inputs([str(jsonl)], overrides=Overrides(outlet="Wire"))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.outlet, second.outlet) == ("Wire", "Wire")
    assert first.author == "Reuters"
    assert first.published_at == datetime(2019, 11, 19, 7, 3, 25)


def test_forced_format_applies_to_every_input(corpus: Path) -> None:
    found = list(read_inputs([str(corpus / "c.jsonl")], format="text"))
    assert len(found) == 1
    assert isinstance(found[0], Article)
    assert found[0].format == "text"
    assert found[0].text.startswith('{"title": "New York State Attorney General')


def test_unknown_format_is_a_usage_error_before_reading() -> None:
    with pytest.raises(UsageError):
        read_inputs(["does-not-matter"], format="docx")


def one_rejection(path: Path | str, **kwargs: object) -> Rejection:
    found = list(read_inputs([str(path)], **kwargs))  # type: ignore[arg-type]
    assert len(found) == 1, found
    assert isinstance(found[0], Rejection), found[0]
    assert "\n" not in found[0].reason
    return found[0]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert one_rejection(missing) == Rejection(str(missing), "no such file or folder")
    assert count_inputs([str(missing)]) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret\n\nText.\n")
    locked.chmod(0)
    assert one_rejection(locked).reason == "permission denied; check the file's permissions"


def test_permission_denied_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too, where chmod cannot make a file unreadable.
    def refuse(path: str, mode: str = "r") -> object:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(files_module, "open", refuse, raising=False)
    path = tmp_path / "locked.txt"
    assert one_rejection(path) == Rejection(
        str(path), "permission denied; check the file's permissions"
    )


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    assert one_rejection(path).reason.startswith("binary file, not text")


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file (0 bytes)"),
    (b" \n\t\n", "empty file (only whitespace)"),
    (gzip.compress(b""), "empty file (0 bytes)"),
])  # fmt: skip
def test_empty_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert one_rejection(path) == Rejection(str(path), reason)


def test_truncated_gzip(tmp_path: Path) -> None:
    data = PAGE_GZ.read_bytes()
    path = tmp_path / "cut.html.gz"
    path.write_bytes(data[: len(data) // 2])
    reason = one_rejection(path).reason
    assert reason.startswith("truncated gzip")
    assert "cut short" in reason


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    data = "Prix\n\nLe café sera probablement plus cher.\n".encode("latin-1")
    path.write_bytes(data)
    reason = one_rejection(path).reason
    assert data[12:13] == b"\xe9"
    assert reason == (
        "not valid UTF-8 (first bad byte at offset 12 of the file) and no charset declared; "
        "convert it to UTF-8, e.g. with iconv"
    )


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Words words words.\n" * 100)
    rejection = one_rejection(path, max_bytes=1024)
    assert rejection.reason == (
        "too big (1.9 KiB, over the 1.0 KiB limit); split it or raise the limit"
    )
    assert isinstance(next(iter(read_inputs([str(path)], max_bytes=1900))), Article)


def test_oversized_stdin_reads_no_more_than_the_limit() -> None:
    stdin = io.BytesIO(b"x" * 5000)
    (rejection,) = read_inputs(["-"], stdin=stdin, max_bytes=1024)
    assert rejection == Rejection(
        "<stdin>", "too big (over the 1.0 KiB limit); split it or raise the limit"
    )
    assert stdin.tell() == 1025


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 100_000))
    reason = one_rejection(path, max_bytes=10_240).reason
    assert reason == "decompresses to more than the 10.0 KiB limit; split it into smaller files"


def test_text_less_html_file(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(
        '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>'
    )
    assert one_rejection(path).reason.startswith("no article text found")


def test_stdin_that_cannot_be_read() -> None:
    class Directory(io.RawIOBase):
        def readinto(self, buffer: object) -> int:
            raise IsADirectoryError(21, "Is a directory")

    (rejection,) = read_inputs(["-"], stdin=Directory())  # type: ignore[arg-type]
    assert rejection == Rejection("<stdin>", "cannot read: Is a directory")


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "1-empty.txt").write_bytes(b"")
    (tmp_path / "2-binary.bin").write_bytes(b"\x00\x01\x02" * 50)
    shutil.copy(EXAMPLE, tmp_path / "3-good.txt")
    (tmp_path / "4-latin1.txt").write_bytes("Caf\u00e9\n\nCaf\u00e9.\n".encode("latin-1"))
    found = list(read_inputs([str(tmp_path), str(tmp_path / "5-missing.txt")]))
    assert [type(item).__name__ for item in found] == [
        "Rejection", "Rejection", "Article", "Rejection", "Rejection",
    ]  # fmt: skip
    assert [item.source for item in found if isinstance(item, Rejection)] == [
        str(tmp_path / name)
        for name in ("1-empty.txt", "2-binary.bin", "4-latin1.txt", "5-missing.txt")
    ]


def test_read_inputs_streams(tmp_path: Path) -> None:
    # The first article comes out before later files are even opened.
    shutil.copy(EXAMPLE, tmp_path / "a.txt")
    later = tmp_path / "b.txt"
    stream = read_inputs([str(tmp_path / "a.txt"), str(later)])
    first = next(stream)
    assert isinstance(first, Article)
    later.write_text("Written late\n\nIt is still read.\n")
    second = next(stream)
    assert isinstance(second, Article)
    assert second.title == "Written late"


def test_default_limit_is_named_in_the_message(tmp_path: Path) -> None:
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    (rejection,) = read_inputs(["-"], stdin=io.BytesIO(b"x" * (DEFAULT_MAX_BYTES + 10)))
    assert rejection == Rejection(
        "<stdin>", "too big (over the 50.0 MiB limit); split it or raise the limit"
    )
