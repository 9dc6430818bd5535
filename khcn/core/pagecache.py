"""Whole answers to GET requests, kept until any data changes.

Rendering a page costs ten times what the database does for it (issue 19): the templates, the
tables and the translations. An officer opening the same list twice, or fifty visitors the same
public page, get the answer rendered the first time, for as long as nothing it could show has
changed. What decides that is the **data stamp**:

- Every statement that writes (INSERT, UPDATE, DELETE, or anything not a read), from any code
  path — a form, an import, a `QuerySet.update()`, raw SQL, a background job, a management
  command — goes through `_WriteWatcher`, installed on every database connection.
- It raises the row `core_datastamp` by one, after the transaction commits (at once in
  autocommit). Every server process reads that row once per cached request and the row is part of
  every key, so a change made through any process is seen by all of them from its commit on.
  Bumping after the commit never holds a lock through a long import; a reader that saw the old
  stamp with the new data only keeps a page newer than its key.
- A connection whose open transaction wrote neither reads nor keeps pages until it commits: it
  sees its own writes, which nobody else does yet.
- The key also holds the day (overdue marks, ratings in force), the language, the host, the
  full path, the user, the session (if the caller has one), Accept and the HTMX headers.
- Visitors' pages (no one signed in) read the stamp at most once a second per process
  (`KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS`): a public page may lag a change made through another
  process by that long, and a busy public page then costs no query at all. A kept
  page has a hole where its CSRF token was: each request that gets the page gets its own token
  there, valid with its own cookie.

What is never kept nor served: a call with an API token (each token's use is audited, and
revoking it must stop it at once); anything but a 200 text or JSON answer to GET; an answer that
set a cookie, changed the session, or wrote to the database while it was built; an attachment
(exports are audited one by one); a view that asked not to be cached (`never_cache`,
`no_page_cache`); a page shown while flash messages are waiting; an anonymous API call.
Anonymous pages are thus shared by every visitor without a session. A kept API answer still
counts towards the caller's rate (the view's throttles run first; a refusal is the view's 429).

Some writes change nothing a page shows: the session store, sign-in failure counters, the job
queue's bookkeeping, stored public pages and buffered scan counts
(`KHCN_PAGE_CACHE_UNWATCHED_TABLES`). Scan counts on signed-in pages may therefore lag by up to
`KHCN_PAGE_CACHE_SECONDS`, which bounds every entry's life whatever happens (writes made
outside Django, straight in the database, included).

`KHCN_PAGE_CACHE_SECONDS = 0` turns the whole thing off. The entries live in the cache alias
"pages": this process's memory unless `PAGE_CACHE_URL` names a shared cache.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils import timezone
from rest_framework.exceptions import APIException

STAMP_TABLE = "core_datastamp"

# First words of statements that write nothing. Anything else (INSERT, UPDATE, DELETE, WITH …,
# TRUNCATE, ALTER …) counts as a write.
_READS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "PRAGMA", "BEGIN", "COMMIT", "EXPLAIN"}
)


def _first_word(sql: str) -> str:
    head = sql.lstrip()[:16]
    return head.split(None, 1)[0].upper() if head else ""


def _table(sql: str) -> str:
    """The table an INSERT INTO / UPDATE / DELETE FROM statement writes, lower case, or ""."""
    words = sql.lstrip()[:200].split(None, 3)
    if not words:
        return ""
    verb = words[0].upper()
    name = ""
    if verb in {"INSERT", "DELETE", "REPLACE"} and len(words) > 2:
        name = words[2]
    elif verb == "UPDATE" and len(words) > 1:
        name = words[1]
    return name.split("(", 1)[0].strip('"`').lower()


def _unwatched() -> frozenset[str]:
    return frozenset(t.lower() for t in settings.KHCN_PAGE_CACHE_UNWATCHED_TABLES) | {STAMP_TABLE}


def bump_stamp(using: str = "default") -> None:
    """Raise the shared data stamp by one (its own statement, after the writer's commit)."""
    forget_public_stamp()
    conn = connections[using]
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"UPDATE {STAMP_TABLE} SET n = n + 1 WHERE id = 1")
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {STAMP_TABLE} (id, n) VALUES (1, 1)")
    except DatabaseError:
        # Two first writers raced to insert the row, or the database is going away: the other
        # writer's stamp or the entries' time limit covers this change.
        pass


