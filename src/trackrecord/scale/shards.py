"""Shards: the files of a corpus, each read, extracted and written as Parquet by one Dask task.

A shard is one input file (a WARC, a JSON Lines file, or one file of a folder). Its name is
derived from its path, so a run started again finds the shards it finished before. The task runs
on a worker and touches only its own files: it reads the shard straight from the file system,
extracts every article, writes ``articles/NAME.parquet`` and ``judgments/NAME.parquet``, and last
``shards/NAME.json``, the manifest that marks the shard done. Every file is renamed into place
when complete, so a worker killed mid-shard leaves nothing a rerun or a load would trust.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trackrecord.batch import analyze_article
from trackrecord.extract import EXTRACTOR_VERSION
from trackrecord.ingest import read_inputs
from trackrecord.ingest.files import expand_paths
from trackrecord.models import Article, Rejection
from trackrecord.scale.parquet import (
    ARTICLES,
    JUDGMENTS,
    PartWriter,
    article_row,
    judgment_rows,
    temp_path,
)

MANIFESTS = "shards"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Shard:
    """One input file of a run.

    Attributes:
        name: the file-name-safe key of its output files, stable across runs.
        source: the path as the user gave it (what articles record as their source, as ingest).
        path: the absolute path the worker reads.
        problem: why it cannot be read, when already known while listing folders.
    """

    name: str
    source: str
    path: str
    problem: str | None = None


def plan_shards(paths: Sequence[str]) -> list[Shard]:
    """The shards of `paths` in the order ingest reads them (folders walked in sorted order).

    A file named twice is one shard.
    """
    shards: list[Shard] = []
    seen: set[str] = set()
    for source, problem in expand_paths(paths):
        path = os.path.abspath(source)
        if path in seen:
            continue
        seen.add(path)
        digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        stem = _UNSAFE.sub("_", os.path.basename(path))[:60]
        shards.append(Shard(f"{stem}-{digest}", source, path, problem))
    return shards


def manifest_path(out: Path, name: str) -> Path:
    """Where the manifest of shard `name` is written."""
    return out / MANIFESTS / f"{name}.json"


def read_manifest(out: Path, name: str) -> dict[str, Any] | None:
    """The manifest of a finished shard, or None when the shard is not done."""
    path = manifest_path(out, name)
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # unreadable: the shard is done again
    return loaded if isinstance(loaded, dict) else None


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write `data` as JSON to `path` atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(path)
    temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, path)


def _items(shard: Shard, max_bytes: int) -> Iterator[Article | Rejection]:
    """The articles and rejections of one shard, read from the file as they are consumed.

    The worker reads the absolute path (its working folder may differ from the driver's); what
    the articles and rejections record is relabelled to the path as the user gave it.
    """
    if shard.problem:
        yield Rejection(shard.source, shard.problem)
        return
    for item in read_inputs([shard.path], max_bytes=max_bytes):
        if isinstance(item, Rejection):
            yield Rejection(_relabel(item.source, shard), item.reason)
        else:
            yield item.replace(source_path=_relabel(item.source_path, shard))


def _relabel(source: str | None, shard: Shard) -> str:
    if source is None or not source.startswith(shard.path):
        return source or shard.source
    return shard.source + source[len(shard.path) :]


def process_shard(shard: Shard, out: str, scale: str, max_bytes: int) -> dict[str, Any]:
    """Read, extract and write one shard; runs as a Dask task on a worker.

    Running it twice (a worker lost and the task rescheduled, or a rerun) writes the same files
    under the same names, so nothing is ever duplicated.

    Returns:
        The shard's manifest: counts, rejected inputs and failed articles.
    """
    folder = Path(out)
    writers = [PartWriter(folder, ARTICLES, shard.name), PartWriter(folder, JUDGMENTS, shard.name)]
    rejected: list[list[str]] = []
    failed: list[list[str]] = []
    articles = judgments = 0
    try:
        for item in _items(shard, max_bytes):
            if isinstance(item, Rejection):
                rejected.append([item.source, item.reason])
                continue
            result = analyze_article(item, scale)
            error = result if isinstance(result, str) else None
            writers[0].add([article_row(shard.name, articles, item, error)])
            if isinstance(result, str):
                failed.append([f"{item.source_path or shard.source} (record {articles})", result])
            else:
                writers[1].add(judgment_rows(shard.name, articles, result))
                judgments += len(result)
            articles += 1
        for writer in writers:
            writer.commit()
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    manifest = {
        "shard": shard.name,
        "source": shard.source,
        "articles": articles,
        "judgments": judgments,
        "rejected": rejected,
        "failed": failed,
        "scale": scale,
        "extractor_version": EXTRACTOR_VERSION,
    }
    write_json(manifest_path(folder, shard.name), manifest)
    return manifest
