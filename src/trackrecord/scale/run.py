"""Run a corpus on a Dask cluster: one task per shard, Parquet out, resumable after any kill.

The driver lists the shards, records them in ``run.json`` (in the order ingest would read them,
which is the order `load_run` stores them in), and submits one task per shard not finished yet.
Workers read the files and write the output themselves, so the output folder must be on a file
system every worker sees (on one machine, any folder).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trackrecord.errors import UsageError
from trackrecord.extract import EXTRACTOR_VERSION, load_yardstick
from trackrecord.ingest import DEFAULT_MAX_BYTES
from trackrecord.models import Rejection
from trackrecord.scale.parquet import TMP_MARK, writer_is_gone
from trackrecord.scale.shards import Shard, plan_shards, process_shard, read_manifest, write_json

if TYPE_CHECKING:
    from distributed import Client

RUN_FILE = "run.json"
RUN_FORMAT = "trackrecord-run"
RUN_VERSION = 1


@dataclass(slots=True)
class RunReport:
    """What a run did: shards done now and before, articles and judgments, what was rejected."""

    shards: int = 0
    done: int = 0
    skipped: int = 0
    articles: int = 0
    judgments: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    failed: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        """One line: shards, articles, judgments, rejections."""
        return (
            f"{self.shards} shards ({self.done} done now, {self.skipped} finished before), "
            f"{self.articles} articles, {self.judgments} judgments, "
            f"{len(self.rejected)} rejected, {len(self.failed)} failed"
        )

    def add(self, manifest: dict[str, Any]) -> None:
        """Count one finished shard's manifest."""
        self.articles += int(manifest["articles"])
        self.judgments += int(manifest["judgments"])
        self.rejected.extend(Rejection(s, r) for s, r in manifest["rejected"])
        self.failed.extend(Rejection(s, r) for s, r in manifest["failed"])


