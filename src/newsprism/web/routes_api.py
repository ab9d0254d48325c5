"""The JSON API under ``/api/v1``: stories, articles, analyses, ingest jobs. Thin over the store."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from pydantic import BaseModel, Field

from newsprism.model import Analysis, Article, Story, StorySummary
from newsprism.web.context import ctx, same_origin
from newsprism.web.uploads import parse_urls, save_uploads

DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL = r"^https?://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?([/?#][^\s]*)?$"


class ErrorBody(BaseModel):
    status: int
    message: str


class StoryPage(BaseModel):
    total: int
    page: int
    per_page: int
    stories: list[StorySummary]


class ArticleBrief(BaseModel):
    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    language: str | None
    story: str | None


class Outlet(BaseModel):
    outlet: str
    articles: int


class IngestRequest(BaseModel):
    urls: list[Annotated[str, Field(pattern=URL, max_length=2000)]] = Field(
        min_length=1, max_length=500, description="http(s) URLs of articles, feeds or sitemaps")


class FailureBody(BaseModel):
    source: str
    reason: str
    stage: str


class JobStatus(BaseModel):
    id: str
    state: str = Field(description="queued | running | done | failed")
    finished: bool
    inputs: list[str]
    processed: int
    added: list[str]
    skipped: int
    failures: list[FailureBody]
    stories: list[str]
    message: str | None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in [(400, "Bad request"), (403, "Refused: a cross-site form, or a read-only server (serve --run)"),
                       (404, "Not found"), (413, "Request too large"),
                       (422, "Invalid parameters"), (429, "Too many requests")]
}

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.get("/stories", response_model=StoryPage, summary="List stories, newest first")
def list_stories(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="full-text search over the articles")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(pattern=DAY, description="stories last seen on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(pattern=DAY, description="stories first seen on or before (YYYY-MM-DD)")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> StoryPage:
    rows, total = ctx(request).store.story_summaries(
        query=q, outlet=outlet, since=since, until=until, limit=per_page, offset=(page - 1) * per_page)
    return StoryPage(total=total, page=page, per_page=per_page, stories=rows)


@router.get("/stories/{story_id}", response_model=Story, summary="One story: its articles and copies")
def get_story(request: Request, story_id: str) -> Story:
    return ctx(request).store.story(story_id)


@router.get("/stories/{story_id}/analysis", response_model=Analysis, summary="A story's analysis (cached)")
def get_analysis(request: Request, story_id: str) -> Analysis:
    return ctx(request).analysis(story_id)


@router.get("/articles", response_model=list[ArticleBrief], summary="Search articles (full text)")
def search_articles(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ArticleBrief]:
    store = ctx(request).store
    return [_brief(a, store.story_of(a.id)) for a in store.articles(store.search(q, limit=limit))]


@router.get("/articles/{article_id}", response_model=Article, summary="One article with its text")
def get_article(request: Request, article_id: str) -> Article:
    return ctx(request).store.article(article_id)


@router.get("/outlets", response_model=list[Outlet], summary="Outlets with their number of articles")
def list_outlets(request: Request) -> list[Outlet]:
    return [Outlet(outlet=name, articles=n) for name, n in ctx(request).store.outlets()]


@router.post("/ingest", response_model=JobStatus, status_code=202, dependencies=[Depends(same_origin)],
             summary="Add coverage by URL (fetched in the background; poll the job)")
def ingest_urls(request: Request, body: IngestRequest) -> JobStatus:
    job = ctx(request).jobs.submit(parse_urls(body.urls))
    return JobStatus(**job.to_dict())


@router.post("/ingest/files", response_model=JobStatus, status_code=202, dependencies=[Depends(same_origin)],
             summary="Add coverage by uploading files (ingested in the background; poll the job)")
def ingest_files(request: Request, files: Annotated[list[UploadFile], File(description="article files")]) -> JobStatus:
    c = ctx(request)
    tmpdir, paths, names, refused = save_uploads(((f.filename or "upload", f.file) for f in files),
                                        c.options.max_bytes, c.options.upload_max_bytes)
    job = c.jobs.submit(paths, shown=names, tmpdir=tmpdir, refused=refused)
    return JobStatus(**job.to_dict())


@router.get("/jobs/{job_id}", response_model=JobStatus, summary="Progress of an ingest job")
def get_job(request: Request, job_id: str) -> JobStatus:
    return JobStatus(**ctx(request).jobs.get(job_id).to_dict())


def _brief(a: Article, story: str | None) -> ArticleBrief:
    return ArticleBrief(id=a.id, source=a.source, url=a.url, outlet=a.outlet, title=a.title,
                        published=a.published, language=a.language, story=story)
