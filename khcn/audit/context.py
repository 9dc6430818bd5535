"""The request an audit row is written during, for the services that have no request at hand.

AuditMiddleware sets it for the length of each request; services and commands that run
outside a request leave it empty and their rows carry no address.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None
    user_agent: str
    path: str


current_request: ContextVar[RequestMeta | None] = ContextVar("khcn_audit_request", default=None)
