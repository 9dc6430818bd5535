"""Locust users for `make bench`: signed-in officers on the unit registry and on reports.

`Officer` signs in once (a demo Department officer or local officer), then loops without pause
over the unit tree in both eras, unit search with and without diacritics, and the bare
baseline view `/bench/bare`, so that all are measured under the same load.

`ReportingOfficer` (Hà Nội's Department officer, `chuyenvien`) loops over the city aggregate
and the completeness board of the period $BENCH_PERIOD, and the bare view; `NationalViewer`
(the superuser, whose scope is the whole country) loops over the same period's aggregate,
which then sums every province's reports, and the bare view. bench/run.py picks the classes
of each run on Locust's command line. Users wait for nothing between requests (a closed loop:
every user always has a request in flight) unless $BENCH_THINK_S ("1,3") asks for a think
time drawn uniformly from that many seconds.

The products part (bench/products.py) measures each page alone, with 50 users each:
`ProductVisitor` (anonymous) opens public product pages /p/<code>/ and `QrScanner`
(anonymous) the QR JSON /b/<code>/json/, drawing codes at random from $BENCH_PRODUCT_IDS
(written by `bench/products.py generate`); `BareVisitor` (anonymous) only the bare view,
the yardstick measured the same way; `ProductBoardOfficer` (Hà Nội's Department officer)
the products board of the unit $BENCH_BOARD_UNIT.

Request names are "<group> | <detail>"; bench/run.py groups on the part before " | ".
Besides Locust's own statistics, every request's exact time (float ms) is kept and written as
JSON to $BENCH_SAMPLES when Locust quits, so percentiles are not rounded; requests that
finished before every user had signed in or started (plus $BENCH_WARMUP_S seconds) are left out of the
samples, but failures are counted over the whole run ("errors_total").
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from typing import Any
from urllib.parse import urlencode

from locust import events, task
from locust.contrib.fasthttp import FastHttpUser

PASSWORD = "KhcnDemo@2026"
ACCOUNTS = ["chuyenvien", "xamelinh"]  # a Department officer and a commune officer
SEARCH_NAMES = [  # real unit names (former and current), typed as users type them
    ("me linh", "Mê Linh"),
    ("hoan kiem", "Hoàn Kiếm"),
    ("tien thang", "Tiến Thắng"),
    ("ba dinh", "Ba Đình"),
    ("cau giay", "Cầu Giấy"),
    ("soc son", "Sóc Sơn"),
    ("quang minh", "Quang Minh"),
    ("long bien", "Long Biên"),
    ("hai chau", "Hải Châu"),
    ("tan phu", "Tân Phú"),
    ("hoa binh", "Hòa Bình"),
    ("dong", "Đông"),
]

_THINK = tuple(float(x) for x in os.environ.get("BENCH_THINK_S", "").split(",") if x)
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_account_counter = itertools.count()
_lock = threading.Lock()
_samples: dict[str, list[tuple[float, float, bool]]] = {}  # name -> (end time, ms, ok)
_logins: list[float] = []
_login_failures: list[str] = []


@events.request.add_listener
def _record(name: str, response_time: float, exception: BaseException | None, **_: Any) -> None:
    """Keep every request's exact duration, with its end time and outcome."""
    with _lock:
        _samples.setdefault(name, []).append((time.time(), float(response_time), exception is None))


@events.quitting.add_listener
def _dump(**_: Any) -> None:
    """Write the samples taken once every user had signed in (plus the warm-up)."""
    path = os.environ.get("BENCH_SAMPLES")
    if not path:
        return
    warmup = float(os.environ.get("BENCH_WARMUP_S", "2"))
    with _lock:
        start = (max(_logins) if _logins else 0.0) + warmup
        kept = {name: [(t, ms, ok) for t, ms, ok in rows if t >= start] for name, rows in _samples.items()}
        errors = {name: sum(1 for *_, ok in rows if not ok) for name, rows in _samples.items()}
        payload = {
            "window_start": start,
            "errors_total": errors,
            "logins": len(_logins),
            "login_failures": _login_failures,
            "samples": kept,
        }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)


