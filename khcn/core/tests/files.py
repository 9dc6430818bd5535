"""Real files of every accepted kind, and impostors, built in memory for upload tests."""

import io
import struct
import zipfile
import zlib

import openpyxl
from docx import Document


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("Báo cáo kết quả thực hiện nhiệm vụ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Chỉ tiêu", 12])  # type: ignore[union-attr]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _ole(stream: str) -> bytes:
    """An OLE compound file's header and a directory entry naming `stream` (enough for the check)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(64)


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64) + b"This program cannot be run."
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

# One real file of each kind KHCN accepts, by extension.
GENUINE: dict[str, bytes] = {
    "pdf": PDF,
    "png": _png(),
    "jpg": _jpeg(),
    "jpeg": _jpeg(),
    "docx": _docx(),
    "xlsx": _xlsx(),
    "doc": _ole("WordDocument"),
    "xls": _ole("Workbook"),
    "odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
    "ods": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
    "zip": _zip({"bang-ke.txt": b"1"}),
}

# Files whose name claims a kind their content is not: (name, content).
IMPOSTORS: dict[str, tuple[str, bytes]] = {
    "exe-as-pdf": ("baocao.pdf", EXE),
    "html-as-pdf": ("baocao.pdf", HTML),
    "png-as-docx": ("bienban.docx", GENUINE["png"]),
    "xlsx-as-docx": ("bienban.docx", GENUINE["xlsx"]),
    "zip-as-xlsx": ("solieu.xlsx", GENUINE["zip"]),
    "exe-as-doc": ("baocao.doc", EXE),
    "xls-as-doc": ("baocao.doc", GENUINE["xls"]),
    "html-as-jpg": ("anh.jpg", HTML),
    "pdf-as-png": ("anh.png", PDF),
    "exe-as-zip": ("hoso.zip", EXE),
    "text-as-odt": ("vanban.odt", b"plain text"),
}
