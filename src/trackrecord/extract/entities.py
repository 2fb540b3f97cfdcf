"""Entities: the actors a judgment is about, normalised through the alias table.

"DPRK", "North Korea", "Pyongyang", "North Korean" and "Hermit Kingdom" are one actor; so are
"the Kremlin", "Moscow" and "Russia". People are taken when a title introduces them
("President Bashar al-Asad", "Mr Blair").
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from trackrecord.extract.aliases import alias_table
from trackrecord.extract.lexicon import alternation
from trackrecord.extract.records import ArticleContext

__all__ = ["entities_component", "find_entities"]

_TITLED = re.compile(
    r"\b(?:President|Prime Minister|Chancellor|Mr|Mrs|Ms|Dr|Senator|Sen\.|Governor|Gov\."
    r"|Secretary|Minister|Chairman|Chairwoman|Leader|King|Queen|Prince|Pope)\.? "
    r"((?:(?:al-|bin |de |van |von )?[A-Z][\w\u2019'-]* ?){1,3})"
)
_POSSESSIVE = re.compile(r"(?:['\u2019]s?)$")


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    table = alias_table()
    # every alias starts with a capital, "t" (the) or "a" (al-): the lookahead fails fast;
    # "New Mexico" and "New Jersey" are states, not Mexico or Jersey
    return (
        re.compile(rf"(?=[A-Zta])(?<![\w.])(?<!New )(?:{alternation(table)})(?![\w])"),
        table,
    )


def find_entities(text: str) -> tuple[str, ...]:
    """The actors named in `text`, normalised, in order of first mention.

    Args:
        text: any text (a clause, a proposition).

    Returns:
        Canonical names ("North Korea", "Russia", "Vladimir Putin"), each once.
    """
    pattern, table = _matcher()
    found: dict[str, int] = {}
    for m in pattern.finditer(text):
        found.setdefault(table[" ".join(m.group().split())], m.start())
    for m in _TITLED.finditer(text):
        name = _POSSESSIVE.sub("", m.group(1).strip())
        if name and name not in table:
            found.setdefault(name, m.start(1))
    return tuple(sorted(found, key=found.__getitem__))


@Language.component("trackrecord_entities")
def entities_component(doc: Doc) -> Doc:
    """Set the entities of every hit from its judged clause and proposition."""
    ctx: ArticleContext = doc._.trackrecord_ctx
    for hit in doc._.trackrecord_hits:
        clause = ctx.doc_text[hit.content[0] : hit.content[1]]
        if "(" in hit.proposition:  # an anaphor resolved from an earlier sentence
            clause += "\n" + hit.proposition
        hit.entities = find_entities(clause)
    return doc
