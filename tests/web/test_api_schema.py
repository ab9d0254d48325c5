"""Schemathesis: generated requests against the OpenAPI schema, on the ASGI app (no network)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from newsprism.settings import Options
from newsprism.web import create_app
from newsprism.web.access import Access
from tests.web.helpers import build_store

_TMP = tempfile.TemporaryDirectory(prefix="newsprism-schema-")  # removed when the test process exits
_store, _analyses = build_store(Path(_TMP.name) / "schema.db")
app = create_app(_store, Options(api_rate=0, upload_max_bytes=20_000_000),
                 analysis_of=lambda _s, sid, _o: _analyses[sid],
                 ingest=lambda inputs, store, options, on_item, **_: ([], 0, []),  # never fetches anything
                 access=Access(allowed_hosts=("testserver",)))  # the Host schemathesis sends
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # Ingest takes schema-valid input it may still refuse with a 400 (an empty upload list, a URL
    # whose host does not parse); every other check, server errors and response schemas included, runs.
    # Multipart has no types: "an integer where a file goes" arrives as a part like any other.
    excluded = [schemathesis.checks.positive_data_acceptance] if case.method == "POST" else []
    if case.path.endswith("/files"):
        excluded.append(schemathesis.checks.negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)
