"""Extraction quality: gold files and the matcher that scores extracted judgments on them."""

from __future__ import annotations

from trackrecord.evaluation.gold import (
    GoldItem,
    GoldResult,
    load_gold,
    match,
    parse_gold_line,
    summarise,
)

__all__ = ["GoldItem", "GoldResult", "load_gold", "match", "parse_gold_line", "summarise"]
