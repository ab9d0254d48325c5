"""The FastAPI application: JSON API, web pages and static files over one store.

Errors leave as ``{"status": ..., "message": ...}`` (JSON under ``/api``, a small page elsewhere),
with the status each ``NewsprismError`` subclass carries. Limits (rate per client, body size) sit in
front of everything but the static files.
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism.errors import NewsprismError
from newsprism.pipeline import cached_story_analysis, story_analysis
from newsprism.render.templating import render
from newsprism.settings import Options
from newsprism.store import ReadStore, Store
from newsprism.web import routes_api, routes_pages
from newsprism.web.access import LOOPBACK_HOSTS, Access, AccessMiddleware, is_loopback
from newsprism.web.context import AnalysisOf, Context
from newsprism.web.jobs import Ingest, JobRunner
from newsprism.web.limits import HeadAsGet, LimitsMiddleware, SecurityHeaders, TokenBucket

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger(__name__)
API_VERSION = "1"


def create_app(store: ReadStore, options: Options, *, analysis_of: AnalysisOf | None = None,
               ingest: Ingest | None = None, access: Access | None = None) -> FastAPI:
    """The web app over ``store`` (the SQLite ``Store``, or a run's folder as a ``RunStore``: then
    read-only). ``analysis_of``/``ingest`` replace the pipeline (tests, tools).

    ``access`` says which Host names are answered and whether changes need a token (default:
    loopback names only, no token).
    """
    access = access or Access()
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.ctx.jobs.shutdown()  # ingest jobs still running are stopped with the server
        app.state.ctx.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="newsprism",
        version=API_VERSION,
        description="Stories, articles, analyses and ingest jobs of one newsprism store.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the stock docs page loads scripts from a CDN; the schema is enough
        redoc_url=None,
    )
    app.state.ctx = Context(store=store, options=options, jobs=JobRunner(store, options, ingest=ingest),
                            analysis_of=analysis_of or story_analysis, access=access,
                            cached_of=cached_story_analysis if analysis_of is None else None)
    app.include_router(routes_api.router)
    app.include_router(routes_pages.router)
    static = resources.files("newsprism.render") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(HeadAsGet)
    app.add_middleware(LimitsMiddleware, bucket=TokenBucket(options.api_rate, options.api_burst),
                       max_body=options.upload_max_bytes)
    app.add_middleware(AccessMiddleware, access=access)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(NewsprismError)
    async def on_newsprism_error(request: Request, exc: NewsprismError) -> Response:
        return _error(request, exc.status, str(exc), getattr(exc, "headers", None))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()[:5]]
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error")

    return app


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"status": status, "message": message}, status_code=status, headers=headers)
    return HTMLResponse(render("error.html", status=status, message=message), status_code=status, headers=headers)


def serve(options: Options, host: str = "127.0.0.1", port: int = 8000, *, allowed_hosts: Sequence[str] = (),
          token: str | None = None, forwarded_allow_ips: str | None = None, run_dir: str | None = None) -> None:
    """Serve the store named by ``options.db`` until interrupted (binds loopback unless told); with
    ``run_dir``, the Parquet folder of a finished run instead, read in place and read-only.

    Beyond loopback, changes need ``token`` (one is generated and printed when none is given).
    ``X-Forwarded-For`` is believed only from ``forwarded_allow_ips`` (a reverse proxy you run).
    """
    import uvicorn

    store = open_store(options, run_dir)  # first: a folder that is not a finished run stops here
    access = server_access(host, allowed_hosts, token)
    if not is_loopback(host):
        _say(f"newsprism serve: listening on {host}; anyone who can reach it can read the stories")
        if token is None:
            _say(f"newsprism serve: changes need this token: {access.token}\n"
                 f"  open http://<this host>:{port}/?token={access.token} once in a browser, or send "
                 "'Authorization: Bearer <token>'; set NEWSPRISM_TOKEN or --token to choose it")
    if run_dir is not None:
        _say(f"newsprism serve: serving the run in {run_dir} read-only ({store.count_articles()} articles);"
             " adding coverage is off")
    elif store.read_only:
        _say(f"newsprism serve: {options.db} is read-only; reading works, adding coverage is off")
    try:
        config = uvicorn_config(create_app(store, options, access=access), host, port, forwarded_allow_ips)
        uvicorn.Server(config).run()
    finally:
        store.close()


def open_store(options: Options, run_dir: str | None = None) -> ReadStore:
    """The store ``serve`` serves: the run's folder (read-only), else the database ``options.db``."""
    if run_dir is not None:
        from newsprism.store.run import RunStore  # needs pyarrow: only when asked for

        return RunStore(run_dir)
    return Store.for_reading(options.db) if Path(options.db).is_file() else Store(options.db)


def server_access(host: str, allowed_hosts: Sequence[str] = (), token: str | None = None) -> Access:
    """Loopback names, the bound address and ``allowed_hosts``; a token (made up if needed) beyond loopback."""
    names = [*LOOPBACK_HOSTS, *allowed_hosts]
    if not is_loopback(host) and host not in ("0.0.0.0", "::", ""):
        names.append(host)
    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    return Access(allowed_hosts=tuple(dict.fromkeys(n.lower() for n in names)), token=token or None)


def uvicorn_config(app: FastAPI, host: str, port: int, forwarded_allow_ips: str | None = None) -> uvicorn.Config:
    """The server settings ``serve`` uses: proxy headers only from named proxies, a bounded shutdown."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="info", server_header=False,
                          proxy_headers=bool(forwarded_allow_ips), forwarded_allow_ips=forwarded_allow_ips or None,
                          timeout_graceful_shutdown=3)


def _say(message: str) -> None:
    """Straight to stderr: the package's logging has a NullHandler, so a log warning would vanish."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