class _Visitor(FastHttpUser):
    """A user who browses without think time (unless $BENCH_THINK_S), anonymous."""

    abstract = True

    def wait_time(self) -> float:
        return random.uniform(*_THINK) if _THINK else 0.0

    def on_start(self) -> None:
        with _lock:
            _logins.append(time.time())  # the measurement window opens once every user started

    def _page(self, path: str, name: str) -> None:
        """GET `path`; anything but a 200 (a redirect to sign in, an error) is a failure."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as resp:
            if resp.status_code == 200:
                resp.success()
            else:
                resp.failure(f"status {resp.status_code}")


class _Account(_Visitor):
    """A user who signs in as one of `accounts`, then browses."""

    abstract = True
    accounts: list[str] = ACCOUNTS

    def on_start(self) -> None:
        """Sign in once: GET the form for the CSRF cookie and token, then POST it."""
        username = self.accounts[next(_account_counter) % len(self.accounts)]
        form = self.client.get("/accounts/login/", name="login | form")
        match = _CSRF_INPUT.search(form.text or "")
        if match is None:
            _login_failures.append(f"{username}: no CSRF token in the login form")
            return
        body = urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1), "next": ""}
        )
        headers = {"Referer": f"{self.host}/accounts/login/", "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(
            "/accounts/login/",
            data=body,
            headers=headers,
            name="login | post",
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            if resp.status_code != 302:
                resp.failure(f"login as {username} answered {resp.status_code}, not 302")
                _login_failures.append(f"{username}: status {resp.status_code}")
            else:
                resp.success()
        with _lock:
            _logins.append(time.time())


class _SignedIn(_Account):
    """A signed-in user who also opens the bare view, measured under the same load."""

    abstract = True

    @task(2)
    def bare(self) -> None:
        self._page("/bench/bare", "bare | /bench/bare")


class Officer(_SignedIn):
    """A signed-in officer browsing the unit registry (closed loop)."""

    @task(2)
    def tree_current(self) -> None:
        self._page("/geo/units/", "tree current | /geo/units/")

    @task(2)
    def tree_former(self) -> None:
        self._page("/geo/units/?era=former", "tree former | /geo/units/?era=former")

    @task(3)
    def search_folded(self) -> None:
        query = random.choice(SEARCH_NAMES)[0]
        self._page("/geo/units/?" + urlencode({"q": query}), f"search ascii | {query}")

    @task(3)
    def search_diacritics(self) -> None:
        query = random.choice(SEARCH_NAMES)[1]
        self._page("/geo/units/?" + urlencode({"q": query}), f"search diacritics | {query}")


def _period_path(page: str) -> str:
    return f"/reporting/periods/{os.environ.get('BENCH_PERIOD', '0')}/{page}/"


class ReportingOfficer(_SignedIn):
    """Hà Nội's Department officer on one period's aggregate and board (closed loop)."""

    accounts = ["chuyenvien"]

    @task(3)
    def aggregate(self) -> None:
        path = _period_path("aggregate")
        self._page(path, f"aggregate | {path}")

    @task(3)
    def board(self) -> None:
        path = _period_path("board")
        self._page(path, f"board | {path}")


class NationalViewer(_SignedIn):
    """The superuser (scope: the whole country) on one period's aggregate and on the
    follow-up board of 100,000 items (closed loop)."""

    accounts = ["admin"]

    @task(3)
    def aggregate(self) -> None:
        path = _period_path("aggregate")
        self._page(path, f"aggregate national | {path}")

    @task(3)
    def followup_board(self) -> None:
        self._page("/meetings/items/board/", "followup board national | /meetings/items/board/")


class FollowUpOfficer(_SignedIn):
    """Hà Nội's Department officer on the follow-up board and the overdue items."""

    accounts = ["chuyenvien"]

    @task(3)
    def followup_board(self) -> None:
        self._page("/meetings/items/board/", "followup board | /meetings/items/board/")

    @task(2)
    def overdue_items(self) -> None:
        self._page("/meetings/items/?state=overdue", "overdue items | /meetings/items/?state=overdue")


# -- local products (bench/products.py), each page measured alone --------------------------
_codes: dict[str, list[str]] = {}


def _code(kind: str) -> str:
    """A random public code of a product or a batch from $BENCH_PRODUCT_IDS."""
    if not _codes:
        with open(os.environ["BENCH_PRODUCT_IDS"], encoding="utf-8") as fh:
            _codes.update(json.load(fh))
    return random.choice(_codes[kind])


class BareVisitor(_Visitor):
    """Anonymous, only the bare view: the yardstick of the products runs."""

    @task
    def bare(self) -> None:
        self._page("/bench/bare", "bare | /bench/bare")


class ProductVisitor(_Visitor):
    """Anonymous, as after scanning a product's QR code: the public product page."""

    @task
    def product_page(self) -> None:
        self._page(f"/p/{_code('products')}/", "product page | /p/<code>/")


class QrScanner(_Visitor):
    """Anonymous, as a scanning app: the batch's public data as JSON."""

    @task
    def batch_json(self) -> None:
        self._page(f"/b/{_code('batches')}/json/", "qr json | /b/<code>/json/")


_session_lock = threading.Lock()
_sessions: dict[str, str] = {}  # account -> its session's Cookie header


class ProductBoardOfficer(_Account):
    """Hà Nội's Department officer on the products board of one province.

    The first user signs in; the others browse in the same session (one account, as an
    officer with several tabs), so 50 users do not spend the run hashing 50 passwords."""

    accounts = ["chuyenvien"]
    cookie = ""

    def on_start(self) -> None:
        account = self.accounts[0]
        with _session_lock:
            if account not in _sessions:
                super().on_start()
                _sessions[account] = "; ".join(f"{c.name}={c.value}" for c in self.client.cookiejar)
        self.cookie = _sessions[account]
        with _lock:
            _logins.append(time.time())

    @task
    def board(self) -> None:
        path = f"/products/board/?unit={os.environ.get('BENCH_BOARD_UNIT', '')}"
        name = f"products board | {path}"
        headers = {"Cookie": self.cookie}
        with self.client.get(path, name=name, headers=headers, allow_redirects=False, catch_response=True) as resp:
            if resp.status_code == 200:
                resp.success()
            else:
                resp.failure(f"status {resp.status_code}")
