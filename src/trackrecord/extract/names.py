"""Names: turning a holder or source phrase into the fullest name the article gives.

ANNOTATION.md section 6: pronouns and later mentions resolve to the fullest name in the article
("she said" → "Kim Yo Jong", "Mr Blair" → "Tony Blair"); a role phrase stays as written unless the
article names the person; titles are dropped from names ("Russian President Vladimir Putin" →
"Vladimir Putin"); "it" and "they" resolve to the organisation named just before.
"""

from __future__ import annotations

import re

from trackrecord.extract.aliases import DEMONYMS, alias_table
from trackrecord.extract.lexicon import wordset
from trackrecord.extract.records import ArticleContext

__all__ = ["clean_holder", "holder_type", "resolve_organisation", "resolve_person"]

PRONOUNS = wordset("he she they it him her them his their its")
FIRST_PERSON = wordset("i we me us my our")
TITLES = wordset(
    "President Prime Minister Chancellor Secretary Senator Sen. Sen Governor Gov. Gov Rep. Rep "
    "Representative Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Sir Lord Lady Dame General Gen. Chief "
    "Executive Leader King Queen Prince Princess Foreign Defence Defense Home Deputy Vice Mayor "
    "Judge Justice Pope Archbishop Bishop Commissioner Chairman Chairwoman Director Professor "
    "Prof. Prof Coach Manager Captain Capt. Colonel Col. Lieutenant Lt. Sergeant Spokesman "
    "Spokeswoman Ambassador Envoy Commander Admiral Premier Finance Economy Trade Health MP MPs "
    "MSP MEP AM TD Congressman Congresswoman Labour Tory Conservative Green Liberal Democrat "
    "Republican Democratic SNP Shadow Culture Transport Environment Education Treasury Work "
    "Pensions Attorney Senior Former Acting Interim"
)
_HONORIFICS = frozenset(("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady"))
DETERMINERS = frozenset(("the", "The", "a", "A", "an", "An"))
# Capitalised words that start sentences rather than names: "But Mr MacDonald" is "Mr MacDonald".
_NOT_NAME = wordset(
    "But And The A An In On At As If When While So Yet However Meanwhile This That These Those "
    "It He She They We I His Her Their Its Our After Before For From With Without Under Over "
    "Since Although Though Despite During Asked Speaking Writing According Now Then Last Next "
    "Today Yesterday Tomorrow Also Both Many Most Some Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April June July August September October "
    "November December Against Among Between Into Through Toward Towards Upon Within About "
    "Above Across Along Around Behind Below Beyond By Like Near Of Off Onto Out Past Per Than "
    "To Up Via Such Other Another Each Every No Any All What Which Who Whom Whose Where Why How "
    "There Here Only Even Just"
)
_TRAILING = wordset(
    "has had have also later previously recently now then again separately earlier yesterday "
    "today who which"
)
_LEADING = wordset(
    "and but so as while also because since that when if of from at in on by for with after "
    "before during until although though despite whereas unless once"
)
# Where a name is followed by a time or place: "Sanders on Tuesday", "Brazile in an interview"
_AFTER_NAME = wordset("on in at during after before yesterday today last this earlier")
UNNAMED_START = wordset(
    "a an some many most several few other others one two three four five numerous various "
    "certain more much all"
)
_GENERIC = wordset(
    "analysts investors economists experts officials observers critics sources diplomats "
    "traders dealers commentators campaigners scientists researchers doctors police residents "
    "witnesses voters people insiders aides forecasters pollsters bankers executives unions "
    "ministers lawyers activists many some most others participants fans strategists "
    "shareholders consumers businesses firms companies bookmakers pundits academics historians "
    "lawmakers legislators regulators authorities protesters rebels militants troops soldiers "
    "farmers workers employers retailers manufacturers landlords parents teachers students "
    "markets polls surveys"
)
_CAP_RUN = re.compile(
    r"(?:[A-Z][\w\u2019'.-]*)(?:\s+(?:(?:of|for|the|and|de|al|bin|van|von|du|le|la)\s+)?"
    r"[A-Z][\w\u2019'.-]*)*$"
)
_NAME_RUN = re.compile(r"[A-Z](?:\.|[\w'\u2019-]*)(?:[ \t]+[A-Z](?:\.|[\w'\u2019-]*))+")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)?")
# A word of a name: "Blair", "O'Brien", "Jean-Claude"; not a possessive ("Brown's").
_WORD = r"[A-Z][a-z]*(?:['\u2019][A-Z][a-z]+|-[A-Z][a-z]+)?(?!['\u2019]s\b)"
_NAME = rf"{_WORD}(?:\s+[A-Z]\.)?(?:\s+{_WORD}){{0,2}}"
_PERSON = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|President|Senator|Sen\.|Rep\.|Governor|Gov\.|"
    rf"Prime Minister|Chancellor)\.?\s+(?P<a>{_NAME})\b"
    rf"|\b(?P<b>{_WORD}(?:\s+[A-Z]\.)?(?:\s+{_WORD}){{1,2}}),?\s+"
    r"(?:said|says|told|added|argued|insisted)\b"
    rf"|\b(?:said|says|told|added)\s+(?P<c>{_NAME})(?=\s*(?:[,.;:!?]|$))"
    rf"|\b(?P<d>{_WORD}\s+{_WORD}),\s+(?:the|a|an|his|her|their)\s"
    rf"|(?:^|[.!?]\s+)(?P<e>{_WORD}\s+{_WORD})\s+[a-z]+\b"
)
_ACTORS = frozenset(alias_table())
_ORG = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){0,4}(?:Ministry|Office|Bank|Department|Agency|Institute|Council|"
    r"Commission|Association|Group|Company|plc|Inc|Ltd|Corp|University|Party|Service|Board|"
    r"Fund|Federation|Union|Committee|Organisation|Organization|Authority|Network|Centre|"
    r"Center|Society|Trust|Foundation|Chambers?|Confederation|Survey|Bureau|Statistics|Court)"
    r"(?:\s+(?:of|for)\s+(?:[A-Z][\w&'-]*\s*){1,3})?|\b(?:the\s+)?[A-Z]{2,6}\b"
)


