"""The exception tree. Every error newsprism raises on purpose is a ``NewsprismError``.

    NewsprismError                 base; ``source`` names the input, ``code`` a stable short code
    ├── InputError                 a path or URL that cannot be read (missing, unknown type, too big)
    ├── FetchError                 HTTP failed: status, timeout, robots.txt, redirect loop
    │   ├── BlockedAddressError    the SSRF guard refused a private/loopback/link-local address
    │   └── NotModified            a conditional GET answered 304: nothing new since the last fetch
    ├── ExtractError               bytes that yield no article (empty, binary, no main text)
    ├── StoreError                 the database cannot be opened or migrated
    ├── NotFoundError              a story or article id that is not in the store
    └── UsageError                 the user asked for something inconsistent

The CLI renders any of them as one line ``error: SOURCE: message`` and the HTTP API as JSON with
``status`` and ``message``. Batch work records the error as a ``Failure`` and goes on.
"""

from __future__ import annotations


class NewsprismError(Exception):
    code = "E000"
    status = 400

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(NewsprismError):
    code = "E100"


class FetchError(NewsprismError):
    code = "E200"
    status = 502


class BlockedAddressError(FetchError):
    code = "E201"
    status = 403


class NotModified(FetchError):
    code = "E202"
    status = 304


class ExtractError(NewsprismError):
    code = "E300"
    status = 422


class StoreError(NewsprismError):
    code = "E400"
    status = 500


class NotFoundError(NewsprismError):
    code = "E404"
    status = 404


class UsageError(NewsprismError):
    code = "E500"
