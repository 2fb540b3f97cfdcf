"""The JSON API under ``/api``: everything the pages show, and writes with an API token.

Reads are open. Writes need ``Authorization: Bearer TOKEN`` (a token from
``trackrecord token create USER``); without a valid one they answer 401 and change nothing.
A session cookie does not authorise API writes, so the API needs no CSRF token.
Errors are ``{"detail": "..."}``: 400 for a request the store refuses (naming why), 401 without
a token, 404 for an unknown id, 409 for a conflict (linked already, resolved already without
``force``), 413 for an upload too large, 422 for a body or parameter that does not validate.
Every write drops what the pages keep (`trackrecord.web.caching.changed`).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    File,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from trackrecord.batch import analyze_article
from trackrecord.errors import TrackrecordError, UsageError
from trackrecord.extract import EXTRACTOR_VERSION
from trackrecord.ingest.parse import parse_bytes
from trackrecord.models import Article, Rejection
from trackrecord.questions import create_question, suggest
from trackrecord.store import JudgmentFilter, Store
from trackrecord.store.browse import JudgmentQuery, judgment_page
from trackrecord.store.users import User
from trackrecord.web.auth import user_for_token
from trackrecord.web.caching import changed, score_board
from trackrecord.web.deps import ItemId, chosen_scale, get_store
from trackrecord.web.schemas import (
    ArticleDetail,
    ArticleOut,
    ArticlePage,
    CalibrationBinOut,
    Created,
    GroupScoreOut,
    IngestedArticle,
    IngestReport,
    JudgmentListed,
    JudgmentOut,
    JudgmentPage,
    Kind,
    LinkIn,
    Me,
    Problem,
    QuestionDetail,
    QuestionIn,
    QuestionOut,
    RejectedInput,
    ResolutionIn,
    ScaleName,
    ScoreBy,
    ScoreReportOut,
    finite,
)
from trackrecord.web.views import storable

MAX_OFFSET = 1_000_000_000
MAX_UPLOAD = 10 * 1024 * 1024

router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="an API token: trackrecord token create USER")

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="matches to skip")]
Scale = Annotated[
    ScaleName | None, Query(description="yardstick for probabilities; default: the server's")
]
Filter = Annotated[str | None, Query(max_length=500)]

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem}}
WRITE: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem},
    401: {"model": Problem, "description": "no valid API token"},
    404: {"model": Problem},
}


def _text(name: str, value: str | None) -> str | None:
    """A query value the store can hold (no NUL), or 422 naming the parameter."""
    if value is None:
        return None
    try:
        return storable(value)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"{name}: {exc}") from None


def token_user(
    store: Annotated[Store, Depends(get_store)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The owner of the request's API token.

    Raises:
        HTTPException: 401 without a token, or with an unknown or revoked one.
    """
    user = None
    if credentials is not None and credentials.scheme.lower() == "bearer":
        user = user_for_token(store, credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="writes need an API token: Authorization: Bearer TOKEN "
            "(make one with `trackrecord token create USER`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


StoreDep = Annotated[Store, Depends(get_store)]
Writer = Annotated[User, Depends(token_user)]


# -- reads ----------------------------------------------------------------------------------


@router.get("/articles", response_model=ArticlePage, responses={400: {"model": Problem}})
def list_articles(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=1000, description="words to find")] = None,
    outlet: Filter = None,
    author: Filter = None,
    since: Annotated[date | None, Query(description="published on or after")] = None,
    until: Annotated[date | None, Query(description="published on or before")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ArticlePage:
    """Search the articles (title, author, outlet and text); filter by outlet, author, date."""
    found, total = store.search_articles(
        q,
        outlet=_text("outlet", outlet),
        author=_text("author", author),
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return ArticlePage(
        total=total, limit=limit, offset=offset, items=[ArticleOut.of(a) for a in found]
    )


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=NOT_FOUND)
def get_article(
    request: Request, store: StoreDep, article_id: ItemId, scale: Scale = None
) -> ArticleDetail:
    """An article, its text and its judgments with probabilities under the yardstick."""
    article = store.get_article(article_id)
    chosen = chosen_scale(request, scale)
    found = store.list_judgments(JudgmentFilter(article_id=article_id))
    return ArticleDetail(
        id=article_id,
        title=article.title,
        author=article.author,
        outlet=article.outlet,
        url=article.url,
        published_at=article.published_at,
        source_path=article.source_path,
        extracted=bool(found) or article_id not in store.pending_article_ids(),
        judgments=len(found),
        text=article.text,
        format=article.format,
        scale=chosen,
        found=[JudgmentOut.of(j, chosen) for j in found],
    )


@router.get("/judgments", response_model=JudgmentPage)
def list_judgments(
    request: Request,
    store: StoreDep,
    kind: Kind | None = None,
    holder: Filter = None,
    min: Annotated[
        float | None, Query(ge=0, le=1, description="probability under the yardstick ≥")
    ] = None,
    max: Annotated[
        float | None, Query(ge=0, le=1, description="probability under the yardstick ≤")
    ] = None,
    entity: Filter = None,
    since: date | None = None,
    until: date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
    scale: Scale = None,
) -> JudgmentPage:
    """The judgments, newest first, filtered by kind, holder, probability, entity and date."""
    chosen = chosen_scale(request, scale)
    where = JudgmentQuery(
        kind=kind,
        holder=_text("holder", holder),
        min_p=min,
        max_p=max,
        entity=_text("entity", entity),
        since=since,
        until=until,
        scale=chosen,
    )
    rows, total = judgment_page(store, where, limit=limit, offset=offset)
    items = [
        JudgmentListed(
            **JudgmentOut.of(row.judgment, chosen).model_dump(),
            article_title=row.title,
            published_at=row.published_at,
        )
        for row in rows
    ]
    return JudgmentPage(total=total, limit=limit, offset=offset, scale=chosen, items=items)


@router.get("/questions", response_model=list[QuestionOut])
def list_questions(store: StoreDep) -> list[QuestionOut]:
    """Every question with its link count and current resolution."""
    return [QuestionOut.of(q) for q in store.list_questions()]


@router.get("/questions/{question_id}", response_model=QuestionDetail, responses=NOT_FOUND)
def get_question(
    request: Request, store: StoreDep, question_id: ItemId, scale: Scale = None
) -> QuestionDetail:
    """A question, its linked judgments and its resolutions."""
    question = store.get_question(question_id)
    return QuestionDetail.of(
        question,
        store.linked_judgments(question_id),
        store.resolution_history(question_id),
        chosen_scale(request, scale),
    )


@router.get(
    "/questions/{question_id}/suggestions",
    response_model=list[JudgmentOut],
    responses=NOT_FOUND,
)
def get_suggestions(
    request: Request,
    store: StoreDep,
    question_id: ItemId,
    top: Annotated[int, Query(ge=1, le=100)] = 20,
    scale: Scale = None,
) -> list[JudgmentOut]:
    """The stored judgments that best match the question, best first (not linked yet)."""
    chosen = chosen_scale(request, scale)
    return [JudgmentOut.of(s.judgment, chosen) for s in suggest(store, question_id, top=top)]


@router.get("/scores", response_model=ScoreReportOut)
def get_scores(
    request: Request, store: StoreDep, by: ScoreBy = "holder", scale: Scale = None
) -> ScoreReportOut:
    """Brier, log and baseline scores per group under the yardstick, with calibration bins and
    each group's Brier range across every yardstick."""
    chosen = chosen_scale(request, scale)
    board = score_board(store, by)  # as the leaderboard: kept, and in its order
    report, ranges = board.report, board.ranges
    groups = []
    for score in board.ranked[chosen]:
        low, high = ranges.get(score.group, (score.brier, score.brier))
        d = score.decomposition
        groups.append(
            GroupScoreOut(
                group=score.group,
                scale=score.scale,
                n=score.n,
                brier=finite(score.brier),
                log=finite(score.log),
                baseline=finite(score.baseline),
                reliability=finite(d.reliability),
                resolution=finite(d.resolution),
                uncertainty=finite(d.uncertainty),
                base_rate=finite(d.base_rate),
                brier_low=finite(low),
                brier_high=finite(high),
                left_out=dict(score.left_out),
                calibration=[
                    CalibrationBinOut(
                        low=b.low,
                        high=b.high,
                        count=b.count,
                        mean_forecast=finite(b.mean_forecast),
                        observed=finite(b.observed),
                        ci_low=finite(b.ci_low),
                        ci_high=finite(b.ci_high),
                    )
                    for b in score.calibration
                ],
            )
        )
    return ScoreReportOut(
        by=by, scale=chosen, groups=groups, left_out=dict(report.left_out), undated=report.undated
    )


@router.get("/me", response_model=Me, responses={401: {"model": Problem}})
def whoami(user: Writer) -> Me:
    """The owner of the API token (to check that a token works)."""
    return Me(id=user.id, name=user.name)


# -- writes ---------------------------------------------------------------------------------


@router.post("/questions", status_code=201, response_model=Created, responses=WRITE)
def post_question(store: StoreDep, user: Writer, body: QuestionIn) -> Created:
    """Create a question."""
    question_id = create_question(
        store,
        body.title,
        criteria=body.criteria,
        closes=body.closes,
        fine_print=body.fine_print,
        tags=body.tags,
    )
    changed(store)
    return Created(id=question_id, url=f"/api/questions/{question_id}")


@router.post(
    "/questions/{question_id}/links",
    status_code=201,
    response_model=Created,
    responses={**WRITE, 409: {"model": Problem, "description": "linked already"}},
)
def post_link(store: StoreDep, user: Writer, question_id: ItemId, body: LinkIn) -> Created:
    """Link a judgment (a forecast or assessment with a probability) to the question."""
    store.link(question_id, body.judgment_id, opposite=body.opposite, linked_by=user.name)
    changed(store)
    return Created(id=body.judgment_id, url=f"/api/questions/{question_id}")


@router.delete(
    "/questions/{question_id}/links/{judgment_id}",
    status_code=204,
    response_class=Response,
    responses=WRITE,
)
def delete_link(
    store: StoreDep, user: Writer, question_id: ItemId, judgment_id: ItemId
) -> Response:
    """Unlink a judgment from the question."""
    store.unlink(question_id, judgment_id)
    changed(store)
    return Response(status_code=204)


@router.post(
    "/questions/{question_id}/resolution",
    status_code=201,
    response_model=Created,
    responses={**WRITE, 409: {"model": Problem, "description": "resolved already"}},
)
def post_resolution(
    store: StoreDep, user: Writer, question_id: ItemId, body: ResolutionIn
) -> Created:
    """Resolve the question; resolving again needs ``force`` (the old resolution is kept)."""
    try:
        body.resolve(store, question_id, by=user.name)
    except TrackrecordError as exc:
        exc.message = exc.message.replace("add --force", "send force: true").replace("--on", "on")
        raise
    changed(store)
    return Created(id=question_id, url=f"/api/questions/{question_id}")


@router.post(
    "/articles",
    status_code=201,
    response_model=IngestReport,
    responses={**WRITE, 413: {"model": Problem}},
)
def post_articles(
    request: Request,
    store: StoreDep,
    user: Writer,
    file: Annotated[UploadFile, File(description="text, HTML, WARC, RSS/Atom or JSON Lines")],
) -> IngestReport:
    """Ingest an uploaded file (any format ``trackrecord ingest`` reads) and extract the
    judgments of each new article under the server's yardstick.

    Each article is stored (and extracted) on its own: one that the store refuses is listed
    under ``rejected`` with the reason, and the others are kept. An article stored but not
    extracted is listed with ``judgments: 0`` and a rejection saying why
    (``trackrecord extract`` tries it again)."""
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(status_code=413, detail=f"upload too large: at most {MAX_UPLOAD} bytes")
    source = f"upload:{_storable_name(file.filename)}"
    scale = str(request.app.state.scale)
    added: list[IngestedArticle] = []
    rejected: list[RejectedInput] = []
    for item in parse_bytes(data, source, max_bytes=MAX_UPLOAD):
        if isinstance(item, Rejection):
            rejected.append(RejectedInput(source=item.source, reason=item.reason))
            continue
        try:
            article_id, new = store.add_article(item)
        except TrackrecordError as exc:
            rejected.append(RejectedInput(source=item.source_path or source, reason=exc.message))
            continue
        changed(store)
        count = len(store.list_judgments(JudgmentFilter(article_id=article_id)))
        if new:
            try:
                count = _extract(store, item, article_id, scale, rejected)
            except TrackrecordError as exc:
                rejected.append(RejectedInput(source=f"article {article_id}", reason=exc.message))
                count = 0
            changed(store)
        added.append(IngestedArticle(id=article_id, new=new, title=item.title, judgments=count))
    if not added and not rejected:
        raise UsageError(f"upload {source!r} holds no article")
    return IngestReport(articles=added, rejected=rejected)


def _extract(
    store: Store, article: Article, article_id: int, scale: str, rejected: list[RejectedInput]
) -> int:
    stored = dataclasses.replace(article, id=article_id)
    result = analyze_article(stored, scale)
    if isinstance(result, str):
        rejected.append(RejectedInput(source=f"article {article_id}", reason=result))
        return 0
    return store.save_judgments(article_id, result, EXTRACTOR_VERSION)


def _storable_name(name: str | None) -> str:
    cleaned = "".join(c for c in (name or "file") if c.isprintable())[:200]
    return cleaned.encode("utf-8", "replace").decode("utf-8") or "file"
