"""The text of an uploaded or named file: .txt (UTF-8, or UTF-16 with its mark), .docx, .pdf."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khcn.core.text import nfc

EXTENSIONS = ("txt", "docx", "pdf")
UNREADABLE = "unreadable"


def text_from_bytes(data: bytes, extension: str) -> str:
    """The text of a file's content; a file that does not parse raises ValidationError."""
    extension = extension.lower().lstrip(".")
    try:
        if extension == "txt":
            return nfc(_decode(data))
        if extension == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            lines = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    lines.append(" | ".join(cell.text for cell in row.cells))
            return nfc("\n".join(lines))
        if extension == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return nfc("\n".join(page.extract_text() or "" for page in reader.pages))
    except Exception as error:  # a broken file, whatever the library raises
        raise ValidationError(
            _("The file could not be read. Save it again as .txt, .docx or .pdf and upload it."), code=UNREADABLE
        ) from error
    raise ValidationError(_("Upload a .txt, .docx or .pdf file."), code="file_type")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def text_from_path(path: str | Path) -> str:
    path = Path(path)
    return text_from_bytes(path.read_bytes(), path.suffix)