class _Bump:
    """The stamp's raise owed by one transaction, run by Django when (if) it commits."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.done = False

    def __call__(self) -> None:
        self.done = True
        bump_stamp(self.alias)


class _WriteWatcher:
    """An execute wrapper noting every write of one connection (see the module docstring)."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.writes = 0  # writes this connection (this thread) made so far
        self.pending: _Bump | None = None
        self.pending_at = -1

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        result = execute(sql, params, many, context)
        if _first_word(sql) not in _READS and _table(sql) not in _unwatched():
            self.writes += 1
            conn = context["connection"]
            if not conn.in_atomic_block:
                bump_stamp(self.alias)
            elif not self.owes_bump(conn):
                self.pending = _Bump(self.alias)
                self.pending_at = len(conn.run_on_commit)
                conn.on_commit(self.pending)
        return result

    def owes_bump(self, conn: Any) -> bool:
        """Whether this connection's open transaction wrote and has not committed yet.

        Django drops the callbacks of a rolled-back transaction or savepoint: then nothing is owed.
        """
        pending = self.pending
        if pending is None or pending.done:
            return False
        queued = conn.run_on_commit
        if 0 <= self.pending_at < len(queued) and queued[self.pending_at][1] is pending:
            return True
        return any(func is pending for _, func, _ in queued)


def _watcher(conn: Any) -> _WriteWatcher | None:
    for wrapper in conn.execute_wrappers:
        if isinstance(wrapper, _WriteWatcher):
            return wrapper
    return None


def writes_pending() -> bool:
    """Whether this thread's connection is inside a transaction that wrote and has not committed
    (it sees data nobody else does yet: nothing it reads may be kept for others)."""
    watcher = _watcher(connection)
    return watcher is not None and watcher.owes_bump(connection)


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    # Only the configured databases: not Django's own passing connections (e.g. "__no_db__",
    # which creates the test database on PostgreSQL).
    if connection.alias in settings.DATABASES and _watcher(connection) is None:
        connection.execute_wrappers.append(_WriteWatcher(connection.alias))


def watch_writes() -> None:
    """Install the watcher on every connection from now on (called from CoreConfig.ready)."""
    connection_created.connect(_install, dispatch_uid="khcn-pagecache-watch")
    for conn in connections.all(initialized_only=True):
        _install(None, conn)


