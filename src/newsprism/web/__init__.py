"""The web server: ``create_app`` (FastAPI over a store: the JSON API in ``routes_api``, the pages in
``routes_pages``) and ``serve`` (run it with uvicorn). What the pages show is drawn by ``render``."""

from newsprism.web.app import create_app, serve

__all__ = ["create_app", "serve"]
