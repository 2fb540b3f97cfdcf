"""Good Judgment Project (IARPA ACE) data: ``ifps.csv`` questions and survey forecasts.

A two-option IFP whose options are "(a) Yes, (b) No" becomes one question, and each forecast's
value for option (a) becomes a judgment. An IFP with more options becomes one yes/no question
per option ("... — (b) Putin"), each forecast's value for that option a judgment on it; GJP's
multi-option Brier score of a forecast (0-2) is the sum of these per-option Brier scores.
Voided IFPs are imported as annulled. Resolutions are dated by ``date_closed``.

``ifps.csv`` is Latin-1 with a few stray bytes; it is read as Latin-1.
"""

from __future__ import annotations

import re
from datetime import date, datetime
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

ORIGIN = "gjp"
_IFP_COLUMNS = ("ifp_id", "q_text", "q_status", "outcome", "date_closed", "options", "n_opts")
_FORECAST_COLUMNS = ("ifp_id", "user_id", "answer_option", "value", "timestamp")
_OPTION = re.compile(r"\(([a-z])\)\s*(.*?)(?=,\s*\([a-z]\)|$)")


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


def _files(path: Path) -> tuple[Path, Path | None]:
    if path.is_dir():
        ifps = path / "ifps.csv"
        if not ifps.is_file():
            raise UsageError(f"{path} holds no ifps.csv from the Good Judgment Project")
        forecasts = sorted(path.glob("survey_fcasts*.csv"))
        return ifps, forecasts[0] if forecasts else None
    return path, None


def _resolution(row: dict[str, str], letter: str | None) -> Resolution | None:
    closed = _day(row["date_closed"])
    if row["q_status"] == "voided":
        on = closed or _day(row.get("date_to_close", "")) or _day(row.get("date_start", ""))
        if on is None:
            raise ValueError("voided with no date")
        return Resolution(0, "annulled", on, evidence="voided by GJP", resolved_by=ORIGIN)
    if row["q_status"] != "closed":
        return None
    if closed is None or not row["outcome"].strip():
        raise ValueError(f"closed without outcome or date_closed ({row['date_closed']!r})")
    outcome: Outcome = "yes" if row["outcome"].strip() == (letter or "a") else "no"
    return Resolution(
        0, outcome, closed, evidence=f"GJP outcome ({row['outcome']})", resolved_by=ORIGIN
    )


def read_gjp(path: Path) -> ImportBatch:
    """Parse GJP's ``ifps.csv`` (and a ``survey_fcasts*.csv`` beside it) into a batch.

    Args:
        path: the gjp folder, or ``ifps.csv`` alone (questions only).

    Raises:
        UsageError: the files are missing or of another kind.
    """
    ifps_path, forecasts_path = _files(path)
    batch = ImportBatch(origin=ORIGIN)
    index: dict[tuple[str, str], int] = {}
    for number, row in read_csv_rows(ifps_path, "ifps.csv", _IFP_COLUMNS, encoding="latin-1"):
        try:
            options = _OPTION.findall(row["options"])
            ifp = row["ifp_id"].strip()
            if len(options) < 2:
                raise ValueError(f"options {row['options']!r} name fewer than two answers")
            binary = len(options) == 2 and options[0][1].strip().lower() == "yes"
            chosen = options[:1] if binary else options
            for letter, label in chosen:
                title = row["q_text"] if binary else f"{row['q_text']} — ({letter}) {label}"
                question = Question(
                    title=title.strip(),
                    criteria=(row.get("q_desc") or "").strip() or None,
                    closes_at=None,
                    tags=(ORIGIN,),
                    external_id=f"{ORIGIN}:{ifp}" + ("" if binary else f":{letter}"),
                )
                batch.questions.append((question, _resolution(row, letter)))
                index[(ifp, letter)] = len(batch.questions) - 1
        except (ValueError, KeyError) as exc:
            batch.skipped.append(f"{ifps_path.name}:{number}: {exc}")
    if forecasts_path is not None:
        _read_forecasts(forecasts_path, index, batch)
    return batch


def _read_forecasts(path: Path, index: dict[tuple[str, str], int], batch: ImportBatch) -> None:
    binary_ifps = {ifp for (ifp, letter) in index if letter == "a" and (ifp, "b") not in index}
    for number, row in read_csv_rows(path, path.name, _FORECAST_COLUMNS, encoding="latin-1"):
        ifp, letter = row["ifp_id"].strip(), row["answer_option"].strip()
        if ifp in binary_ifps and letter != "a":
            continue  # option (b) of a yes/no IFP is 1 - P(yes)
        try:
            if (ifp, letter) not in index:
                raise ValueError(f"no IFP {ifp} with option ({letter}) in ifps.csv")
            p = probability(row["value"])
            made = utc_naive(row["timestamp"])
        except (ValueError, KeyError) as exc:
            batch.skipped.append(f"{path.name}:{number}: {exc}")
            continue
        holder = f"GJP forecaster {row['user_id'].strip()}"
        batch.forecasts.append(ImportedForecast(index[(ifp, letter)], holder, p, made))
