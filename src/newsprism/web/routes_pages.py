"""Server-rendered pages: the story list, a story, adding coverage and following its job.

Pages read fine without JavaScript; the scripts in ``render/static`` only add highlighting and live
progress. Handlers are plain functions (FastAPI runs them in a thread pool, off the event loop).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newsprism.errors import NotFoundError, UsageError
from newsprism.render.html import report_csp, to_html
from newsprism.render.templating import render
from newsprism.render.view import story_view
from newsprism.web.access import may_write
from newsprism.web.context import ctx, same_origin
from newsprism.web.uploads import parse_urls, save_uploads

router = APIRouter(include_in_schema=False)
PER_PAGE = 20


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    store = ctx(request).store
    since, until = _day(since), _day(until)
    rows, total = store.story_summaries(query=q or None, outlet=outlet or None, since=since or None,
                                        until=until or None, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    params = {k: v for k, v in {"q": q, "outlet": outlet, "since": since, "until": until}.items() if v}

    def query_for(n: int) -> str:
        return urlencode({**params, "page": n})

    return HTMLResponse(render(
        "stories.html", stories=rows, total=total, page=page, pages=max(1, math.ceil(total / PER_PAGE)),
        offset=(page - 1) * PER_PAGE, q=q, outlet=outlet, since=since, until=until, outlets=store.outlets(),
        n_articles=store.count_articles(), query_for=query_for))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: str) -> HTMLResponse:
    # Async so a cached page skips the thread pool: one indexed lookup, then a dictionary hit.
    c = ctx(request)
    story = c.store.story(story_id)
    key = ("story", story.id, story.title or "", *story.article_ids)
    page = c.pages.get(key)
    if page is None:
        page = await run_in_threadpool(c.pages.get_or_render, key, lambda: render(
            "story.html", v=story_view(c.analysis(story.id), story.title)))
    return HTMLResponse(page)


@router.get("/stories/{story_id}/report.html")
def story_report(request: Request, story_id: str) -> Response:
    c = ctx(request)
    story = c.store.story(story_id)
    return HTMLResponse(to_html(c.analysis(story.id), story.title), headers={
        "content-disposition": f'attachment; filename="newsprism-{story.id}.html"',
        "content-security-policy": report_csp() + "; frame-ancestors 'none'"})


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    c = ctx(request)
    # recent jobs name what others added: shown only to those who may add (everyone, on loopback)
    jobs = c.jobs.recent(10) if may_write(c.access, request.headers) else []
    return HTMLResponse(render("ingest.html", jobs=jobs, read_only=c.jobs.writable is None,
                               max_mb=max(1, c.options.upload_max_bytes // 1_000_000)))


@router.post("/ingest", dependencies=[Depends(same_origin)])
def ingest_form(request: Request, urls: Annotated[str, Form()] = "",
                files: Annotated[list[UploadFile] | None, Form()] = None) -> RedirectResponse:
    c = ctx(request)
    uploads = [f for f in (files or []) if f.filename]
    url_list = parse_urls(urls.splitlines()) if urls.strip() else []
    if not uploads and not url_list:
        raise UsageError("give at least one URL or file")
    job = None
    if uploads:
        tmpdir, paths, names, refused = save_uploads(((f.filename or "upload", f.file) for f in uploads),
                                            c.options.max_bytes, c.options.upload_max_bytes)
        job = c.jobs.submit(paths, shown=names, tmpdir=tmpdir, refused=refused)
    if url_list:
        job = c.jobs.submit(url_list)
    assert job is not None
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    c = ctx(request)
    job = c.jobs.get(job_id)
    links = []
    for sid in job.stories[:100]:
        try:
            links.append((sid, c.store.story(sid).title))
        except NotFoundError:  # merged away by a later job
            continue
    return HTMLResponse(render("job.html", job=job, story_links=links))


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        return ""
