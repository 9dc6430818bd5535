"""Task proposals: drafts, submission before the deadline, return, screening, scope, duplicates."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khcn.geo.models import Organisation, OrganisationKind
from khcn.research import similarity
from khcn.research.models import PlanCall, Proposal, ProposalStatus, ResearchTask, ScienceField, TaskType
from khcn.research.services import proposals

pytestmark = pytest.mark.django_db

COMPLETE = {
    "task_type": TaskType.TOPIC,
    "field": ScienceField.AGRICULTURAL,
    "rationale": "Chất thải chăn nuôi chưa được xử lý, gây ô nhiễm nguồn nước.",
    "objectives": "Xây dựng quy trình xử lý chất thải phù hợp quy mô hộ.",
    "products": "Quy trình công nghệ; mô hình trình diễn 5 hộ.",
    "application_place": "Xã Mê Linh",
    "applying_unit": "UBND xã Mê Linh",
    "budget_million": Decimal("1500"),
    "duration_months": 24,
}


@pytest.fixture
def call(db):
    return PlanCall.objects.create(
        name="Đề xuất đặt hàng nhiệm vụ KH&CN năm 2027",
        plan_year=2027,
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 12, 31),
    )


@pytest.fixture
def draft(call, officer_a, ward_a):
    proposal = Proposal(
        call=call,
        unit=ward_a,
        title="Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ tại xã Mê Linh",
        problem="Nước thải chăn nuôi lợn chảy ra kênh mương.",
    )
    return proposals.proposal_create(user=officer_a, proposal=proposal)


def test_a_draft_with_gaps_cannot_be_submitted_until_complete(draft, officer_a):
    with pytest.raises(ValidationError) as error:
        proposals.proposal_submit(user=officer_a, proposal=draft, today=date(2026, 11, 24))
    assert error.value.code == "incomplete"
    assert "mục tiêu" in error.value.messages[0].lower() or "objectives" in error.value.messages[0].lower()
    for name, value in COMPLETE.items():
        setattr(draft, name, value)
    proposals.proposal_update(user=officer_a, proposal=draft, expected_version=draft.version)
    proposals.proposal_submit(user=officer_a, proposal=draft, today=date(2026, 11, 24))
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED and draft.submitted_at is not None
    with pytest.raises(ValidationError):  # submitted: no more edits
        proposals.proposal_update(user=officer_a, proposal=draft, expected_version=draft.version)


def test_submission_after_the_deadline_is_refused(draft, officer_a):
    for name, value in COMPLETE.items():
        setattr(draft, name, value)
    draft.save()
    with pytest.raises(ValidationError) as error:
        proposals.proposal_submit(user=officer_a, proposal=draft, today=date(2027, 1, 2))
    assert error.value.code == "closed" and "31/12/2026" in error.value.messages[0]


def test_return_and_screening_by_the_department(draft, officer_a, dept_officer):
    for name, value in COMPLETE.items():
        setattr(draft, name, value)
    draft.save()
    proposals.proposal_submit(user=officer_a, proposal=draft, today=date(2026, 11, 24))
    with pytest.raises(PermissionDenied):
        proposals.proposal_return(user=officer_a, proposal=draft, message="x")
    with pytest.raises(ValidationError):
        proposals.proposal_return(user=dept_officer, proposal=draft, message=" ")
    proposals.proposal_return(user=dept_officer, proposal=draft, message="Bổ sung cam kết của đơn vị ứng dụng.")
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.RETURNED and draft.is_editable
    proposals.proposal_submit(user=officer_a, proposal=draft, today=date(2026, 11, 25))
    with pytest.raises(ValidationError):  # a decision other than "accepted" needs its reason
        proposals.proposal_screen(user=dept_officer, proposal=draft, decision=ProposalStatus.OUT_OF_SCOPE, note="")
    proposals.proposal_screen(user=dept_officer, proposal=draft, decision=ProposalStatus.ACCEPTED, note="")
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.ACCEPTED
    assert draft.history.count() >= 5


def test_similarity_flags_a_near_duplicate(draft, dept_officer):
    ResearchTask.objects.create(
        code="01C-08/03-2019-2",
        title="Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ gia đình tại Hà Nội",
        task_type=TaskType.TOPIC,
        field=ScienceField.AGRICULTURAL,
        start_year=2019,
        end_year=2021,
    )
    ResearchTask.objects.create(
        code="01C-02/01-2020-1",
        title="Ứng dụng trí tuệ nhân tạo trong quản lý giao thông đô thị",
        task_type=TaskType.TOPIC,
        field=ScienceField.ENGINEERING,
    )
    matches = similarity.similar_to(title=draft.title, exclude_proposal=draft.pk)
    assert [m.obj.code for m in matches] == ["01C-08/03-2019-2"]
    assert matches[0].score > 0.6
    # the same measure as pg_trgm, in Python: identical titles 1.0, unrelated ones near 0
    assert similarity.similarity("Bảo tồn gà Mía", "bao ton ga mia") == 1.0
    assert similarity.similarity("Bảo tồn gà Mía", "Quản lý giao thông") < 0.1


def test_scope_a_unit_sees_its_own_and_the_department_sees_organisations_too(
    client, draft, call, officer_b, dept_officer, province
):
    university = Organisation.objects.create(
        name="Học viện Nông nghiệp Việt Nam", kind=OrganisationKind.UNIVERSITY, unit=province
    )
    theirs = Proposal.objects.create(
        call=call, organisation=university, title="Chọn tạo giống bưởi đỏ Đông Cao sạch bệnh", problem="Bệnh vàng lá"
    )
    client.force_login(officer_b)
    assert client.get(reverse("research:proposal_detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("research:proposal_list")).content.decode()
    assert draft.title not in page and theirs.title not in page
    client.force_login(dept_officer)
    page = client.get(reverse("research:proposal_list")).content.decode()
    assert draft.title in page and theirs.title in page
    detail = client.get(reverse("research:proposal_detail", args=[draft.pk]))
    assert detail.status_code == 200 and "Sàng lọc" in detail.content.decode()


def test_pages_create_submit_and_keep_input(client, call, officer_a, ward_a, time_machine):
    time_machine.move_to(date(2026, 11, 24))
    client.force_login(officer_a)
    assert client.get(reverse("research:proposal_create")).status_code == 200
    response = client.post(reverse("research:proposal_create"), {"call": call.pk, "title": "Ngắn", "problem": "x"})
    assert response.status_code == 422 and 'value="Ngắn"' in response.content.decode()
    response = client.post(
        reverse("research:proposal_create"),
        {
            "call": call.pk,
            "unit": ward_a.pk,
            "title": "Bảo tồn và phát triển giống hoa đào Phù Trì",
            "problem": "Giống đào cổ đang mất dần.",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title__startswith="Bảo tồn")
    refused = client.post(reverse("research:proposal_action", args=[proposal.pk]), {"action": "submit"})
    assert refused.status_code == 422 and "trước khi gửi" in refused.content.decode()
    edit = {
        "call": call.pk,
        "unit": ward_a.pk,
        "title": proposal.title,
        "problem": proposal.problem,
        "loaded_version": proposal.version,
        **{k: str(v) for k, v in COMPLETE.items()},
    }
    assert client.post(reverse("research:proposal_edit", args=[proposal.pk]), edit).status_code == 302
    url = reverse("research:proposal_action", args=[proposal.pk])
    asked = client.post(url, {"action": "submit"})
    assert asked.status_code == 200 and "Gửi đề xuất cho Sở?" in asked.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT, "asking submits nothing (issue 13, defect 7)"
    assert client.post(url, {"action": "submit", "confirmed": "1"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_screening_has_no_decision_chosen_and_asks_before_recording(client, draft, officer_a, dept_officer):
    """Issue 13, defect 7: screening defaulted to "accepted" and recorded on the first click."""
    for name, value in COMPLETE.items():
        setattr(draft, name, value)
    draft.save()
    proposals.proposal_submit(user=officer_a, proposal=draft, today=date(2026, 11, 24))
    client.force_login(dept_officer)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'type="radio" name="decision"' in page and "checked" not in page.split('name="decision"', 1)[1][:200]
    url = reverse("research:proposal_action", args=[draft.pk])
    missing = client.post(url, {"action": "screen", "note": ""})
    assert missing.status_code == 422 and "Chọn kết quả sàng lọc" in missing.content.decode()
    asked = client.post(url, {"action": "screen", "decision": ProposalStatus.ACCEPTED, "note": "Phù hợp"})
    assert asked.status_code == 200 and "Đồng ý, ghi nhận kết quả" in asked.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED, "asking records nothing"
    done = client.post(
        url, {"action": "screen", "decision": ProposalStatus.ACCEPTED, "note": "Phù hợp", "confirmed": "1"}
    )
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.ACCEPTED


def test_files_attach_to_a_draft_and_open_only_in_scope(client, officer_a, officer_b, ward_a, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    call = PlanCall.objects.create(name="Đợt", plan_year=2027, opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31))
    proposal = proposals.proposal_create(
        user=officer_a, proposal=Proposal(call=call, unit=ward_a, title="Xử lý rác thải nông thôn", problem="Rác")
    )
    client.force_login(officer_a)
    action = reverse("research:proposal_action", args=[proposal.pk])
    bad = client.post(action, {"action": "attach", "file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert bad.status_code == 422 and not proposal.files.exists()
    client.post(action, {"action": "attach", "file": SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 khao sat")})
    attached = proposal.files.get()
    url = reverse("research:proposal_file", args=[attached.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 khao sat"
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(officer_a)
    client.post(action, {"action": "detach", "file": attached.pk})
    assert not proposal.files.exists()