def holder_type(holder: str) -> str:
    """``author``, ``named`` (a person or organisation) or ``unnamed`` ("many", "experts")."""
    if holder == "author":
        return "author"
    words = holder.split()
    if not words or words[0].lower() in UNNAMED_START or words[0].lower() in PRONOUNS:
        return "unnamed"
    if words[0].lower() in _GENERIC:
        return "unnamed"  # "Analysts", "Economists polled by Reuters": a group, not named
    for i, word in enumerate(words):
        if not word[:1].isupper() or word in DEMONYMS:
            continue
        if i == 0 and word in DETERMINERS:
            continue  # "The IMF": the name comes later
        return "named"
    return "unnamed"


def _strip_titles(words: list[str]) -> list[str]:
    while words and words[0] in _NOT_NAME:
        words = words[1:]
    # an acronym before a name is an organisation: "Sunderland FC Bob Murray" → "Bob Murray"
    for i in range(len(words) - 3, -1, -1):
        if len(words[i]) >= 2 and words[i].isupper() and words[i].isalpha():
            words = words[i + 1 :]
            break
    # an honorific inside a run starts the name: "Tuesday Mr Kennedy" → "Mr Kennedy"
    for i, word in enumerate(words[1:], 1):
        if word.rstrip(".") in _HONORIFICS:
            words = words[i:]
            break
    if len(words) == 2 and words[0].rstrip(".") in _HONORIFICS:
        return words
    while len(words) > 2 and (words[0] in TITLES or words[0] in DEMONYMS):
        words = words[1:]
    return words


