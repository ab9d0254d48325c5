"""The HTTP interface: ``create_app`` (FastAPI over a store) and ``serve`` (run it with uvicorn)."""

from newsprism.api.app import create_app, serve

__all__ = ["create_app", "serve"]
