"""Server-rendered HTML pages of the web app: articles, judgments, questions, leaderboards.

Reading is open; the forms (create a question, link, unlink, resolve) need a signed-in user and
the session's CSRF token, and answer a success with a 303 redirect. Every page takes
``?scale=NAME``, the yardstick its probabilities and scores are shown under. Query values are
checked here: a bad one is a 400 that names it; an unknown id is a 404.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError

from trackrecord.errors import TrackrecordError, UsageError
from trackrecord.extract.yardstick import SCALES
from trackrecord.models import KINDS, OUTCOMES, Article
from trackrecord.questions import create_question, suggest
from trackrecord.questions.scores import linked_forecast
from trackrecord.store import JudgmentFilter, Store
from trackrecord.store.browse import (
    JudgmentQuery,
    article_titles,
    article_version,
    judgment_page,
    links_of,
)
from trackrecord.store.users import User
from trackrecord.web.caching import BODY_TTL, Board, article_bodies, changed, score_board
from trackrecord.web.deps import (
    ItemId,
    check_csrf,
    csrf_token,
    current_user,
    get_scale,
    get_store,
    require_user,
)
from trackrecord.web.schemas import LeaderboardBy, QuestionIn, ResolutionIn
from trackrecord.web.svg import calibration_svg
from trackrecord.web.templating import environment, templates
from trackrecord.web.views import (
    MAX_ID,
    Pager,
    band,
    chance,
    choice_param,
    date_param,
    int_param,
    marked_paragraphs,
    probability_param,
    query_string,
    text_param,
    tip,
)

router = APIRouter(include_in_schema=False)
_ARTICLE_BODY = environment.get_template("_article_body.html")

StoreDep = Annotated[Store, Depends(get_store)]
UserDep = Annotated[User, Depends(require_user)]
# Checked before a form writes anything: a bad ?scale= is a 400 and changes nothing.
ScaleDep = Annotated[str, Depends(get_scale)]

LEADERBOARD_BY: tuple[str, ...] = get_args(LeaderboardBy)


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    scale: str | None = None,
) -> Response:
    """A page from template `name`, with what base.html needs: yardstick, user, CSRF token.

    A page for a signed-in user, or one holding a CSRF token, is sent ``Cache-Control:
    no-store``, so no shared or browser cache keeps it.
    """
    scale = scale or get_scale(request)
    user = current_user(request)
    params = dict(request.query_params)

    def here(**changes: object) -> str:
        return request.url.path + query_string(params, **changes)

    def with_scale(path: str) -> str:
        return path + query_string({"scale": params.get("scale")})

    base = {
        "scale": scale,
        "scales": SCALES,
        "user": user,
        # Visitors get no session cookie: only signed-in users see forms.
        "csrf": csrf_token(request) if user is not None else "",
        "here": here,
        "link": with_scale,
        "path": request.url.path,
    }
    response = templates.TemplateResponse(
        request, name, {**base, **context}, status_code=status_code
    )
    if user is not None or context.get("csrf_token"):
        response.headers["Cache-Control"] = "no-store"
    return response


def error_page(
    request: Request, status_code: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The HTML page of an error on a page (the API answers JSON instead)."""
    scale = request.query_params.get("scale")
    if scale not in SCALES:
        scale = str(request.app.state.scale)
    try:
        heading = HTTPStatus(status_code).phrase
    except ValueError:
        heading = "Error"
    response = render(
        request,
        "error.html",
        {"status": status_code, "heading": heading, "message": message},
        status_code=status_code,
        scale=scale,
    )
    response.headers.update(headers or {})
    return response


