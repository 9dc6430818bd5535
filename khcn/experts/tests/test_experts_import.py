"""Experts and technologies from .xlsx: all or nothing, every bad row named in Vietnamese, a
template with an example row, and exports safe from formulas."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khcn.experts import excel
from khcn.experts.models import Expert, OfferStatus, Technology
from khcn.experts.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db

EXPERT_HEADER = [c.header for c in excel.EXPERT_COLUMNS]
TECH_HEADER = [c.header for c in excel.TECHNOLOGY_COLUMNS]


def workbook(sheet: str, rows: list[list]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def expert_row(**values: str) -> list:
    row = dict(zip(EXPERT_HEADER, excel.EXPERT_EXAMPLE, strict=True))
    row.update(values)
    return [row[h] for h in EXPERT_HEADER]


def tech_row(**values: str) -> list:
    row = dict(zip(TECH_HEADER, excel.TECHNOLOGY_EXAMPLE, strict=True))
    row.update(values)
    return [row[h] for h in TECH_HEADER]


def test_experts_import_saves_every_good_row(dept_officer):
    upload = workbook(
        excel.EXPERT_SHEET,
        [
            EXPERT_HEADER,
            expert_row(),
            expert_row(**{"Họ và tên": "Trần Thị Bình", "Nhóm lĩnh vực": "khoa hoc y, duoc"}),
        ],
    )
    result = excel.experts_import(user=dept_officer, file=upload)
    assert result.ok, result.errors
    assert result.saved == 2
    an = Expert.objects.get(full_name="Nguyễn Văn An")
    assert an.academic_title == "associate" and an.degree == "phd"
    assert an.subfields == " 401 406 " and an.unit is not None
    assert Expert.objects.get(full_name="Trần Thị Bình").field == "medical"


def test_experts_import_is_atomic_and_names_each_bad_row(dept_officer):
    upload = workbook(
        excel.EXPERT_SHEET,
        [
            EXPERT_HEADER,
            expert_row(),
            expert_row(**{"Họ và tên": ""}),
            expert_row(**{"Họ và tên": "Lê Văn C", "Nhóm lĩnh vực": "Thiên văn"}),
            expert_row(**{"Họ và tên": "Lê Văn D", "Mã lĩnh vực (cách nhau bởi dấu cách)": "401 999"}),
            expert_row(**{"Họ và tên": "Lê Văn E", "Đồng ý công khai (Có/Không)": "Chắc chắn"}),
        ],
    )
    result = excel.experts_import(user=dept_officer, file=upload)
    assert not result.ok and result.saved == 0
    assert not Expert.objects.exists()
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert by_row[3].message == "Ghi họ và tên."
    assert by_row[4].column == "Nhóm lĩnh vực" and "không phải nhóm lĩnh vực" in by_row[4].message
    assert by_row[5].column == "Mã lĩnh vực (cách nhau bởi dấu cách)" and "999" in by_row[5].message
    assert by_row[6].message == "Ghi “Có” hoặc “Không”."


def test_experts_import_updates_by_code(dept_officer):
    profile = ExpertFactory.create(full_name="Phạm Cũ")
    upload = workbook(excel.EXPERT_SHEET, [EXPERT_HEADER, expert_row(**{"Mã": profile.pk, "Họ và tên": "Phạm Mới"})])
    result = excel.experts_import(user=dept_officer, file=upload)
    assert result.ok, result.errors
    assert Expert.objects.get(pk=profile.pk).full_name == "Phạm Mới"


def test_only_the_department_imports(client, officer_a, expert):
    for user in (officer_a, expert):
        client.force_login(user)
        assert client.get(reverse("experts:expert_import")).status_code == 403
        assert client.get(reverse("experts:technology_import")).status_code == 403


def test_import_page_lists_bad_rows_and_saves_nothing(client, dept_officer):
    client.force_login(dept_officer)
    upload = workbook(excel.EXPERT_SHEET, [EXPERT_HEADER, expert_row(), expert_row(**{"Họ và tên": ""})])
    response = client.post(reverse("experts:expert_import"), {"file": upload})
    assert response.status_code == 422
    assert "Ghi họ và tên." in response.content.decode()
    assert not Expert.objects.exists()


def test_templates_have_headers_and_an_example_row(client, dept_officer):
    client.force_login(dept_officer)
    for name, header, sheet in (
        ("experts:expert_import_template", EXPERT_HEADER, excel.EXPERT_SHEET),
        ("experts:technology_import_template", TECH_HEADER, excel.TECHNOLOGY_SHEET),
    ):
        ws = load_workbook(BytesIO(client.get(reverse(name)).content))[sheet]
        assert [c.value for c in ws[1]] == header
        assert ws.max_row == 2


def test_expert_template_imports_back(client, dept_officer):
    client.force_login(dept_officer)
    content = client.get(reverse("experts:expert_import_template")).content
    result = excel.experts_import(user=dept_officer, file=SimpleUploadedFile("mau.xlsx", content))
    assert result.ok, result.errors
    assert Expert.objects.get().full_name == "Nguyễn Văn An"


def test_technologies_import_atomic_with_bad_rows_named(dept_officer):
    upload = workbook(
        excel.TECHNOLOGY_SHEET,
        [
            TECH_HEADER,
            tech_row(),
            tech_row(**{"Tên công nghệ": "Máy sấy nông sản", "Mức độ sẵn sàng (TRL 1-9)": "12"}),
            tech_row(**{"Tên công nghệ": "Bể biogas", "Giá từ (đồng)": "900", "Giá đến (đồng)": "100"}),
        ],
    )
    result = excel.technologies_import(user=dept_officer, file=upload)
    assert not result.ok and not Technology.objects.exists()
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Mức độ sẵn sàng (TRL 1-9)"),
        (4, "Giá đến (đồng)"),
    ]
    good = workbook(excel.TECHNOLOGY_SHEET, [TECH_HEADER, tech_row()])
    result = excel.technologies_import(user=dept_officer, file=good)
    assert result.ok, result.errors
    tech = Technology.objects.get()
    assert tech.status == OfferStatus.DRAFT and tech.maturity == 7 and tech.subfields == " 401 406 "


def test_export_is_formula_safe(client, dept_officer):
    ExpertFactory.create(full_name="Hacker", organisation_name='=HYPERLINK("http://x","y")', keywords="+1, @cmd")
    client.force_login(dept_officer)
    response = client.get(reverse("experts:expert_list") + "?export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "Hacker")
    organisation = row[5]
    assert organisation.data_type == "s" and organisation.value == '=HYPERLINK("http://x","y")'
    assert organisation.quotePrefix
