"""manage.py ingest_text FILE --json on the seed articles and on files of each kind."""

import io
import json

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from khcn.ingest.tests.data import SEED_000


def _run(path) -> dict:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("ingest_text", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_seed_000_as_json():
    data = _run(SEED_000)
    assert list(data) == [
        "date", "place", "units", "people", "figures", "products", "requests", "directives", "difficulties",
    ]  # fmt: skip
    assert data["date"] == "2024-07-19"
    assert data["place"] == "trụ sở UBND huyện Mê Linh"
    assert data["units"][:4] == ["Mê Linh", "Đông Anh", "Sóc Sơn", "Gia Lâm"]
    assert {"name": "Nguyễn Quốc Hà", "role": "Phó Giám đốc Sở Khoa học và Công nghệ Thành phố"} in data["people"]
    assert [f["value"] for f in data["figures"]] == ["04 sản phẩm", "100%", "87%", "100%", "5/18"]
    text = SEED_000.read_text(encoding="utf-8")
    # Strings exactly as they appear in the text.
    for item in data["units"] + data["products"] + data["requests"] + data["directives"] + data["difficulties"]:
        assert item in text
    assert all(f["sentence"] in text for f in data["figures"])


def test_docx_and_pdf_give_the_same_date(tmp_path):
    document = docx.Document()
    for line in SEED_000.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    docx_path = tmp_path / "bai.docx"
    document.save(str(docx_path))
    assert _run(docx_path)["date"] == "2024-07-19"

    pdf_path = tmp_path / "bai.pdf"
    pdf_path.write_bytes(_pdf_with_text("Ngay 19/7/2024, tai tru so UBND huyen Me Linh, So da lam viec voi huyen."))
    data = _run(pdf_path)
    assert data["date"] == "2024-07-19"
    assert data["units"] == ["Me Linh"]


def test_an_unreadable_file_is_a_command_error(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    with translation.override("en"), pytest.raises(CommandError, match="could not be read"):
        _run(broken)


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica (ASCII only), built by hand."""
    stream = f"BT /F1 10 Tf 20 700 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
