"""Loopback helpers for the benchmarks: a free port, polling a URL until it answers."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_status(url: str, *, timeout: float = 5.0) -> int | None:
    """The HTTP status of GET `url`, or None when nothing answers."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"benchmarks only talk to the loopback interface, not {url}")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except (OSError, urllib.error.URLError):
        return None


def wait_for_200(url: str, *, timeout: float, interval: float = 0.25, alive: Callable[[], bool] | None = None) -> float:
    """Poll `url` until it answers 200; return the seconds waited.

    Raises TimeoutError after `timeout` seconds, or RuntimeError as soon as `alive()` says
    the server process has died.
    """
    start = time.monotonic()
    while True:
        if http_status(url, timeout=2.0) == 200:
            return time.monotonic() - start
        if alive is not None and not alive():
            raise RuntimeError(f"the server exited before {url} answered 200")
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f} s")
        time.sleep(interval)
