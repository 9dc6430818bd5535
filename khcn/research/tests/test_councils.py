"""Councils: conflicts block scoring; the aggregate matches hand-computed sheets."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.geo.models import Organisation, OrganisationKind
from khcn.research import scoring
from khcn.research.models import MemberRole, PlanCall, Proposal, ProposalStatus
from khcn.research.services import councils, proposals
from khcn.research.tests.test_proposals import COMPLETE

pytestmark = pytest.mark.django_db

CODES = ["urgency", "importance", "novelty", "resources", "feasibility", "application"]


@pytest.fixture
def proposal(officer_a, ward_a):
    call = PlanCall.objects.create(
        name="Đợt 2027", plan_year=2027, opens_on=date(2026, 6, 1), closes_on=date(2026, 12, 31)
    )
    proposal = Proposal(
        call=call,
        unit=ward_a,
        title="Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi tại xã Mê Linh",
        problem="Nước thải chăn nuôi.",
        **COMPLETE,
    )
    proposals.proposal_create(user=officer_a, proposal=proposal)
    proposals.proposal_submit(user=officer_a, proposal=proposal, today=date(2026, 11, 24))
    return proposal


@pytest.fixture
def experts(province):
    institute = Organisation.objects.create(name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE, unit=province)
    return [make_user(f"expert{i}", Role.EXPERT, organisation=institute, full_name=f"Chuyên gia {i}") for i in range(4)]


@pytest.fixture
def council(proposal, dept_officer, experts, officer_a):
    return councils.council_create(
        user=dept_officer,
        proposal=proposal,
        name="Hội đồng xác định nhiệm vụ",
        members=[
            (experts[0], MemberRole.CHAIR),
            (experts[1], MemberRole.REVIEWER),
            (experts[2], MemberRole.REVIEWER),
            (experts[3], MemberRole.MEMBER),
            (officer_a, MemberRole.MEMBER),  # an officer of the proposing commune
        ],
    )


def seat(council, user):
    return council.members.get(user=user)


def score(council, user, values, *, submit=True):
    member = seat(council, user)
    councils.member_declare(user=user, member=member, has_conflict=False, note="")
    member.refresh_from_db()
    return councils.sheet_save(
        user=user, member=member, scores=dict(zip(CODES, map(str, values), strict=True)), comment="", submit=submit
    )


def test_a_conflicted_member_is_flagged_and_cannot_score(council, officer_a, experts):
    flagged = seat(council, officer_a)
    assert flagged.flagged == "là người lập đề xuất; là cán bộ của đơn vị đề xuất"
    councils.member_declare(user=officer_a, member=flagged, has_conflict=False, note="")
    flagged.refresh_from_db()
    with pytest.raises(ValidationError) as blocked:
        councils.sheet_save(user=officer_a, member=flagged, scores={}, comment="", submit=False)
    assert blocked.value.code == "conflict"

    undeclared = seat(council, experts[3])
    with pytest.raises(ValidationError):  # the dossier stays closed until the declaration
        councils.sheet_save(user=experts[3], member=undeclared, scores={}, comment="", submit=False)
    with pytest.raises(ValidationError):  # a conflict needs a word
        councils.member_declare(user=experts[3], member=undeclared, has_conflict=True, note="")
    councils.member_declare(user=experts[3], member=undeclared, has_conflict=True, note="Là cộng tác viên của xã.")
    undeclared.refresh_from_db()
    assert not undeclared.may_score


def test_sheets_are_checked_per_criterion(council, experts):
    member = seat(council, experts[0])
    councils.member_declare(user=experts[0], member=member, has_conflict=False, note="")
    member.refresh_from_db()
    sheet, errors = councils.sheet_save(
        user=experts[0], member=member, scores={"urgency": "25", "importance": "x"}, comment="", submit=True
    )
    assert sheet is None
    assert errors["urgency"] == "Từ 0 đến 20 điểm."
    assert set(errors) == set(CODES)  # 2 wrong values and 4 missing on submission
    sheet, errors = councils.sheet_save(
        user=experts[0], member=member, scores={"urgency": "18"}, comment="Nháp", submit=False
    )
    assert not errors and sheet.submitted_at is None and sheet.total == 18


def test_aggregate_matches_the_hand_computed_sheets(council, experts, dept_officer, proposal):
    score(council, experts[0], [18, 12, 10, 8, 15, 17])  # 80
    result = scoring.council_aggregate(council)
    assert (result.eligible, result.submitted) == (4, 1), "officer_a is flagged; experts[3] may still score"
    with pytest.raises(ValidationError) as quorum:  # 1 of 4 sheets: not two thirds
        councils.council_conclude(user=dept_officer, council=council, conclusion="Kết luận", accept=True)
    assert quorum.value.code == "quorum"
    score(council, experts[1], [16, 10, 0, 6, 14, 16])  # 62
    score(council, experts[2], [20, 14, 12, 9, 18, 19])  # 92
    result = scoring.council_aggregate(council)
    assert result.totals == [80, 62, 92]
    assert result.mean_total == Decimal("78.00")
    novelty = next(c for c in result.criteria if c.code == "novelty")
    assert (novelty.mean, novelty.low, novelty.high, novelty.zeros) == (Decimal("7.33"), 0, 12, 1)
    assert novelty.disagreement, "12 - 0 points apart on a 15-point criterion"
    urgency = next(c for c in result.criteria if c.code == "urgency")
    assert urgency.mean == Decimal("18.00") and not urgency.disagreement
    assert result.recommended and result.reasons == []

    councils.council_conclude(
        user=dept_officer, council=council, conclusion="Đề nghị đưa vào danh mục đặt hàng.", accept=True
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_too_many_zeros_or_a_low_mean_is_not_recommended(council, experts, settings):
    score(council, experts[0], [18, 12, 0, 8, 15, 17])
    score(council, experts[1], [16, 10, 0, 6, 14, 16])
    score(council, experts[2], [20, 14, 12, 9, 18, 19])
    result = scoring.council_aggregate(council)
    assert not result.recommended and len(result.reasons) == 1, "2 of 3 gave 0 to novelty"
    settings.KHCN_SCORE_PASS_MEAN = 80
    assert len(scoring.council_aggregate(council).reasons) == 2


def test_pages_declaration_opens_the_dossier_and_a_bad_score_keeps_input(client, council, experts, dept_officer):
    from django.urls import reverse

    seat_ = seat(council, experts[1])
    url = reverse("research:seat_detail", args=[seat_.pk])
    client.force_login(experts[0])
    assert client.get(url).status_code == 404, "another member's seat"
    client.force_login(experts[1])
    assert "Nước thải chăn nuôi." not in client.get(url).content.decode(), "the dossier is closed"
    assert client.post(url, {"step": "declare", "has_conflict": "0"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Nước thải chăn nuôi." in page
    bad = client.post(url, {"step": "score", "action": "submit", "c-urgency": "99", "c-importance": "12"})
    assert bad.status_code == 422
    assert 'value="99"' in bad.content.decode() and 'value="12"' in bad.content.decode()
    good = {f"c-{c}": v for c, v in zip(CODES, ["18", "12", "10", "8", "15", "17"], strict=True)}
    assert client.post(url, {"step": "score", "action": "submit", **good}).status_code == 302
    assert seat(council, experts[1]).sheet.total == 80
    assert client.get(reverse("research:my_reviews")).status_code == 200

    client.force_login(dept_officer)
    page = client.get(reverse("research:council_detail", args=[council.pk])).content.decode()
    assert "80" in page or "80,00" in page
    client.force_login(experts[1])
    assert client.get(reverse("research:council_detail", args=[council.pk])).status_code == 404


def test_council_minutes_docx_holds_members_scores_and_conclusion(client, council, experts, dept_officer):
    from django.urls import reverse

    from khcn.documents.testing import open_docx, table_rows

    score(council, experts[0], [18, 12, 10, 8, 15, 17])
    score(council, experts[1], [16, 10, 0, 6, 14, 16])
    score(council, experts[2], [20, 14, 12, 9, 18, 19])
    councils.council_conclude(
        user=dept_officer, council=council, conclusion="Đề nghị đưa vào danh mục đặt hàng năm 2027.", accept=True
    )
    client.force_login(dept_officer)
    response = client.get(reverse("research:council_minutes", args=[council.pk]))
    assert response.status_code == 200
    doc = open_docx(response.content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN" in text and "Số phiếu hợp lệ: 3/4 thành viên được chấm điểm." in text
    assert "Điểm trung bình chung: 78/100. Hội đồng đề nghị đặt hàng nhiệm vụ." in text
    assert "Đề nghị đưa vào danh mục đặt hàng năm 2027." in text
    assert "không chấm điểm (là người lập đề xuất; là cán bộ của đơn vị đề xuất)" in text
    rows = table_rows(doc.tables[1])
    novelty = next(r for r in rows if r[1].startswith("Không trùng lặp"))
    assert novelty[2:] == ["15", "7,33", "0 – 12"]
    assert "{{" not in text and "{%" not in text
    client.force_login(experts[0])
    assert client.get(reverse("research:council_minutes", args=[council.pk])).status_code == 404


def test_council_form_seats_a_vice_chair_and_a_secretary_who_does_not_score(client, proposal, experts, dept_officer):
    from django.urls import reverse

    client.force_login(dept_officer)
    response = client.post(
        reverse("research:council_create", args=[proposal.pk]),
        {
            "name": "Hội đồng xác định nhiệm vụ",
            "chair": experts[0].pk,
            "vice_chair": experts[1].pk,
            "reviewers": [experts[2].pk],
            "secretary": experts[3].pk,
        },
    )
    assert response.status_code == 302
    council = proposal.councils.get()
    roles = dict(council.members.values_list("user__username", "role"))
    assert roles == {"expert0": "chair", "expert1": "vice_chair", "expert2": "reviewer", "expert3": "secretary"}
    secretary = seat(council, experts[3])
    councils.member_declare(user=experts[3], member=secretary, has_conflict=False, note="")
    secretary.refresh_from_db()
    assert not secretary.may_score and scoring.council_aggregate(council).eligible == 3
