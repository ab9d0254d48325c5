"""Who may ask: the Host allowlist, the write token, and which origins may post forms.

- **Host allowlist.** A request whose ``Host`` is not an allowed name gets 400. Loopback names are
  allowed by default; ``--allowed-host`` adds more (``*`` allows any). This defeats DNS rebinding:
  a page on ``evil.example`` that rebinds its name to 127.0.0.1 still sends ``Host: evil.example``.
- **Write token.** With a token set (required when the server listens beyond loopback), requests
  that change anything (POST, PUT, PATCH, DELETE) need it: ``Authorization: Bearer <token>``, an
  ``X-Newsprism-Token`` header, or the cookie set by opening any page once with ``?token=<token>``.
- **Origin.** A form post that names an ``Origin`` must come from an allowed host (and, for the
  same host name or two loopback names, the same port) — never merely "the same as ``Host``", which
  a rebinding page controls.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from newsprism.web.limits import reply

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
COOKIE = "newsprism_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> tuple[str, int | None]:
    """``Host`` or netloc → (lower-case name without brackets, port or None); ("", None) if malformed."""
    try:
        parts = urlsplit(f"//{value.strip()}")
        return (parts.hostname or "").rstrip("."), parts.port
    except ValueError:
        return "", None


@dataclass(frozen=True, slots=True)
class Access:
    """Who the server answers: allowed Host names, the write token (None: no token needed)."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    token: str | None = None

    def host_allowed(self, name: str) -> bool:
        return bool(name) and ("*" in self.allowed_hosts or name in {h.lower().strip("[]") for h in self.allowed_hosts})

    def token_ok(self, given: str | None) -> bool:
        return self.token is None or (given is not None and hmac.compare_digest(given.encode(), self.token.encode()))


def origin_allowed(access: Access, origin: str | None, host_header: str | None) -> bool:
    """True when a request naming ``origin`` may change things (no Origin: not a browser form, allowed)."""
    if origin is None:
        return True
    if origin == "null":
        return False
    name, port = split_host(urlsplit(origin).netloc)
    if not access.host_allowed(name):
        return False
    host_name, host_port = split_host(host_header or "")
    scheme = urlsplit(origin).scheme
    default = 443 if scheme == "https" else 80
    # another port on this machine (or on the same name) is another program: another site
    if name == host_name or (is_loopback(name) and is_loopback(host_name)):
        return (port or default) == (host_port or default)
    return True


class AccessMiddleware:
    """400 for an unknown Host, 401 for a write without the token; ``?token=`` sets the cookie."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app, self.access = app, access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        name, _ = split_host(headers.get("host", ""))
        if not self.access.host_allowed(name):
            await reply(send, 400, "unknown Host header; start the server with --allowed-host to allow it")
            return
        if self.access.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if scope["method"] == "GET" and "token" in query:
                await self._set_cookie(scope, send, query)
                return
            if scope["method"] not in SAFE_METHODS and not self.access.token_ok(_given_token(headers)):
                await reply(send, 401, "this server needs its token for changes (see the serve command's output)",
                             {"www-authenticate": "Bearer"})
                return
        await self.app(scope, receive, send)

    async def _set_cookie(self, scope: Scope, send: Send, query: dict[str, str]) -> None:
        given = query.pop("token")
        if not self.access.token_ok(given):
            await reply(send, 401, "wrong token")
            return
        rest = urlencode(query)
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict"
        await reply(send, 303, "token accepted", {"location": location, "set-cookie": cookie})


def may_write(access: Access, headers: Mapping[str, str]) -> bool:
    """Whether a request carries what changes need (always true when no token is set)."""
    return access.token is None or access.token_ok(_given_token(headers))


def _given_token(headers: Mapping[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    if "x-newsprism-token" in headers:
        return headers["x-newsprism-token"].strip()
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == COOKIE:
            return value
    return None
