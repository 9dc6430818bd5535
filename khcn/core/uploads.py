"""The one check every uploaded file goes through (its name, size and content), and the one way files go back.

A file's name is only a claim: the content must be of the kind its extension names. PDF and
images are recognised by their signature (the `filetype` library); the Office Open XML and
OpenDocument kinds are zip archives, so the archive must hold the part that makes it a document
(word/document.xml for .docx, xl/workbook.xml for .xlsx, the mimetype entry for .odt/.ods); the
old .doc/.xls are OLE compound files holding a WordDocument or Workbook stream. Every stored file
is served back as an attachment, with the content type of its checked kind and `nosniff`, so a
browser never renders it in the site's origin.
"""

import zipfile
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

from khcn.core.text import nfc

FILE_TYPE = "file_type"
FILE_CONTENT = "file_content"
FILE_SIZE = "file_size"

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODF_MIMES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# The OLE stream (its name in UTF-16) that makes a compound file a Word or an Excel document.
OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book")}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "zip": "application/zip",
}
# filetype names a JPEG "jpg"; both spellings of the extension are the same kind.
SIGNATURE_KINDS = {"pdf": {"pdf"}, "png": {"png"}, "jpg": {"jpg"}, "jpeg": {"jpg"}}
OLE_READ_LIMIT = 32 * 1024 * 1024


def upload_name(upload: Any) -> str:
    """The file's own name (no client path), in NFC, at most 200 characters."""
    return nfc((upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1])[:200]


def file_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _rewound(stream: IO[bytes]) -> IO[bytes]:
    stream.seek(0)
    return stream


def _zip_names(stream: IO[bytes]) -> set[str] | None:
    try:
        with zipfile.ZipFile(_rewound(stream)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _odf_mimetype(stream: IO[bytes]) -> bytes | None:
    try:
        with zipfile.ZipFile(_rewound(stream)) as archive:
            if "mimetype" not in archive.namelist() or archive.getinfo("mimetype").file_size > 200:
                return None
            return archive.read("mimetype").strip()
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None


def _ole_holds(stream: IO[bytes], names: tuple[str, ...]) -> bool:
    content = _rewound(stream).read(OLE_READ_LIMIT)
    return content.startswith(OLE_SIGNATURE) and any(name.encode("utf-16-le") in content for name in names)


def content_matches(stream: IO[bytes], extension: str) -> bool:
    """Whether the bytes of `stream` are of the kind `extension` names (see the module docstring).

    An extension the table does not know (one added in KHCN_UPLOAD_EXTENSIONS) passes unless its
    content is recognisably of some other kind. The stream is left at its start.
    """
    try:
        head = _rewound(stream).read(8192)
        guess = filetype.guess(head)
        if extension in SIGNATURE_KINDS:
            return guess is not None and guess.extension in SIGNATURE_KINDS[extension]
        if extension in OOXML_PARTS or extension in ODF_MIMES or extension == "zip":
            if not head.startswith(b"PK\x03\x04"):
                return False
            if extension in OOXML_PARTS:
                names = _zip_names(stream)
                return names is not None and OOXML_PARTS[extension] in names
            if extension in ODF_MIMES:
                return _odf_mimetype(stream) == ODF_MIMES[extension]
            return _zip_names(stream) is not None
        if extension in OLE_STREAMS:
            return _ole_holds(stream, OLE_STREAMS[extension])
        return guess is None or guess.extension == extension
    finally:
        stream.seek(0)


def check_upload(upload: Any) -> str:
    """Refuse a file whose kind is not allowed, whose content is not of that kind, or which is too large.

    The kinds are KHCN_UPLOAD_EXTENSIONS, the size limit KHCN_UPLOAD_MAX_MB; the content check is
    content_matches (an .exe renamed .pdf is refused). Return the file's name.
    """
    name = upload_name(upload)
    extension = file_extension(name)
    if extension not in settings.KHCN_UPLOAD_EXTENSIONS:
        raise ValidationError(
            _("Attach a file of one of these kinds: %(kinds)s.")
            % {"kinds": ", ".join(settings.KHCN_UPLOAD_EXTENSIONS)},
            code=FILE_TYPE,
        )
    if (upload.size or 0) > settings.KHCN_UPLOAD_MAX_MB * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.KHCN_UPLOAD_MAX_MB}, code=FILE_SIZE
        )
    if not content_matches(upload, extension):
        raise ValidationError(
            _(
                "The content of “%(name)s” is not a .%(kind)s file. Attach the document itself, "
                "saved in the kind its name says."
            )
            % {"name": name, "kind": extension},
            code=FILE_CONTENT,
        )
    return name


def upload_response(stored: Any, *, filename: str) -> FileResponse:
    """A stored upload as a download: always an attachment, typed by its checked kind, `nosniff`.

    The content is checked again here, so a file stored before the content check existed is
    served as application/octet-stream when it is not what its name says.
    """
    extension = file_extension(filename)
    stream = stored.open("rb")
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    if not content_matches(stream, extension):
        content_type = "application/octet-stream"
    response = FileResponse(stream, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
