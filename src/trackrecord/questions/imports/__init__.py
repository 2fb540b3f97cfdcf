"""Importers: questions, resolutions and forecasts from forecasting platforms' public data.

Each reader is pure (files in, `ImportBatch` out); `store_batch` writes a batch in one
transaction, so an import is all or nothing unless rows are explicitly skipped.
"""

from trackrecord.questions.imports.common import ImportBatch, ImportReport, store_batch
from trackrecord.questions.imports.forecastbench import read_forecastbench
from trackrecord.questions.imports.gjp import read_gjp
from trackrecord.questions.imports.predictionbook import read_predictionbook

__all__ = [
    "ImportBatch",
    "ImportReport",
    "read_forecastbench",
    "read_gjp",
    "read_predictionbook",
    "store_batch",
]