def form_error(exc: ValidationError, labels: dict[str, str]) -> str:
    """The first problem of a form, naming its field as the form labels it."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    kind = str(first["type"])
    if kind.startswith("date"):
        message = f"{first['input']!r} is not a date written YYYY-MM-DD"
    elif kind.startswith("url"):
        message = f"{first['input']!r} is not an http or https URL"
    else:
        message = str(first["msg"]).removeprefix("Value error, ")
    return f"{labels.get(field, field)}: {message}"


@router.get("/")
def index(request: Request) -> RedirectResponse:
    """Send visitors to the article list."""
    return RedirectResponse("/articles" + query_string(dict(request.query_params)), 307)


# -- articles -------------------------------------------------------------------------------


@router.get("/articles")
def article_list(
    request: Request,
    store: StoreDep,
    q: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: str | None = None,
) -> Response:
    """The articles, newest first: full-text search, filters by outlet, author and date."""
    number = int_param("page", page, default=1)
    start, end = date_param("since", since), date_param("until", until)
    query, by_outlet = text_param("q", q), text_param("outlet", outlet)
    by_author = text_param("author", author)
    pager = Pager(number, 0)
    found, total = store.search_articles(
        query,
        outlet=by_outlet,
        author=by_author,
        since=start,
        until=end,
        limit=pager.size,
        offset=pager.offset,
    )
    filters = {"q": query, "outlet": by_outlet, "author": by_author, "since": since, "until": until}
    return render(
        request,
        "articles.html",
        {"articles": found, "pager": Pager(number, total), "filters": filters},
    )


@router.get("/articles/{article_id}")
def article_page(
    request: Request, article_id: ItemId, store: StoreDep, scale: ScaleDep
) -> Response:
    """One article's text with every judgment marked, and a card per judgment."""
    version = article_version(store, article_id)
    if version is None:
        raise HTTPException(
            status_code=404,
            detail=f"no article with id {article_id}; `trackrecord articles` lists them",
        )
    given = request.query_params.get("scale")

    def make() -> tuple[Article, int, Markup]:
        article = store.get_article(article_id)
        found = store.list_judgments(JudgmentFilter(article_id=article_id))
        chances = {j.id: chance(j, scale) for j in found}
        context = {
            "judgments": found,
            "paragraphs": marked_paragraphs(article.text, found),
            "chances": chances,
            "bands": {j.id: band(j, chances[j.id]) for j in found},
            "tips": {j.id: tip(j, chances[j.id]) for j in found},
            "links": links_of(store, [j.id for j in found if j.id is not None]),
            "scale": scale,
            "link": lambda path: path + query_string({"scale": given}),
        }
        # Rendered by the autoescaping environment: every value in it is escaped already.
        return article, len(found), Markup(_ARTICLE_BODY.render(context))

    article, count, body = article_bodies(store).get(
        (article_id, scale, given), version, make, ttl=BODY_TTL
    )
    return render(request, "article.html", {"article": article, "count": count, "body": body})


# -- judgments ------------------------------------------------------------------------------


@router.get("/judgments")
def judgment_list(request: Request, store: StoreDep) -> Response:
    """The judgments, newest first, filtered by ``kind``, ``holder``, ``min`` and ``max``
    (probability under the chosen yardstick, as the page shows it), ``entity``, ``since`` and
    ``until`` (publication dates)."""
    params = request.query_params
    scale = get_scale(request)
    number = int_param("page", params.get("page"), default=1)
    where = JudgmentQuery(
        kind=choice_param("kind", params.get("kind"), KINDS),
        holder=text_param("holder", params.get("holder")),
        min_p=probability_param("min", params.get("min")),
        max_p=probability_param("max", params.get("max")),
        entity=text_param("entity", params.get("entity")),
        since=date_param("since", params.get("since")),
        until=date_param("until", params.get("until")),
        scale=scale,
    )
    pager = Pager(number, 0)
    rows, total = judgment_page(store, where, limit=pager.size, offset=pager.offset)
    filters = {
        name: params.get(name, "")
        for name in ("kind", "holder", "min", "max", "entity", "since", "until")
    }
    return render(
        request,
        "judgments.html",
        {
            "rows": rows,
            "chances": {r.judgment.id: chance(r.judgment, scale) for r in rows},
            "pager": Pager(number, total),
            "filters": filters,
            "kinds": KINDS,
        },
    )


# -- questions ------------------------------------------------------------------------------


@router.get("/questions")
def question_list(request: Request, store: StoreDep) -> Response:
    """Every question with its link count and current resolution."""
    return render(request, "questions.html", {"questions": store.list_questions()})