def prepare_out(out: Path, scale: str, shards: Sequence[Shard]) -> None:
    """Make the output folder and record the run in ``run.json``, merged with an earlier run's.

    Raises:
        UsageError: `out` is a file, is a non-empty folder that is not a run's output, or holds a
            run made under another yardstick or extractor version.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder (it is created if missing)")
    run_file = out / RUN_FILE
    names = [s.name for s in shards]
    if run_file.exists():
        previous = read_run(out)
        for key, value in (("scale", scale), ("extractor_version", EXTRACTOR_VERSION)):
            if previous.get(key) != value:
                raise UsageError(
                    f"--out {out} holds a run made with {key} {previous.get(key)!r}, not "
                    f"{value!r}; give another folder"
                )
        known = list(previous["shards"])
        names = known + [n for n in names if n not in set(known)]
    elif out.is_dir() and any(out.iterdir()):
        raise UsageError(f"--out {out} is a folder with other files in it; give an empty folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        write_json(
            run_file,
            {
                "format": RUN_FORMAT,
                "version": RUN_VERSION,
                "scale": scale,
                "extractor_version": EXTRACTOR_VERSION,
                "shards": names,
            },
        )
    except OSError as exc:
        raise UsageError(f"cannot write to --out {out}: {exc.strerror or exc}") from None


# A temporary file untouched this long is a killed writer's. A live writer touches its file at
# every row group (a few hundred articles), far more often than this.
LEFTOVER_AGE = 3600.0


def remove_leftovers(out: Path, older_than: float = LEFTOVER_AGE) -> None:
    """Remove the temporary files of writers that were killed (no finished file is one).

    A task of an earlier run whose driver was killed may still be running on a worker, writing
    its file, and rename it when done: a file goes only when its writer (named in it) is known
    to have exited, or when it has not been written for `older_than` seconds.
    """
    cutoff = time.time() - older_than
    for leftover in out.glob(f"*/*{TMP_MARK}*"):
        try:
            if writer_is_gone(leftover) or leftover.stat().st_mtime < cutoff:
                leftover.unlink(missing_ok=True)
        except FileNotFoundError:
            pass  # renamed into place or removed meanwhile


def read_run(folder: Path) -> dict[str, Any]:
    """The ``run.json`` of a run's output folder.

    Raises:
        UsageError: `folder` is not the output of `trackrecord run`, or of a version of it this
            one cannot read, or its run.json is damaged.
    """
    import json

    hint = "give the --out folder of `trackrecord run`"
    try:
        loaded = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{folder} is not the output of a run (no {RUN_FILE}); {hint}") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{folder / RUN_FILE} cannot be read ({exc}); {hint}") from None
    if not isinstance(loaded, dict) or loaded.get("format") != RUN_FORMAT:
        raise UsageError(f"{folder / RUN_FILE} is not a trackrecord run file; {hint}")
    if loaded.get("version") != RUN_VERSION:
        raise UsageError(
            f"{folder / RUN_FILE} is of run format version {loaded.get('version')!r}, and this "
            f"trackrecord reads version {RUN_VERSION}; use the trackrecord that wrote it, or "
            "run `trackrecord run` again into a new --out folder"
        )
    shards = loaded.get("shards")
    if (
        not isinstance(shards, list)
        or not all(isinstance(name, str) for name in shards)
        or len(set(shards)) != len(shards)
        or not all(isinstance(loaded.get(key), str) for key in ("scale", "extractor_version"))
    ):
        raise UsageError(
            f"{folder / RUN_FILE} is damaged (its shards, scale or extractor_version); "
            "run `trackrecord run` again into a new --out folder"
        )
    return loaded


def check_run(paths: Sequence[str], out: str | os.PathLike[str], scale: str) -> None:
    """Refuse, before any cluster is started, what would make a run fail at once.

    Raises:
        UsageError: stdin or a corpus path that does not exist, `out` a file, or an unknown
            yardstick.
    """
    load_yardstick(scale)
    if "-" in paths:
        raise UsageError(
            "run reads its inputs on the workers, which cannot see this process's stdin (-); "
            "save it to a file, or use `trackrecord ingest -`"
        )
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError(
            f"no such file or folder: {', '.join(missing)}; nothing was run (check the path)"
        )
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageError(f"--out {out} is a file; give a folder (it is created if missing)")


def run_corpus(
    paths: Sequence[str],
    out: str | os.PathLike[str],
    client: Client,
    *,
    scale: str = "reader",
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[RunReport], None] | None = None,
) -> RunReport:
    """Read, extract and write every shard of `paths` as Parquet in `out`, on the Dask cluster.

    Shards finished by an earlier run into the same folder are skipped; a shard a worker was
    lost on is run again by Dask elsewhere. A bad input is listed in the report and the other
    shards go on.

    Raises:
        UsageError: a path that does not exist, an unknown yardstick, or an unusable `out`.
    """
    check_run(paths, out, scale)
    folder = Path(out).absolute()
    # The output folder may lie inside a corpus folder: its own files are not inputs.
    listed = [s for s in plan_shards(paths) if not Path(s.path).is_relative_to(folder)]
    # A file that cannot be read (a broken link, a folder without permission) is rejected here
    # and left out of the run: no task, no manifest, so running again tries it again, as
    # running ingest again does.
    shards = [s for s in listed if s.problem is None]
    prepare_out(folder, scale, shards)
    report = RunReport(shards=len(shards))
    report.rejected.extend(Rejection(s.source, s.problem) for s in listed if s.problem)
    todo = []
    for shard in shards:
        manifest = read_manifest(folder, shard.name)
        if manifest is None:
            todo.append(shard)
        else:
            report.skipped += 1
            report.add(manifest)
    if progress is not None:
        progress(report)
    from distributed import as_completed

    futures = client.map(
        process_shard,
        todo,
        out=str(folder),
        scale=scale,
        max_bytes=max_bytes,
        key=[f"trackrecord-shard-{s.name}" for s in todo],
        pure=False,
    )
    by_key = {f.key: s for f, s in zip(futures, todo, strict=True)}
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        shard = by_key[future.key]
        try:
            manifest = future.result()
        except Exception as exc:
            # A bug or a broken worker environment, not bad input: no manifest is written, so
            # running again retries the shard.
            report.failed.append(Rejection(shard.source, f"{type(exc).__name__}: {exc}"))
        else:
            report.done += 1
            report.add(manifest)
        future.release()
        if progress is not None:
            progress(report)
    # Every task of this run has ended: an old temporary file was left by a killed writer.
    remove_leftovers(folder)
    return report