def clean_holder(np: str, ctx: ArticleContext, pos: int) -> str:
    """A holder phrase as written, trimmed, with names and pronouns resolved.

    Args:
        np: the noun phrase found before or after a verb.
        ctx: the article.
        pos: article offset of the phrase (resolution looks before it first).

    Returns:
        The holder: a resolved name ("Kim Yo Jong"), a role or group as written ("many
        Western experts"), or ``author`` for a first-person holder outside quotes.
    """
    np = _PARENTHESIS.sub("", np.replace("\u2019", "'"))
    if "," in np:  # "Barry Hugill, a spokesman for Liberty": the name before the apposition
        head = np.split(",", 1)[0]
        if any(w[:1].isupper() for w in head.split()[1:]) or head.strip()[:1].isupper():
            np = head
    words = [w.strip("\"'") for w in np.split() if w.strip("\"'")]
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    for i, word in enumerate(words[1:], 1):
        if word in _AFTER_NAME and any(w[:1].isupper() for w in words[:i]):
            words = words[:i]
            break
    while words and (words[-1] in _TRAILING or (words[-1].endswith("ly") and words[-1].islower())):
        words = words[:-1]  # "he finally", "Smith also"
    if not words:
        return "author"
    if len(words) == 1 and words[0].lower() in FIRST_PERSON:
        return "author"
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        pronoun = words[0].lower()
        if pronoun in ("it", "its", "they", "their", "them"):
            return resolve_organisation(ctx, pos) or words[0]
        return resolve_person(ctx, pos) or words[0]
    run = _CAP_RUN.search(" ".join(words))
    if run:
        run_words = run.group().split()
        before = words[: len(words) - len(run_words)]
        if before and all(w in DETERMINERS for w in before):
            return " ".join(words)  # "the Ukraine Ministry of Defence", as written
        if before and (
            before[-1].lower() in UNNAMED_START
            or before[-1].lower() in ("from", "at", "of", "for", "with", "in", "by")
        ):
            return " ".join(words)  # "many Western experts", "economists polled by Reuters"
        name = _strip_titles(run_words)
        if not name or (run_words[0] in DETERMINERS and name == run_words[1:]):
            return " ".join(words)  # "The IMF", as written
        if len(name) == 1 or (len(name) == 2 and name[0].rstrip(".") in _HONORIFICS):
            full = fullest_name(ctx, name[-1])
            if full:
                return full
        if before or len(name) < len(run_words):
            return " ".join(name)
    return " ".join(words)


def fullest_name(ctx: ArticleContext, surname: str) -> str | None:
    """The longest name in the article ending (or, surname first, starting) in `surname`."""
    if not surname[:1].isupper() or surname in DEMONYMS:
        return None
    for speaker in reversed(ctx.speakers):
        if surname in speaker.split():
            return speaker
    if surname not in ctx.names:
        if ctx.name_runs is None:  # the article's capitalised runs, found once
            ctx.name_runs = [m.group().split() for m in _NAME_RUN.finditer(ctx.text)]
        ctx.names[surname] = _longest_name(ctx.name_runs, surname)
    return ctx.names[surname]


def _longest_name(runs: list[list[str]], surname: str) -> str | None:
    """The longest name among `runs` (each a list of words) ending, or starting, with `surname`."""
    best: str | None = None
    for words in runs:
        if surname not in words:
            continue
        at = words.index(surname)
        if at == len(words) - 1:
            words = words[max(0, at - 3) :]  # "Prime Minister Tony Blair"
        elif at == 0:
            words = words[:3]  # surname first: "Kim Yo Jong"
        else:
            continue
        words = _strip_titles(words)
        while words and (words[0] in TITLES or words[0] in DETERMINERS or words[0] in DEMONYMS):
            words = words[1:]
        if len(words) >= 3 and words[0] == words[-1]:
            words = words[1:]  # a headline run "... Straw Jack Straw": "Jack Straw"
        cand = " ".join(words)
        if len(words) >= 2 and (best is None or len(cand) > len(best)):
            best = cand
    return best


def _looks_person(np: str) -> bool:
    """A person's name or a titled person ("New Jersey Sen. Cory Booker"), not an organisation."""
    if _ORG.search(np) or np in _ACTORS:
        return False
    words = np.split()
    return _person_like(np) or any(w.rstrip(".") in _HONORIFICS or w in TITLES for w in words)


