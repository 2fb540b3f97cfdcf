"""PredictionBook's public dump (as carried by niplav/iqisa): questions and binary forecasts.

``public.csv`` (zipped or not) has one row per forecast: ``question_id, user_id, probability,
timestamp, outcome, q_status, resolve_time, ...``; ``questions.csv`` next to it gives titles.
Each forecast becomes a judgment held by its user, published at its timestamp; each question's
resolution is dated by ``resolve_time``, which is also kept as the exact moment it became known.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trackrecord.errors import UsageError
from trackrecord.models import Outcome, Question, Resolution
from trackrecord.questions.imports.common import (
    ImportBatch,
    probability,
    read_csv_rows,
    utc_naive,
)
from trackrecord.store import ImportedForecast

ORIGIN = "predictionbook"
_FORECAST_COLUMNS = ("question_id", "user_id", "probability", "timestamp", "outcome", "q_status")
_OUTCOMES: dict[str, Outcome] = {"1.0": "yes", "0.0": "no", "1": "yes", "0": "no"}


def _files(path: Path) -> tuple[Path, Path | None]:
    if path.is_dir():
        for name in ("public.csv.zip", "public.csv"):
            if (path / name).is_file():
                forecasts = path / name
                break
        else:
            raise UsageError(f"{path} holds no public.csv.zip or public.csv from PredictionBook")
        titles = next(
            (path / n for n in ("questions.csv.zip", "questions.csv") if (path / n).is_file()),
            None,
        )
        return forecasts, titles
    return path, None


def _titles(path: Path | None) -> dict[str, tuple[str, datetime | None]]:
    if path is None:
        return {}
    out: dict[str, tuple[str, datetime | None]] = {}
    for _, row in read_csv_rows(path, "questions.csv", ("question_id", "q_title")):
        try:
            closes = utc_naive(row["close_time"]) if row.get("close_time") else None
        except ValueError:
            closes = None
        out[row["question_id"]] = (row["q_title"], closes)
    return out


def _resolution(row: dict[str, str]) -> Resolution | None:
    status = row["q_status"]
    if status == "open":
        return None
    known = utc_naive(row["resolve_time"])
    url = f"https://predictionbook.com/predictions/{row['question_id']}"
    if status == "ambiguous" or row["outcome"] in ("-1.0", "-1"):
        outcome: Outcome = "ambiguous"
    elif status == "resolved" and row["outcome"] in _OUTCOMES:
        outcome = _OUTCOMES[row["outcome"]]
    else:
        raise ValueError(f"q_status {status!r} with outcome {row['outcome']!r}")
    return Resolution(
        question_id=0,
        outcome=outcome,
        resolved_on=known.date(),
        known_at=known,
        evidence="resolved on PredictionBook by the question's creator",
        url=url,
        resolved_by=ORIGIN,
    )


def read_predictionbook(path: Path) -> ImportBatch:
    """Parse PredictionBook's ``public.csv`` (a folder, the zip or the CSV) into a batch.

    Raises:
        UsageError: the path holds no PredictionBook forecast file, or a file of another kind.
    """
    forecasts_path, titles_path = _files(path)
    titles = _titles(titles_path)
    batch = ImportBatch(origin=ORIGIN)
    index: dict[str, int] = {}
    for number, row in read_csv_rows(forecasts_path, "public.csv", _FORECAST_COLUMNS):
        where = f"{forecasts_path.name}:{number}"
        try:
            p = probability(row["probability"])
            made = utc_naive(row["timestamp"])
            if row.get("answer_option", "1") not in ("1", "1.0"):
                raise ValueError(f"answer_option {row['answer_option']!r} is not 1 (yes)")
            qid = row["question_id"].strip()
            if not qid:
                raise ValueError("no question_id")
            if qid not in index:
                title, closes = titles.get(qid, (f"PredictionBook question {qid}", None))
                if closes is None and row.get("close_time"):
                    closes = utc_naive(row["close_time"])
                question = Question(
                    title=title,
                    criteria="As judged by the question's creator on PredictionBook.",
                    closes_at=closes,
                    tags=(ORIGIN,),
                    external_id=f"{ORIGIN}:{qid}",
                )
                batch.questions.append((question, _resolution(row)))
                index[qid] = len(batch.questions) - 1
            holder = row["user_id"].strip() or "(anonymous)"
        except (ValueError, KeyError) as exc:
            batch.skipped.append(f"{where}: {exc}")
            continue
        batch.forecasts.append(ImportedForecast(index[qid], holder, p, made))
    return batch
