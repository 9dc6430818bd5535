"""The one check every uploaded file goes through: its kind and its size (settings)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khcn.core.text import nfc


def upload_name(upload: Any) -> str:
    """The file's own name (no client path), in NFC, at most 200 characters."""
    return nfc((upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1])[:200]


def check_upload(upload: Any) -> str:
    """Refuse a kind of file not in KHCN_UPLOAD_EXTENSIONS or one over KHCN_UPLOAD_MAX_MB; return its name."""
    name = upload_name(upload)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in settings.KHCN_UPLOAD_EXTENSIONS:
        raise ValidationError(
            _("Attach a file of one of these kinds: %(kinds)s.")
            % {"kinds": ", ".join(settings.KHCN_UPLOAD_EXTENSIONS)},
            code="file_type",
        )
    if (upload.size or 0) > settings.KHCN_UPLOAD_MAX_MB * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.KHCN_UPLOAD_MAX_MB}, code="file_size"
        )
    return name