def read_stamp() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n FROM {STAMP_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


# The stamp as this process last read it for a visitor, and when (time.monotonic()).
_public_stamp: tuple[int, float] | None = None


def forget_public_stamp() -> None:
    global _public_stamp
    _public_stamp = None


def public_stamp() -> int:
    """The stamp for visitors' pages, read at most once per `KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS`.

    A public page may thus show data that changed in another process up to that long ago; a
    change made in this process is seen at once (bump_stamp forgets the stamp read).
    """
    global _public_stamp
    seen = _public_stamp
    now = time.monotonic()
    if seen is not None and now - seen[1] < settings.KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS:
        return seen[0]
    stamp = read_stamp()
    _public_stamp = (stamp, now)
    return stamp


def no_page_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose answer must be built every time."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    wrapped.khcn_no_page_cache = True  # type: ignore[attr-defined]
    return wrapped


def keep_despite_never_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose answer may be kept here although it tells browsers not to keep it.

    Django's sign-in page is `never_cache` because of its CSRF token; a kept page gets each
    caller's own token, so it is kept, and browsers are still told not to keep it.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    wrapped.khcn_keep_despite_never_cache = True  # type: ignore[attr-defined]
    return wrapped


def _view_allows(view_func: Any) -> bool:
    cls = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    return not (getattr(view_func, "khcn_no_page_cache", False) or getattr(cls, "khcn_no_page_cache", False))


def _messages_waiting(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _throttles_allow(request: HttpRequest, view_func: Any) -> bool:
    """Count a kept API answer against the caller's rate as the view would (its throttles)."""
    view = view_func.cls(**getattr(view_func, "initkwargs", {}))
    try:
        return all(throttle.allow_request(request, view) for throttle in view.get_throttles())
    except APIException:  # khcn.core.throttling refuses by raising
        return False


# Where a kept page had the CSRF token of the request that rendered it; each request that gets the
# page gets its own token there. A masked token is 64 letters and digits (django.middleware.csrf).
# The hole is derived from SECRET_KEY: text someone typed into a page (a link, say) cannot
# contain it and so cannot have a visitor's token written into it.
_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


@lru_cache(maxsize=4)
def _hole_for(secret_key: str) -> bytes:
    digest = hmac.new(secret_key.encode(), b"khcn.core.pagecache.csrf-hole", hashlib.sha256).hexdigest()
    return f"khcn-csrf-hole-{digest}".encode()


def _token_hole() -> bytes:
    return _hole_for(settings.SECRET_KEY)


def _punch_tokens(content: bytes, secret: str) -> bytes:
    """`content` with each masked form of the CSRF secret `secret` replaced by the hole."""

    if not secret:
        return content
    hole_text = _token_hole()

    def hole(match: re.Match[bytes]) -> bytes:
        token = match.group().decode()
        return hole_text if _unmask_cipher_token(token) == secret else match.group()

    return _TOKEN_RE.sub(hole, content)


_KEPT_TYPES = ("text/html", "application/json", "application/vnd.oai.openapi+json", "text/plain")


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=20).hexdigest()


class PageCacheMiddleware:
    """Serve a kept answer when the data stamp says nothing changed; keep fresh answers.

    Last in MIDDLEWARE: sign-in, login-required and every other check have run when it looks
    (in process_view), and the outer middleware still adds its headers to a kept answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        plan = getattr(request, "_khcn_page_cache", None)
        if plan is not None and self._keepable(request, response, plan):
            content = _punch_tokens(response.content, request.META.get("CSRF_COOKIE", ""))
            used_csrf = _token_hole() in content
            headers = {k: v for k, v in response.items() if k.lower() not in {"vary", "set-cookie"}}
            caches["pages"].set(
                plan["key"], (response.status_code, headers, content, used_csrf), settings.KHCN_PAGE_CACHE_SECONDS
            )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if (
            settings.KHCN_PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or not _view_allows(view_func)
            or "HTTP_AUTHORIZATION" in request.META
            or _messages_waiting(request)
        ):
            return None
        watcher = _watcher(connection)
        if watcher is None:  # this thread's connection is not open yet
            _install(None, connection)
            watcher = _watcher(connection)
        if watcher is None or watcher.owes_bump(connection):
            return None  # (no watcher: a connection not in DATABASES, never the case here)
        user = request.user
        api_view = getattr(view_func, "cls", None)
        if api_view is not None and not user.is_authenticated:
            return None  # anonymous API calls: mostly refused, and each counted per address
        key_parts: list[object] = [
            user.pk,
            request.session.session_key,
            read_stamp() if user.is_authenticated else public_stamp(),
            timezone.localdate().isoformat(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            request.headers.get("Accept", ""),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            request.headers.get("HX-Trigger", ""),
            request.headers.get("HX-Boosted", ""),
        ]
        key = "page:" + _digest(*key_parts)
        entry = caches["pages"].get(key)
        if entry is not None and api_view is not None and not _throttles_allow(request, view_func):
            entry = None  # let the view refuse it, with its 429 and Retry-After
        if entry is not None:
            status, headers, content, used_csrf = entry
            if used_csrf:
                # The caller's own token where the page had one (a new cookie for a new visitor).
                content = content.replace(_token_hole(), get_token(request).encode())
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return response
        request._khcn_page_cache = {  # type: ignore[attr-defined]
            "key": key,
            "watcher": watcher,
            "writes": watcher.writes,
            "despite_never_cache": getattr(view_func, "khcn_keep_despite_never_cache", False),
            "session_modified": request.session.modified,
        }
        return None

    @staticmethod
    def _keepable(request: HttpRequest, response: HttpResponse, plan: dict[str, Any]) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return False  # (the CSRF cookie, set by csrf_protect views, is set again for each caller)
        if plan["watcher"].writes != plan["writes"]:
            return False  # building the answer wrote something: do it again next time
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip()
        if content_type not in _KEPT_TYPES or "attachment" in response.get("Content-Disposition", ""):
            return False
        cache_control = "" if plan["despite_never_cache"] else response.get("Cache-Control", "")
        if any(word in cache_control for word in ("no-cache", "no-store", "max-age=0", "private")):
            return False
        session = request.session
        if session.modified and not plan["session_modified"]:
            return False
        return len(response.content) <= settings.KHCN_PAGE_CACHE_MAX_BYTES
