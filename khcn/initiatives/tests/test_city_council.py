"""The city's evaluation of an initiative on research's council machinery: conflicts, the
aggregate on hand-computed sheets, the decision it leads to, and the decision's .docx."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.documents.testing import open_docx, texts
from khcn.geo.models import Organisation, OrganisationKind
from khcn.initiatives import documents, evaluation
from khcn.initiatives.models import CityRecognition, InfluenceScope, InitiativeStatus
from khcn.initiatives.tests.factories import AuthorFactory, recognised_initiative
from khcn.research import scoring
from khcn.research.models import Council, CouncilKind, MemberRole
from khcn.research.services import councils

pytestmark = pytest.mark.django_db
TODAY = "2026-11-20 09:00+07:00"
CODES = ["novelty", "effect", "scope", "replication"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def initiative(ward_a):
    item = recognised_initiative(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa xã Mê Linh")
    item.authors.update(full_name="Nguyễn Văn Tác", name_folded="nguyen van tac")
    item.status = InitiativeStatus.CITY_SUBMITTED
    item.city_round_year = 2026
    item.save()
    return item


@pytest.fixture
def experts(province):
    institute = Organisation.objects.create(
        name="Viện Quản lý hành chính", kind=OrganisationKind.INSTITUTE, unit=province
    )
    people = [
        make_user(f"expert{i}", Role.EXPERT, organisation=institute, full_name=f"Chuyên gia {i}") for i in range(5)
    ]
    # The author sits on the council too: the system flags them.
    people.append(make_user("author", Role.EXPERT, organisation=institute, full_name="Nguyễn Văn Tác"))
    return people


@pytest.fixture
def council(initiative, dept_officer, experts):
    return evaluation.city_council_form(
        user=dept_officer,
        initiative=initiative,
        name="Hội đồng Sáng kiến Thành phố năm 2026",
        meets_on=date(2026, 11, 18),
        members=[
            (experts[0], MemberRole.CHAIR),
            (experts[1], MemberRole.REVIEWER),
            (experts[2], MemberRole.MEMBER),
            (experts[3], MemberRole.MEMBER),
            (experts[4], MemberRole.SECRETARY),
            (experts[5], MemberRole.MEMBER),
        ],
    )


def _score(council, user, values: list[int]) -> None:
    seat = council.members.get(user=user)
    councils.member_declare(user=user, member=seat, has_conflict=False, note="")
    seat.refresh_from_db()
    _sheet, errors = councils.sheet_save(
        user=user, member=seat, scores=dict(zip(CODES, map(str, values), strict=True)), comment="", submit=True
    )
    assert errors == {}


def _three_sheets(council, experts) -> None:
    _score(council, experts[0], [15, 30, 20, 15])  # 80
    _score(council, experts[1], [8, 25, 20, 10])  # 63
    _score(council, experts[2], [18, 28, 22, 16])  # 84


def test_the_council_is_research_s_on_the_initiative_of_the_province(council, initiative, province) -> None:
    assert council.kind == CouncilKind.EVALUATION
    assert council.subject == initiative and council.unit == province
    assert council.proposal_id is None and council.task_id is None
    assert council.get_absolute_url() == reverse("initiatives:council_detail", args=[council.pk])
    assert initiative.events.filter(action="city_council").exists()


def test_an_author_on_the_council_is_flagged_and_cannot_score(council, experts) -> None:
    seat = council.members.get(user=experts[5])
    assert "tác giả" in seat.flagged or "author" in seat.flagged
    councils.member_declare(user=experts[5], member=seat, has_conflict=False, note="")
    seat.refresh_from_db()
    with pytest.raises(ValidationError):
        councils.sheet_save(user=experts[5], member=seat, scores={}, comment="", submit=False)


def test_the_sheet_holds_the_initiative_criteria_out_of_100(council, experts) -> None:
    seat = council.members.get(user=experts[0])
    councils.member_declare(user=experts[0], member=seat, has_conflict=False, note="")
    seat.refresh_from_db()
    _sheet, errors = councils.sheet_save(
        user=experts[0], member=seat, scores={"novelty": "21", "effect": "x"}, comment="", submit=True
    )
    assert set(errors) == set(CODES)  # 21 is over 20; "x" is not a number; two are missing


def test_the_aggregate_matches_hand_computed_sheets(council, experts) -> None:
    _three_sheets(council, experts)
    # experts[3] declares a conflict: out of the vote, like the flagged author and the secretary.
    seat = council.members.get(user=experts[3])
    councils.member_declare(user=experts[3], member=seat, has_conflict=True, note="Đồng nghiệp của tác giả")
    result = scoring.council_aggregate(council)
    assert (result.eligible, result.submitted) == (3, 3)
    assert sorted(result.totals) == [63, 80, 84]
    means = {c.code: c.mean for c in result.criteria}
    assert means == {
        "novelty": Decimal("13.67"),
        "effect": Decimal("27.67"),
        "scope": Decimal("20.67"),
        "replication": Decimal("13.67"),
    }
    assert result.mean_total == Decimal("75.67")
    # novelty spreads 8–18 = 10 > 40% of 20; effect 25–30 = 5 < 40% of 35.
    assert {c.code for c in result.criteria if c.disagreement} == {"novelty"}
    assert result.recommended


def test_the_pass_mark_is_a_setting(council, experts, settings) -> None:
    _three_sheets(council, experts)
    settings.KHCN_INITIATIVE_PASS_MEAN = 80
    result = scoring.council_aggregate(council)
    assert not result.recommended
    assert any("75,67" in r or "75.67" in r for r in result.reasons)


def test_recognising_needs_the_scope_and_the_decision_and_keeps_the_council_open(
    council, experts, dept_officer, initiative
) -> None:
    _three_sheets(council, experts)
    with pytest.raises(ValidationError) as caught:
        councils.council_conclude(
            user=dept_officer, council=council, conclusion="Đề nghị công nhận.", accept=True, data={}
        )
    assert {"influence_scope", "decision_number", "signer", "decision_date"} <= set(caught.value.message_dict)
    council.refresh_from_db()
    initiative.refresh_from_db()
    assert council.concluded_at is None and initiative.status == InitiativeStatus.CITY_SUBMITTED
    assert not CityRecognition.objects.exists()


def test_the_conclusion_recognises_the_city_wide_scope(council, experts, dept_officer, initiative) -> None:
    _three_sheets(council, experts)
    data = {
        "influence_scope": "city",
        "decision_number": "125/QĐ-SKHCN",
        "decision_date": "19/11/2026",
        "signer": "Nguyễn Quốc Hà",
        "effectiveness": "Rút thời gian tra cứu hồ sơ từ 15 phút xuống 2 phút.",
    }
    councils.council_conclude(
        user=dept_officer, council=council, conclusion="Đề nghị công nhận cấp thành phố.", accept=True, data=data
    )
    initiative.refresh_from_db()
    decision = initiative.city_recognition
    assert initiative.status == InitiativeStatus.CITY_RECOGNISED
    assert (decision.recognised, decision.influence_scope, decision.mean_score) == (True, "city", Decimal("75.67"))
    assert decision.decision_date == date(2026, 11, 19) and decision.council == council
    assert initiative.recognised_scope == InfluenceScope.CITY
    assert "thành phố" in initiative.emulation_title() or "City" in initiative.emulation_title()
    council.refresh_from_db()
    assert council.concluded_at is not None

    doc = open_docx(documents.city_decision_docx(initiative=initiative, decision=decision))
    body = "\n".join(texts(doc.paragraphs))
    assert "QUYẾT ĐỊNH" in body and "QUYẾT ĐỊNH:" in body
    assert "Ứng dụng mã QR tại bộ phận một cửa xã Mê Linh" in body
    assert "phạm vi ảnh hưởng cấp thành phố" in body and "Nguyễn Văn Tác" in body
    assert "Rút thời gian tra cứu hồ sơ" in body and "75,67/100" in body
    assert "Căn cứ Nghị định số 13/2012/NĐ-CP" in body and "Căn cứ kết quả họp Hội đồng Sáng kiến Thành phố" in body
    header = "\n".join(texts(doc.tables[0].cell(1, 0).paragraphs))
    assert "125/QĐ-SKHCN" in header
    signature = "\n".join(p.text for p in doc.tables[-1].cell(0, 1).paragraphs)
    assert "GIÁM ĐỐC" in signature and "Nguyễn Quốc Hà" in signature

    certificate = open_docx(documents.certificate_docx(initiative=initiative, decision=decision))
    body = "\n".join(texts(certificate.paragraphs))
    assert "GIẤY CHỨNG NHẬN" in body and "cấp thành phố" in body and "125/QĐ-SKHCN" in body


def test_the_city_may_issue_the_decision(council, experts, dept_officer, initiative, settings) -> None:
    settings.KHCN_INITIATIVE_DECISION_ISSUER = "city"
    _three_sheets(council, experts)
    data = {"influence_scope": "national", "decision_number": "9/QĐ-UBND", "decision_date": "19/11/2026", "signer": "A"}
    councils.council_conclude(user=dept_officer, council=council, conclusion="Đề nghị.", accept=True, data=data)
    initiative.refresh_from_db()
    doc = open_docx(documents.city_decision_docx(initiative=initiative, decision=initiative.city_recognition))
    body = "\n".join(texts(doc.paragraphs))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in body and "toàn quốc" in body
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in "\n".join(texts(doc.tables[0].cell(0, 0).paragraphs))


def test_not_recognised_keeps_the_base_recognition(council, experts, dept_officer, initiative) -> None:
    _three_sheets(council, experts)
    councils.council_conclude(
        user=dept_officer, council=council, conclusion="Phạm vi ảnh hưởng chưa vượt ra ngoài xã.", accept=False
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CITY_NOT_RECOGNISED
    assert initiative.city_recognition.reasons == "Phạm vi ảnh hưởng chưa vượt ra ngoài xã."
    assert initiative.is_recognised and initiative.recognised_scope == InfluenceScope.BASE
    doc = open_docx(documents.city_decision_docx(initiative=initiative, decision=initiative.city_recognition))
    assert "Không công nhận phạm vi ảnh hưởng cấp thành phố" in "\n".join(texts(doc.paragraphs))


def test_only_the_department_forms_the_city_council(initiative, officer_a, experts) -> None:
    with pytest.raises(PermissionDenied):
        evaluation.city_council_form(
            user=officer_a, initiative=initiative, name="Hội đồng", members=[(experts[0], MemberRole.CHAIR)]
        )


def test_one_open_council_at_a_time(council, initiative, dept_officer, experts) -> None:
    with pytest.raises(ValidationError) as caught:
        evaluation.city_council_form(
            user=dept_officer, initiative=initiative, name="Hội đồng 2", members=[(experts[0], MemberRole.CHAIR)]
        )
    assert caught.value.code == "council_open"


def test_a_council_needs_the_city_round(ward_a, dept_officer, experts) -> None:
    item = recognised_initiative(unit=ward_a)
    with pytest.raises(ValidationError):
        evaluation.city_council_form(
            user=dept_officer, initiative=item, name="Hội đồng", members=[(experts[0], MemberRole.CHAIR)]
        )


# -- pages ------------------------------------------------------------------------------------


def test_the_department_forms_the_council_on_the_initiative_page(client, initiative, dept_officer, experts) -> None:
    client.force_login(dept_officer)
    page = client.get(initiative.get_absolute_url())
    assert "Form the city's evaluation council" in page.content.decode() or "Lập hội đồng" in page.content.decode()
    url = reverse("initiatives:city_council_create", args=[initiative.pk])
    # Without a chair: the form comes back with what was typed.
    bad = client.post(url, {"name": "Hội đồng thử", "reviewers": [experts[1].pk]})
    assert bad.status_code == 422 and "Hội đồng thử" in bad.content.decode()
    assert not Council.objects.exists()
    done = client.post(url, {"name": "Hội đồng thành phố", "chair": experts[0].pk, "reviewers": [experts[1].pk]})
    council = Council.objects.get()
    assert done.status_code == 302 and done.url == council.get_absolute_url()
    assert client.get(done.url).status_code == 200


def test_the_unit_neither_forms_nor_sees_the_city_council(client, council, initiative, officer_a, experts) -> None:
    client.force_login(officer_a)
    page = client.get(initiative.get_absolute_url())
    assert page.status_code == 200 and reverse("initiatives:city_council_create", args=[initiative.pk]) not in (
        page.content.decode()
    )
    url = reverse("initiatives:city_council_create", args=[initiative.pk])
    assert client.post(url, {"name": "X", "chair": experts[0].pk}).status_code == 403
    assert client.get(council.get_absolute_url()).status_code == 404
    assert client.get(reverse("initiatives:city_decision_docx", args=[initiative.pk])).status_code == 404


def test_a_member_reads_the_initiative_on_their_seat(client, council, experts) -> None:
    seat = council.members.get(user=experts[0])
    client.force_login(experts[0])
    url = reverse("research:seat_detail", args=[seat.pk])
    before = client.get(url).content.decode()
    assert "Ứng dụng mã QR" in before and "Bộ phận một cửa" not in before  # the dossier after the declaration
    client.post(url, {"step": "declare", "has_conflict": "0"})
    after = client.get(url).content.decode()
    assert "Bộ phận một cửa" in after and 'name="c-effect"' in after


def test_the_council_page_concludes_and_the_docx_downloads(client, council, experts, dept_officer, initiative) -> None:
    _three_sheets(council, experts)
    client.force_login(dept_officer)
    page = client.get(council.get_absolute_url()).content.decode()
    assert 'name="influence_scope"' in page and "75,67" in page
    url = reverse("research:council_conclude", args=[council.pk])
    post = {"conclusion": "Đề nghị công nhận.", "accept": "1", "influence_scope": "city", "decision_number": ""}
    kept = client.post(url, {**post, "confirmed": "1", "signer": "Nguyễn Quốc Hà"})
    assert kept.status_code == 422 and "Nguyễn Quốc Hà" in kept.content.decode()
    post |= {"decision_number": "125/QĐ-SKHCN", "decision_date": "19/11/2026", "signer": "Nguyễn Quốc Hà"}
    done = client.post(url, {**post, "confirmed": "1"})
    assert done.status_code == 302 and done.url == initiative.get_absolute_url()
    detail = client.get(done.url).content.decode()
    assert "125/QĐ-SKHCN" in detail
    docx = client.get(reverse("initiatives:city_decision_docx", args=[initiative.pk]))
    header = open_docx(docx.content).tables[0].cell(1, 0).paragraphs
    assert docx.status_code == 200 and "125/QĐ-SKHCN" in "\n".join(texts(header))
    assert client.get(reverse("initiatives:certificate_docx", args=[initiative.pk])).status_code == 200


def test_an_author_is_recognised_by_name_without_diacritics(council, initiative, experts) -> None:
    AuthorFactory.create(initiative=initiative, full_name="Trần Thị Bổ Sung", share=Decimal("0.01"))
    organisation = experts[0].grants.get().organisation
    late = make_user("late", Role.EXPERT, organisation=organisation, full_name="Tran Thi Bo Sung")
    reasons = evaluation.KIND.conflict_reasons(late, None, initiative)
    assert len(reasons) == 1


def test_a_member_reads_the_initiative_through_the_api_once_declared(client, council, experts) -> None:
    seat = council.members.get(user=experts[0])
    client.force_login(experts[0])
    url = f"/api/v1/reviews/{seat.pk}/"
    assert client.get(url).json()["dossier"] is None  # not declared yet
    councils.member_declare(user=experts[0], member=seat, has_conflict=False, note="")
    body = client.get(url).json()
    dossier = body["dossier"]
    assert dossier["kind"] == "evaluation" and dossier["model"] == "initiatives.initiative"
    assert dossier["title"] == "Ứng dụng mã QR tại bộ phận một cửa xã Mê Linh"
    assert (
        dossier["details"]["applied_where"] == "Bộ phận một cửa" and "Nguyễn Văn Tác" in dossier["details"]["authors"]
    )
    assert [item["code"] for item in body["items"]] == CODES