@router.get("/questions/new")
def question_form(request: Request, user: UserDep) -> Response:
    """The form to create a question."""
    return render(request, "question_new.html", {"form": {}, "error": None})


QUESTION_LABELS = {
    "title": "title",
    "criteria": "resolution criteria",
    "closes": "close date",
    "fine_print": "fine print",
    "tags": "tags",
}
RESOLUTION_LABELS = {
    "outcome": "outcome",
    "on": "resolution date",
    "evidence": "evidence",
    "url": "evidence URL",
    "force": "resolve again",
}


@router.post("/questions/new")
def question_create(
    request: Request,
    user: UserDep,
    store: StoreDep,
    scale: ScaleDep,
    title: str = Form(""),
    criteria: str = Form(""),
    closes: str = Form(""),
    fine_print: str = Form(""),
    tags: str = Form(""),
    token: str = Form("", alias="csrf_token"),
) -> Response:
    """Create a question; on success go to its page, else show the form again with the error.

    The form is checked by the API's `QuestionIn`, so both take the same values.
    """
    check_csrf(request, token)
    form = {
        "title": title,
        "criteria": criteria,
        "closes": closes,
        "fine_print": fine_print,
        "tags": tags,
    }
    try:
        body = QuestionIn.model_validate(
            {
                "title": title,
                "criteria": criteria,
                "closes": closes,
                "fine_print": fine_print.strip() or None,
                "tags": [t.strip() for t in tags.split(",") if t.strip()],
            }
        )
    except ValidationError as exc:
        error = form_error(exc, QUESTION_LABELS)
        return render(request, "question_new.html", {"form": form, "error": error}, status_code=400)
    question_id = create_question(
        store,
        body.title,
        criteria=body.criteria,
        closes=body.closes,
        fine_print=body.fine_print,
        tags=body.tags,
    )
    changed(store)
    return _see(request, f"/questions/{question_id}")


def _see(request: Request, path: str) -> RedirectResponse:
    """303 to `path`, keeping the yardstick the form was sent under."""
    return RedirectResponse(
        path + query_string({"scale": request.query_params.get("scale")}), status_code=303
    )


def _question_page(
    request: Request,
    store: Store,
    question_id: int,
    *,
    error: str | None = None,
    status_code: int = 400,
) -> Response:
    scale = get_scale(request)
    question = store.get_question(question_id)
    linked = store.linked_judgments(question_id)
    history = store.resolution_history(question_id)
    titles = article_titles(store, [x.judgment.article_id for x in linked if x.judgment.article_id])
    forecasts = {}
    for x in linked:
        found = chance(x.judgment, scale)
        forecasts[x.judgment.id] = linked_forecast(found.p if found else None, x.orientation)
    user = current_user(request)
    suggestions = suggest(store, question_id, top=10) if user is not None else []
    board = score_board(store, "question")
    scores = [g for g in board.report.groups if g.group == str(question_id)]
    left_out = next((g.left_out for g in scores if g.left_out), {})
    return render(
        request,
        "question.html",
        {
            "question": question,
            "linked": linked,
            "titles": titles,
            "forecasts": forecasts,
            "chances": {x.judgment.id: chance(x.judgment, scale) for x in linked},
            "history": history,
            "current": next((r for r in history if r.superseded_at is None), None),
            "suggestions": suggestions,
            "suggested_chances": {s.judgment.id: chance(s.judgment, scale) for s in suggestions},
            "scores": scores,
            "left_out": left_out,
            "outcomes": OUTCOMES,
            "error": error,
        },
        status_code=status_code if error else 200,
    )


@router.get("/questions/{question_id}")
def question_page(request: Request, question_id: ItemId, store: StoreDep) -> Response:
    """A question: criteria, linked judgments, resolution history, scores, and the forms."""
    return _question_page(request, store, question_id)


