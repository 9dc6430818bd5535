"""New CSRF secrets and masks from one read of the system's random source.

Django draws each of the 32 characters of a CSRF secret, and of the mask it hides it under, with
its own `secrets.choice`: 64 reads of the random source for every visitor without a cookie, about
a third of the time the kept sign-in page takes (issue 19). The same characters, equally likely
and from the same source, come here from one read: bytes below 248 (4 × 62) are kept and taken
modulo 62, so no character is favoured; the rest are drawn again.
"""

from __future__ import annotations

import os

from django.middleware import csrf as django_csrf

_ALPHABET = django_csrf.CSRF_ALLOWED_CHARS
_LIMIT = 256 - 256 % len(_ALPHABET)  # 248: the largest multiple of 62 a byte reaches


def new_csrf_string() -> str:
    """CSRF_SECRET_LENGTH characters of CSRF_ALLOWED_CHARS, uniformly and securely random."""
    length = django_csrf.CSRF_SECRET_LENGTH
    chosen: list[str] = []
    while len(chosen) < length:
        for byte in os.urandom(length + 8):  # 3% of bytes are dropped: one read nearly always does
            if byte < _LIMIT:
                chosen.append(_ALPHABET[byte % len(_ALPHABET)])
                if len(chosen) == length:
                    break
    return "".join(chosen)


def install() -> None:
    """Have Django's CSRF middleware draw its secrets and masks here (CoreConfig.ready)."""
    if not callable(getattr(django_csrf, "_get_new_csrf_string", None)):
        raise RuntimeError("django.middleware.csrf._get_new_csrf_string is gone: review khcn/core/csrf.py")
    django_csrf._get_new_csrf_string = new_csrf_string  # type: ignore[attr-defined]
