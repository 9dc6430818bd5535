"""The Content-Security-Policy header, built once per process rather than once per answer.

django-csp's middleware builds the header from the settings for every response (about a seventh
of the time the sign-in page takes once it is kept, issue 19). KHCN uses no nonces, so nearly
every answer has the settings' own policy: it is built the first time and kept until a
CONTENT_SECURITY_POLICY setting changes. An answer that carries its own parts (the products
board adds the origin of its map images) still gets a policy built for it.
"""

from __future__ import annotations

from typing import Any

from csp import middleware as csp_middleware
from csp.utils import build_policy
from django.core.signals import setting_changed

_built: dict[bool, str] = {}


def policy(
    config: Any = None, update: Any = None, replace: Any = None, nonce: str | None = None, report_only: bool = False
) -> str:
    """`csp.utils.build_policy`, remembered for the settings' own policy."""
    if config is None and update is None and replace is None and nonce is None:
        kept = _built.get(report_only)
        if kept is None:
            kept = _built[report_only] = build_policy(report_only=report_only)
        return kept
    return build_policy(config=config, update=update, replace=replace, nonce=nonce, report_only=report_only)


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def install() -> None:
    """Have django-csp's middleware use `policy` (called from CoreConfig.ready)."""
    csp_middleware.build_policy = policy  # type: ignore[assignment]
    setting_changed.connect(_forget, dispatch_uid="khcn-csp-policy")
