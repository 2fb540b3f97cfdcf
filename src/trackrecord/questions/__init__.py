"""Questions, links, resolutions and scores: the accountability loop, as a library.

from trackrecord.questions import create_question, resolve_question, compute_scores

qid = create_question(store, "Will X happen before 2025?", criteria="...", closes="2025-01-01")
store.link(qid, judgment_id)
resolve_question(store, qid, "yes", on="2024-11-12", evidence="...")
report = compute_scores(store, by="author", scales=SCALES)
"""

from trackrecord.questions.scores import BY, ScoreReport, compute_scores
from trackrecord.questions.service import create_question, parse_day, resolve_question
from trackrecord.questions.suggest import Suggestion, suggest

__all__ = [
    "BY",
    "ScoreReport",
    "Suggestion",
    "compute_scores",
    "create_question",
    "parse_day",
    "resolve_question",
    "suggest",
]
