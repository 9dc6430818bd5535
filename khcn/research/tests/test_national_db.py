"""The export of tasks and results for the National S&T Database (.xlsx and JSON)."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from khcn.geo.models import Organisation, OrganisationKind
from khcn.research.models import (
    AnnualPlan,
    BudgetLine,
    FundingSource,
    ResearchTask,
    ResultApplication,
    ScienceField,
    SelectionMode,
    TaskMember,
    TaskMemberRole,
    TaskStatus,
    TaskType,
)
from khcn.research.national_db import (
    DEFAULT_MAPPING,
    INTEGER,
    NationalField,
    NationalMapping,
    RecordSheet,
    records,
)

pytestmark = pytest.mark.django_db

# A mapping a deployment could name in KHCN_NATIONAL_DB_MAPPING instead of the default.
CUSTOM_MAPPING = NationalMapping(
    schema="thu-nghiem/2",
    circulars=("22/2025/TT-BKHCN",),
    sheets=(
        RecordSheet(
            code="danh_muc",
            label="Danh mục",
            fields=(
                NationalField("ma", "Mã", "code"),
                NationalField("ten", "Tên", "title"),
                NationalField("nam", "Năm kế hoạch", "plan.year", INTEGER),
            ),
        ),
    ),
    select_related=("plan",),
)

ACCEPTED_TITLE = "Xử lý chất thải chăn nuôi lợn tại xã Mê Linh bằng đệm lót sinh học"
RUNNING_TITLE = "Ứng dụng công nghệ số trong dịch vụ công trực tuyến tại Ứng Hòa"


def _accepted_task(*, code: str, title: str, plan: AnnualPlan, host: Organisation, unit: Any) -> ResearchTask:
    task = ResearchTask.objects.create(
        code=code,
        title=title,
        task_type=TaskType.TOPIC,
        field=ScienceField.AGRICULTURAL,
        host_organisation=host,
        pi_name="TS. Nguyễn Văn Hùng",
        objectives="Giảm mùi và nước thải tại các trang trại chăn nuôi lợn quy mô hộ gia đình.",
        start_year=2024,
        end_year=2025,
        start_date=date(2024, 3, 1),
        end_date=date(2025, 8, 31),
        contract_number="15/2024/HĐ-SKHCN",
        contract_date=date(2024, 2, 26),
        budget_million=Decimal("1500"),
        plan=plan,
        selection_mode=SelectionMode.OPEN_SELECTION,
        status=TaskStatus.ACCEPTED,
        grade="excellent",
        accepted_on=date(2025, 10, 2),
        final_products="Quy trình xử lý chất thải; 02 bài báo khoa học",
        registration_number="12/2025/ĐKKQ-SKHCN",
        registered_on=date(2025, 10, 28),
        public_summary="Mô hình đệm lót sinh học giảm 70% mùi hôi tại 20 hộ chăn nuôi.",
        public_contact="Viện Khoa học và Công nghệ Môi trường, 024 3869 xxxx",
        published_at=timezone.make_aware(datetime(2025, 11, 3, 9, 0)),
    )
    TaskMember.objects.create(
        task=task, name="Nguyễn Văn Hùng", title="TS.", role=TaskMemberRole.PI, organisation=host.name
    )
    TaskMember.objects.create(task=task, name="Trần Thị Lan", title="ThS.", role=TaskMemberRole.SECRETARY)
    BudgetLine.objects.create(
        task=task, year=2024, source=FundingSource.STATE_ST, planned_million=900, disbursed_million=900
    )
    BudgetLine.objects.create(task=task, year=2025, source=FundingSource.STATE_ST, planned_million=400)
    BudgetLine.objects.create(task=task, year=2025, source=FundingSource.HOST, planned_million=200)
    ResultApplication.objects.create(
        task=task, unit=unit, place="Trang trại thôn Yên Nhân", applied_on=date(2025, 11, 15), effect="Giảm mùi hôi"
    )
    return task


@pytest.fixture
def tasks(province, ward_a):  # type: ignore[no-untyped-def]
    plan = AnnualPlan.objects.create(
        year=2024, name="Kế hoạch năm 2024", decision_number="123/QĐ-UBND", decision_date=date(2024, 1, 15)
    )
    host = Organisation.objects.create(
        name="Viện Khoa học và Công nghệ Môi trường",
        kind=OrganisationKind.INSTITUTE,
        unit=province,
        tax_code="0101234567",
    )
    accepted = _accepted_task(code="KH2024-01", title=ACCEPTED_TITLE, plan=plan, host=host, unit=ward_a)
    running = ResearchTask.objects.create(
        code="KH2025-02",
        title=RUNNING_TITLE,
        task_type=TaskType.ST_PROJECT,
        field=ScienceField.ENGINEERING,
        host_name="Trung tâm Chuyển đổi số",
        start_year=2025,
        end_year=2026,
        status=TaskStatus.IN_PROGRESS,
    )
    return {"accepted": accepted, "running": running, "plan": plan, "host": host}


def _url(fmt: str, **query: str) -> str:
    url = reverse("research:national_export", args=[fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _sheet_rows(content: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_department_officer_downloads_tasks_and_results_as_xlsx(client, dept_officer, tasks):
    client.force_login(dept_officer)
    response = client.get(_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="csdl-quoc-gia-nhiem-vu.xlsx"' in response["Content-Disposition"]

    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Nhiệm vụ KH&CN", "Kết quả nhiệm vụ"]
    ws = wb["Nhiệm vụ KH&CN"]
    headers = [c.value for c in ws[1]]
    assert headers == [f.label for f in DEFAULT_MAPPING.sheets[0].fields]
    assert headers[:3] == ["Mã nhiệm vụ", "Tên nhiệm vụ", "Loại hình nhiệm vụ"]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 60

    rows = {row[0].value: {headers[i]: cell for i, cell in enumerate(row)} for row in ws.iter_rows(min_row=2)}
    assert set(rows) == {"KH2024-01", "KH2025-02"}
    done = rows["KH2024-01"]
    assert done["Tên nhiệm vụ"].value == ACCEPTED_TITLE
    assert done["Lĩnh vực nghiên cứu"].value == "Khoa học nông nghiệp"
    assert done["Tổ chức chủ trì"].value == "Viện Khoa học và Công nghệ Môi trường"
    assert done["Tình trạng"].value == "Đã nghiệm thu"
    assert done["Phương thức giao nhiệm vụ"].value == "Tuyển chọn"
    total = done["Tổng kinh phí (triệu đồng)"]
    assert total.value == 1500 and total.data_type == "n"
    assert done["Kinh phí từ ngân sách nhà nước (triệu đồng)"].value == 1300
    assert done["Kinh phí từ nguồn khác (triệu đồng)"].value == 200
    assert done["Năm bắt đầu"].value == 2024
    assert done["Thời gian bắt đầu"].value == datetime(2024, 3, 1)  # a date cell, read back as datetime
    assert done["Thời gian bắt đầu"].is_date
    assert done["Số quyết định phê duyệt kế hoạch"].value == "123/QĐ-UBND"
    assert "TS. Nguyễn Văn Hùng (Chủ nhiệm, Viện Khoa học" in done["Thành viên thực hiện chính"].value
    running = rows["KH2025-02"]
    assert running["Tình trạng"].value == "Đang thực hiện"
    assert running["Tổng kinh phí (triệu đồng)"].value is None
    assert running["Tổ chức chủ trì"].value == "Trung tâm Chuyển đổi số"

    results = list(wb["Kết quả nhiệm vụ"].iter_rows(values_only=True))
    assert len(results) == 2  # the header and the one accepted task
    result = dict(zip(results[0], results[1], strict=True))
    assert result["Mã nhiệm vụ"] == "KH2024-01"
    assert result["Xếp loại nghiệm thu"] == "Xuất sắc"
    assert result["Số giấy chứng nhận đăng ký kết quả"] == "12/2025/ĐKKQ-SKHCN"
    assert result["Ngày đăng ký kết quả"] == datetime(2025, 10, 28)
    assert result["Ngày nghiệm thu"] == datetime(2025, 10, 2)
    assert "Trang trại thôn Yên Nhân (Xã Mê Linh, từ 15/11/2025)" in result["Địa chỉ ứng dụng"]


def test_department_officer_downloads_the_json(client, dept_officer, tasks):
    client.force_login(dept_officer)
    response = client.get(_url("json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="csdl-quoc-gia-nhiem-vu.json"' in response["Content-Disposition"]
    assert "Xuất sắc".encode() in response.content  # UTF-8, not \u escapes
    document = json.loads(response.content.decode("utf-8"))

    header = document["header"]
    assert header["schema"] == DEFAULT_MAPPING.schema
    assert header["circular"] == "05/2021/TT-BKHCN"
    assert header["field_list_confirmed"] is False
    assert datetime.fromisoformat(header["generated_at"]).tzinfo is not None
    sheets = {s["code"]: s for s in header["sheets"]}
    assert [f["code"] for f in sheets["nhiem_vu"]["fields"]][:2] == ["ma_nhiem_vu", "ten_nhiem_vu"]
    assert {"code": "kinh_phi_tong", "label": "Tổng kinh phí (triệu đồng)", "type": "number"} in sheets["nhiem_vu"][
        "fields"
    ]
    assert (sheets["nhiem_vu"]["count"], sheets["ket_qua"]["count"]) == (2, 1)

    by_code = {r["ma_nhiem_vu"]: r for r in document["records"]["nhiem_vu"]}
    done = by_code["KH2024-01"]
    assert done["ten_nhiem_vu"] == ACCEPTED_TITLE
    assert done["kinh_phi_tong"] == 1500 and done["kinh_phi_nsnn"] == 1300 and done["kinh_phi_da_cap"] == 900
    assert done["ngay_bat_dau"] == "2024-03-01" and done["ma_linh_vuc"] == "4"
    assert done["ma_so_to_chuc_chu_tri"] == "0101234567"
    assert by_code["KH2025-02"]["kinh_phi_tong"] is None
    [result] = document["records"]["ket_qua"]
    assert result["xep_loai"] == "Xuất sắc" and result["ngay_nghiem_thu"] == "2025-10-02"
    assert result["ngay_cong_bo"] == "2025-11-03"
    assert result["tom_tat_ket_qua"].startswith("Mô hình đệm lót sinh học")


def test_local_officer_is_refused(client, officer_a, tasks):
    client.force_login(officer_a)
    assert client.get(_url("xlsx")).status_code == 403
    assert client.get(_url("json")).status_code == 403


def test_an_unknown_format_is_not_found(client, dept_officer, tasks):
    client.force_login(dept_officer)
    assert client.get(_url("csv")).status_code == 404


def test_the_task_list_filters_apply(client, dept_officer, tasks):
    client.force_login(dept_officer)
    running = json.loads(client.get(_url("json", status=TaskStatus.IN_PROGRESS)).content)["records"]
    assert [r["ma_nhiem_vu"] for r in running["nhiem_vu"]] == ["KH2025-02"]
    assert running["ket_qua"] == []
    sheets = _sheet_rows(client.get(_url("xlsx", q="chan nuoi")).content)  # folded search
    assert [row[0] for row in sheets["Nhiệm vụ KH&CN"][1:]] == ["KH2024-01"]
    assert [row[0] for row in sheets["Kết quả nhiệm vụ"][1:]] == ["KH2024-01"]


def test_the_task_list_links_to_the_export_with_its_filters(client, dept_officer, officer_a, tasks):
    client.force_login(dept_officer)
    page = client.get(reverse("research:task_list") + "?status=accepted&page=1").content.decode()
    assert f'href="{_url("xlsx")}?status=accepted"' in page
    assert f'href="{_url("json")}?status=accepted"' in page
    client.force_login(officer_a)
    response = client.get(reverse("research:task_list"))
    assert response.status_code != 200 or _url("json") not in response.content.decode()


def test_a_mapping_named_in_the_settings_changes_the_columns(client, dept_officer, tasks, settings):
    settings.KHCN_NATIONAL_DB_MAPPING = f"{__name__}.CUSTOM_MAPPING"
    client.force_login(dept_officer)
    sheets = _sheet_rows(client.get(_url("xlsx")).content)
    assert list(sheets) == ["Danh mục"]
    rows = sheets["Danh mục"]
    assert rows[0] == ("Mã", "Tên", "Năm kế hoạch")
    assert sorted(rows[1:]) == [("KH2024-01", ACCEPTED_TITLE, 2024), ("KH2025-02", RUNNING_TITLE, None)]
    document = json.loads(client.get(_url("json")).content)
    assert document["header"]["schema"] == "thu-nghiem/2"
    assert document["header"]["circular"] == "22/2025/TT-BKHCN"
    assert list(document["records"]) == ["danh_muc"]


def test_records_leave_empty_values_out_and_keep_numbers_exact(tasks):
    data = records(ResearchTask.objects.all(), DEFAULT_MAPPING)
    running = next(r for r in data["nhiem_vu"] if r["ma_nhiem_vu"] == "KH2025-02")
    assert running["so_hop_dong"] is None and running["kinh_phi_nsnn"] is None
    done = next(r for r in data["nhiem_vu"] if r["ma_nhiem_vu"] == "KH2024-01")
    assert done["kinh_phi_tong"] == Decimal("1500") and done["ngay_hop_dong"] == date(2024, 2, 26)


def test_queries_do_not_grow_with_the_number_of_tasks(client, dept_officer, tasks, ward_a):
    client.force_login(dept_officer)

    def count(fmt: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(fmt)).status_code == 200
        return len(queries)

    count("json")  # the first request of a session costs a few queries more
    few = {fmt: count(fmt) for fmt in ("xlsx", "json")}
    for n in range(3, 7):
        _accepted_task(
            code=f"KH2024-0{n}", title=f"Nhiệm vụ thử {n}", plan=tasks["plan"], host=tasks["host"], unit=ward_a
        )
    assert ResearchTask.objects.count() == 6
    assert {fmt: count(fmt) for fmt in ("xlsx", "json")} == few
    assert few["xlsx"] <= 12  # session, user, scope, the tasks and four prefetches