@router.post("/questions/{question_id}/links")
def question_link(
    request: Request,
    question_id: ItemId,
    user: UserDep,
    store: StoreDep,
    scale: ScaleDep,
    judgment_id: str = Form(""),
    orientation: str = Form("same"),
    token: str = Form("", alias="csrf_token"),
) -> Response:
    """Link a judgment to the question (``orientation`` same or opposite).

    A refusal shows the question page with the error, under the error's status: 404 for an
    unknown question or judgment, 409 when it is linked already, 400 for a bad value.
    """
    check_csrf(request, token)
    store.get_question(question_id)
    try:
        if orientation not in ("same", "opposite"):
            raise UsageError(f"orientation {orientation!r} is not same or opposite")
        number = judgment_id.strip()
        if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= MAX_ID:
            raise UsageError(f"judgment {judgment_id!r} is not a judgment id")
        store.link(
            question_id,
            int(number),
            opposite=orientation == "opposite",
            linked_by=user.name,
        )
    except TrackrecordError as exc:
        return _question_page(
            request, store, question_id, error=exc.message, status_code=exc.http_status
        )
    changed(store)
    return _see(request, f"/questions/{question_id}")


@router.post("/questions/{question_id}/links/{judgment_id}/delete")
def question_unlink(
    request: Request,
    question_id: ItemId,
    judgment_id: ItemId,
    user: UserDep,
    store: StoreDep,
    scale: ScaleDep,
    token: str = Form("", alias="csrf_token"),
) -> Response:
    """Remove a judgment's link to the question."""
    check_csrf(request, token)
    store.get_question(question_id)
    store.unlink(question_id, judgment_id)
    changed(store)
    return _see(request, f"/questions/{question_id}")


@router.post("/questions/{question_id}/resolution")
def question_resolve(
    request: Request,
    question_id: ItemId,
    user: UserDep,
    store: StoreDep,
    scale: ScaleDep,
    outcome: str = Form(""),
    resolved_on: str = Form("", alias="on"),
    evidence: str = Form(""),
    url: str = Form(""),
    force: str = Form(""),
    token: str = Form("", alias="csrf_token"),
) -> Response:
    """Resolve the question (``force`` to re-resolve; the old resolution is kept).

    The form is checked by the API's `ResolutionIn` (an evidence URL must be http or https).
    """
    check_csrf(request, token)
    store.get_question(question_id)
    try:
        body = ResolutionIn.model_validate(
            {
                "outcome": outcome,
                "on": resolved_on,
                "evidence": evidence,
                "url": url.strip() or None,
                "force": bool(force),
            }
        )
    except ValidationError as exc:
        error = form_error(exc, RESOLUTION_LABELS)
        return _question_page(request, store, question_id, error=error)
    try:
        body.resolve(store, question_id, by=user.name)
    except TrackrecordError as exc:
        message = exc.message.replace("--on", "resolution date").replace(
            "add --force", "tick 'resolve again'"
        )
        return _question_page(
            request, store, question_id, error=message, status_code=exc.http_status
        )
    changed(store)
    return _see(request, f"/questions/{question_id}")


# -- leaderboards ---------------------------------------------------------------------------


def _board(request: Request, store: Store) -> tuple[str, Board]:
    by = choice_param("by", request.query_params.get("by"), LEADERBOARD_BY) or "holder"
    return by, score_board(store, by)


@router.get("/leaderboard")
def leaderboard(request: Request, store: StoreDep) -> Response:
    """Scores by holder, author or outlet under the chosen yardstick (best Brier first, 50 a
    page), with the Brier range across every yardstick and the calibration chart."""
    scale = get_scale(request)
    by, board = _board(request, store)
    ranked = board.ranked[scale]
    pager = Pager(int_param("page", request.query_params.get("page"), default=1), len(ranked))
    return render(
        request,
        "leaderboard.html",
        {
            "by": by,
            "choices": LEADERBOARD_BY,
            "rows": ranked[pager.offset : pager.offset + pager.size],
            "pager": pager,
            "ranges": board.ranges,
            "left_out": board.report.left_out,
            "undated": board.report.undated,
        },
    )


@router.get("/leaderboard.svg")
def leaderboard_chart(request: Request, store: StoreDep) -> Response:
    """The calibration chart of the largest groups, as SVG."""
    scale = get_scale(request)
    _, board = _board(request, store)
    return Response(calibration_svg(board.report, scale), media_type="image/svg+xml")