def _person_like(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not _ORG.search(name)


def _last_person(text: str) -> str | None:
    found = None
    for m in _PERSON.finditer(text):
        name = m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")
        if name.split()[0] in _NOT_NAME:
            continue
        if m.group("a") or not (_ORG.search(name) or name in _ACTORS):
            found = name  # "International Monetary Fund said" names no person
    return found


def resolve_person(ctx: ArticleContext, pos: int) -> str | None:
    """The person "he" or "she" at `pos` most likely refers to.

    A person named just before (in the same sentence or the one before) comes first, then the
    last person quoted, then any person named earlier.
    """
    k = ctx.sentence_at(pos)
    head = (
        ctx.text[ctx.sentences[k].start : pos] if k >= 0 and not ctx.sentences[k].headline else ""
    )
    m = _SUBJECT.match(head)
    if m and m.end() < len(head):  # "Ham went on to explain how he believes": Ham
        np = m.group("np")
        words = np.split()
        if (
            words[0] not in _NOT_NAME
            and not _ORG.search(np)
            and np not in _ACTORS
            and (len(words) == 1 or _person_like(np))
        ):
            name = _strip_titles(words)
            if len(name) > 1:
                return " ".join(name)
            full = fullest_name(ctx, name[0]) if name else None
            if full:  # a surname the article gives in full: not "Members", "Millennials"
                return full
    found = _last_person(ctx.text[max(0, pos - 300) : pos])
    if found is None:
        for speaker in reversed(ctx.speakers):
            if _person_like(speaker):
                return speaker
        found = _last_person(ctx.text[max(0, pos - 800) : pos])
    if found is None:
        return None
    words = _strip_titles(found.split())
    if not words:
        return None
    if len(words) == 1:
        return fullest_name(ctx, words[0]) or words[0]
    return " ".join(words)


_SUBJECT = re.compile(
    r"(?:(?:But|And|So|Yet|However|Meanwhile|Still|Now)[,\s]+)?"
    r"(?P<np>(?:The\s+)?[A-Z][\w&'\u2019.-]*(?:\s+(?:(?:of|for|and|&)\s+)?[A-Z][\w&'\u2019.-]*){0,5})"
    r"(?:\s*,[^,]{1,80},)?\s+(?:also\s+|has\s+|had\s+|have\s+|is\s+|was\s+)?[a-z]+"
)


def _sentence_subject(ctx: ArticleContext, pos: int, person: bool) -> str | None:
    """The named subject of the sentence at `pos` or of the two before it ("Deloitte said ...
    It also believes": Deloitte, not an organisation named later in the sentence)."""
    k = ctx.sentence_at(pos)
    for i in range(k, max(-1, k - 3), -1):
        sentence = ctx.sentences[i]
        if sentence.headline or sentence.furniture:
            continue  # "Obama Says African-American ...": a title-case headline has no subject
        m = _SUBJECT.match(ctx.text, sentence.start, min(sentence.end, pos))
        if m is None:
            continue
        np = m.group("np")
        first = np.split()[0]
        if (first in _NOT_NAME and first != "The") or np.lower() in PRONOUNS:
            continue
        if np.startswith("The ") and not _ORG.search(np) and len(np.split()) < 3:
            continue
        if not person and np.split()[-1].lower() in _GENERIC:
            continue  # "it" is not "Analysts"
        if person == _looks_person(np):
            return np
    return None


# an all-capitals word alone on its line ("SAVE", "SHARE"): a page label, not an organisation
_ALONE = re.compile(r"(?:^|\n)\s*[A-Z]+\s*(?:\n|$)")


def resolve_organisation(ctx: ArticleContext, pos: int) -> str | None:
    """The organisation "it" most likely refers to: the named subject of this sentence or the
    ones just before, else the last organisation named in the text before."""
    subject = _sentence_subject(ctx, pos, person=False)
    if subject is not None:
        return subject
    window = ctx.text[max(0, pos - 600) : pos]
    orgs = [
        m.group().strip()
        for m in _ORG.finditer(window)
        if not _ALONE.match(window, max(0, m.start() - 1)) or not m.group().isupper()
    ]
    orgs = [o for o in orgs if o.split()[-1] not in ("I", "A", "US", "UK", "TV", "OK")]
    return orgs[-1] if orgs else None
