"""Council minutes for the selection and acceptance councils, beside the screening ones
(those are tested in khcn/research/tests/test_councils.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.documents.testing import open_docx, table_rows
from khcn.geo.models import Organisation, OrganisationKind
from khcn.research import scales
from khcn.research.models import MemberRole, ResearchTask, SelectionApplication
from khcn.research.services import councils

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(province):
    return Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=province)


def _task(host, status):
    return ResearchTask.objects.create(
        code="01/2027/ĐT",
        title="Xử lý chất thải chăn nuôi tại xã Mê Linh",
        task_type="topic",
        field="agricultural",
        host_organisation=host,
        host_name=host.name,
        pi_name="Trần Văn Chủ",
        contract_number="05/HĐ-SKHCN",
        status=status,
    )


def _minutes(client, user, council):
    client.force_login(user)
    response = client.get(reverse("research:council_minutes", args=[council.pk]))
    assert response.status_code == 200
    doc = open_docx(response.content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{" not in text and "{%" not in text
    return doc, text


def _declare(council):
    for member in council.members.all():
        councils.member_declare(user=member.user, member=member, has_conflict=False, note="")


def test_acceptance_minutes_on_the_grade_scale_count_the_grades(
    client, settings, host, dept_officer, expert, council_member, province
):
    settings.KHCN_ACCEPTANCE_SCALE = "grades"
    university = Organisation.objects.create(
        name="Đại học Nông nghiệp", kind=OrganisationKind.UNIVERSITY, unit=province
    )
    third = make_user("gs3", Role.EXPERT, organisation=university, full_name="Lê Thị Ba")
    task = _task(host, "in_progress")
    council = councils.acceptance_council_create(
        user=dept_officer,
        task=task,
        name="Hội đồng nghiệm thu nhiệm vụ 01/2027/ĐT",
        members=[(expert, MemberRole.CHAIR), (council_member, MemberRole.MEMBER), (third, MemberRole.MEMBER)],
    )
    _declare(council)
    items = [code for code, _label, _top in scales.sheet_items(council)]
    overall = {expert: "excellent", council_member: "excellent", third: "pass"}
    for member in council.members.order_by("pk"):
        grades = {code: "pass" for code in items} | {items[0]: "excellent", "overall": overall[member.user]}
        if member.user == third:
            grades[items[1]] = "fail"
        _sheet, errors = councils.sheet_save(user=member.user, member=member, scores=grades, comment="", submit=True)
        assert not errors, errors
    councils.council_conclude(
        user=dept_officer,
        council=council,
        conclusion="Nhiệm vụ hoàn thành các nội dung theo hợp đồng.",
        accept=True,
        required_fixes="Bổ sung số liệu quan trắc quý IV.",
        final_products="Quy trình xử lý chất thải chăn nuôi; mô hình trình diễn tại thôn Bến",
    )

    doc, text = _minutes(client, dept_officer, council)
    assert "Họp Hội đồng nghiệm thu" in text
    assert (
        "Nghiệm thu nhiệm vụ “01/2027/ĐT Xử lý chất thải chăn nuôi tại xã Mê Linh” do Viện Chăn nuôi chủ trì, "
        "chủ nhiệm Trần Văn Chủ, hợp đồng số 05/HĐ-SKHCN." in text
    )
    assert "II. Kết quả đánh giá" in text and "Số phiếu hợp lệ: 3/3 thành viên được đánh giá." in text
    assert text.count("phiếu đánh giá: Xuất sắc") == 2 and text.count("phiếu đánh giá: Đạt") == 1
    assert "phiếu chấm" not in text
    rows = table_rows(doc.tables[1])
    assert rows[0] == ["STT", "Tiêu chí", "Xuất sắc", "Đạt", "Không đạt"]
    assert rows[1][2:] == ["3", "0", "0"]  # every sheet: the first criterion Xuất sắc
    assert rows[2][2:] == ["0", "2", "1"]  # one sheet fails the second criterion
    assert rows[-1][1:] == ["Đánh giá chung", "2", "1", "0"]
    assert len(rows) == 1 + len(items)
    # 3/3 at Đạt or better, 2/3 Xuất sắc (below 3/4): Đạt.
    assert "Kết quả: nhiệm vụ được xếp loại Đạt." in text
    assert "Điểm trung bình chung" not in text
    assert "Bổ sung số liệu quan trắc quý IV." in text
    assert "Sản phẩm cuối cùng của nhiệm vụ:" in text
    assert "- Quy trình xử lý chất thải chăn nuôi; mô hình trình diễn tại thôn Bến" in text


def test_selection_minutes_on_points_name_the_applicant(client, host, dept_officer, expert, council_member):
    task = _task(host, "planned")
    application = SelectionApplication.objects.create(
        task=task,
        applicant_name="Công ty Môi trường Xanh",
        pi_name="Đỗ Văn Hai",
        budget_million=Decimal(1450),
        duration_months=24,
        summary="Đệm lót sinh học",
    )
    council = councils.selection_council_create(
        user=dept_officer,
        application=application,
        name="Hội đồng tuyển chọn",
        members=[(expert, MemberRole.CHAIR), (council_member, MemberRole.MEMBER)],
    )
    _declare(council)
    criteria = scales.criteria(council)
    for member, share in zip(council.members.order_by("pk"), [5, 4], strict=True):
        scores = {code: str(top * share // 5) for code, _label, top in criteria}
        _sheet, errors = councils.sheet_save(user=member.user, member=member, scores=scores, comment="", submit=True)
        assert not errors, errors

    doc, text = _minutes(client, dept_officer, council)
    assert (
        "Hồ sơ đăng ký tuyển chọn chủ trì nhiệm vụ “Xử lý chất thải chăn nuôi tại xã Mê Linh” của "
        "Công ty Môi trường Xanh (chủ nhiệm dự kiến Đỗ Văn Hai)." in text
    )
    assert "phiếu chấm 100 điểm" in text and "phiếu chấm 80 điểm" in text
    assert "Điểm trung bình chung: 90/100. Hội đồng đề nghị chọn hồ sơ." in text
    assert "(Hội đồng chưa kết luận.)" in text
    assert "Cuộc họp kết thúc vào …… giờ …… phút, ngày ……./." in text, "a blank to write in"
    assert "Sản phẩm cuối cùng" not in text
    rows = table_rows(doc.tables[1])
    assert rows[0] == ["STT", "Tiêu chí", "Điểm tối đa", "Điểm trung bình", "Thấp nhất – cao nhất"]
    assert len(rows) == 1 + len(criteria)


def test_every_council_page_offers_its_minutes(client, host, dept_officer, expert):
    task = _task(host, "in_progress")
    council = councils.acceptance_council_create(
        user=dept_officer, task=task, name="Hội đồng nghiệm thu", members=[(expert, MemberRole.CHAIR)]
    )
    client.force_login(dept_officer)
    page = client.get(reverse("research:council_detail", args=[council.pk])).content.decode()
    assert reverse("research:council_minutes", args=[council.pk]) in page
