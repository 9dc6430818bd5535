"""The annual plan's annex (danh mục nhiệm vụ) as a Decree 30 .docx, landscape."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT

from khcn.documents.testing import all_xml, find_paragraph, open_docx, table_rows
from khcn.research.models import (
    AnnualPlan,
    PlanCall,
    Proposal,
    ResearchTask,
    ScienceField,
    SelectionMode,
    TaskType,
)

pytestmark = pytest.mark.django_db

FIRST = "Xử lý ô nhiễm môi trường chăn nuôi tập trung tại xã Mê Linh"
SECOND = "Bảo tồn và phát triển giống gà Mía gắn với du lịch nông nghiệp"


@pytest.fixture
def plan(ward_a):  # type: ignore[no-untyped-def]
    plan = AnnualPlan.objects.create(year=2026, name="Kế hoạch KH,CN&ĐMST năm 2026")
    call = PlanCall.objects.create(
        name="Đợt đề xuất 2026", plan_year=2026, opens_on=date(2025, 6, 1), closes_on=date(2025, 9, 30)
    )
    proposal = Proposal.objects.create(call=call, unit=ward_a, title=FIRST, problem="Ô nhiễm mùi, nước thải.")
    ResearchTask.objects.create(
        code="KH2026-01",
        title=FIRST,
        task_type=TaskType.TOPIC,
        field=ScienceField.AGRICULTURAL,
        plan=plan,
        proposal=proposal,
        selection_mode=SelectionMode.OPEN_SELECTION,
        start_year=2026,
        end_year=2027,
        budget_million=Decimal("1500"),
    )
    ResearchTask.objects.create(
        code="KH2026-02",
        title=SECOND,
        task_type=TaskType.PILOT_PRODUCTION,
        field=ScienceField.AGRICULTURAL,
        plan=plan,
        selection_mode=SelectionMode.DIRECT,
        start_year=2026,
        end_year=2026,
        budget_million=Decimal("850.5"),
    )
    return plan


def _download(client, user, plan):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("research:plan_docx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="ke-hoach-khcn-2026.docx"' in response["Content-Disposition"]
    return open_docx(response.content)


def test_a_draft_plan_downloads_as_an_annex_with_its_tasks_and_total(client, dept_officer, plan):
    doc = _download(client, dept_officer, plan)
    find_paragraph(doc.paragraphs, "Phụ lục")
    find_paragraph(doc.paragraphs, "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ THỰC HIỆN NĂM 2026")
    note = find_paragraph(doc.paragraphs, "(Dự thảo)")
    assert all(r.italic for r in note.runs)
    assert not any(p.text.startswith("(Kèm theo") for p in doc.paragraphs)

    [table] = doc.tables
    rows = table_rows(table)
    assert rows[0] == [
        "STT",
        "Mã nhiệm vụ",
        "Tên nhiệm vụ",
        "Loại hình",
        "Đơn vị đề xuất",
        "Phương thức",
        "Thời gian thực hiện",
        "Kinh phí (triệu đồng)",
    ]
    assert rows[1] == ["1", "KH2026-01", FIRST, "Đề tài", "Xã Mê Linh", "Tuyển chọn", "2026–2027", "1.500"]
    assert rows[2] == [
        "2",
        "KH2026-02",
        SECOND,
        "Dự án sản xuất thử nghiệm",
        "",
        "Giao trực tiếp",
        "2026",
        "850,5",
    ]
    assert rows[3] == ["Tổng cộng (2 nhiệm vụ)", "2.350,5"]
    assert len(rows) == 4
    assert "{{" not in all_xml(doc) and "{%" not in all_xml(doc)

    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [30, 15]


def test_an_approved_plan_names_its_decision(client, dept_officer, plan):
    plan.decision_number = "123/QĐ-UBND"
    plan.decision_date = date(2026, 1, 5)
    plan.save()
    doc = _download(client, dept_officer, plan)
    find_paragraph(doc.paragraphs, "(Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 01 năm 2026)")
    assert not any(p.text == "(Dự thảo)" for p in doc.paragraphs)


def test_only_department_staff_download_it(client, officer_a, dept_officer, plan):
    client.force_login(officer_a)
    assert client.get(reverse("research:plan_docx", args=[plan.pk])).status_code == 403
    client.force_login(dept_officer)
    assert client.get(reverse("research:plan_docx", args=[plan.pk + 1000])).status_code == 404


def test_the_plan_page_links_to_it(client, dept_officer, plan):
    client.force_login(dept_officer)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="{reverse("research:plan_docx", args=[plan.pk])}"' in page
