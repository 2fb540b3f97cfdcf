"""The shipped yardsticks: rebuilt from ../shared/data they are the committed files, and the
gated reader measure reads the shipped reader.json (a corrupted copy fails it)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import REPO
from trackrecord.errors import ScaleError
from trackrecord.evaluation.quality import check_floors, load_floors
from trackrecord.evaluation.yardsticks import reader_survey_measure
from trackrecord.extract import SCALES, Yardstick

SHIPPED = Path(str(resources.files("trackrecord.extract") / "yardsticks"))


def build(script: str, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / script), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_rebuilt_yardsticks_are_the_committed_files(shared: Path, tmp_path: Path) -> None:
    data = str(shared / "data")
    build("build_reader_yardstick.py", "--data", data, "--out", str(tmp_path / "reader.json"))
    build("build_official_yardsticks.py", "--data", data, "--out-dir", str(tmp_path))
    built = sorted(p.name for p in tmp_path.glob("*.json"))
    assert (
        built
        == sorted(p.name for p in SHIPPED.glob("*.json"))
        == sorted(f"{name}.json" for name in SCALES)
    )
    for name in built:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), (
            f"{name} is not what the build scripts make: rebuild the yardsticks"
        )


def corrupt(folder: Path, change: dict[str, float]) -> Path:
    shutil.copytree(SHIPPED, folder)
    path = folder / "reader.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        entry.update(change)
    path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_the_gated_measure_reads_the_shipped_file(shared: Path, tmp_path: Path) -> None:
    floors = load_floors()
    shipped = reader_survey_measure(shared / "data")
    copy = reader_survey_measure(shared / "data", corrupt(tmp_path / "same", {}))
    assert copy.value == shipped.value  # the same numbers, read from a copy of the files
    assert check_floors({shipped.key: shipped.value}, floors) == []
    flat = reader_survey_measure(shared / "data", corrupt(tmp_path / "flat", {
        "p": 0.5, "low": 0.5, "high": 0.5}))  # fmt: skip
    assert flat.value > 0.1
    assert check_floors({flat.key: flat.value}, floors), "a flat reader.json passed the gate"


def test_a_broken_reader_file_is_an_error(shared: Path, tmp_path: Path) -> None:
    folder = corrupt(tmp_path / "broken", {"p": 2.0})
    with pytest.raises(ScaleError, match="reader"):
        reader_survey_measure(shared / "data", folder)


def test_the_default_reads_through_load_yardstick(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trackrecord.evaluation import yardsticks
    from trackrecord.extract.yardstick import parse_yardstick

    folder = corrupt(tmp_path / "flat", {"p": 0.5, "low": 0.5, "high": 0.5})

    def flat(name: str) -> Yardstick:
        return parse_yardstick(json.loads((folder / f"{name}.json").read_text("utf-8")), name)

    monkeypatch.setattr(yardsticks, "load_yardstick", flat)
    measure = reader_survey_measure(shared / "data")
    assert check_floors({measure.key: measure.value}, load_floors())
