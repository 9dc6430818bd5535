"""/api/v1/initiatives/ (scoped) and /api/v1/recognised-initiatives/ (public)."""

import pytest

from khcn.initiatives.tests.factories import InitiativeFactory, recognised_initiative

pytestmark = pytest.mark.django_db


def test_api_lists_only_initiatives_in_scope(client, officer_a, ward_a, ward_b) -> None:
    mine = InitiativeFactory.create(unit=ward_a)
    other = InitiativeFactory.create(unit=ward_b)
    client.force_login(officer_a)
    ids = [row["id"] for row in client.get("/api/v1/initiatives/").json()["results"]]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/initiatives/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/initiatives/{mine.pk}/").json()["base_recognition"] is None


def test_api_refuses_anonymous_on_the_scoped_list(client) -> None:
    assert client.get("/api/v1/initiatives/").status_code in (401, 403)


def test_public_api_gives_recognised_only_without_sign_in(client, ward_a) -> None:
    shown = recognised_initiative(unit=ward_a, title="Ứng dụng mã QR tại bộ phận một cửa")
    InitiativeFactory.create(unit=ward_a, title="Bản nháp")
    rows = client.get("/api/v1/recognised-initiatives/").json()["results"]
    assert [r["id"] for r in rows] == [shown.pk]
    assert "costs" not in rows[0] and rows[0]["decision_number"]
    assert client.get("/api/v1/recognised-initiatives/?q=ma+qr").json()["count"] == 1
    assert client.get("/api/v1/recognised-initiatives/?q=rau").json()["count"] == 0


# -- writes (issue 17): the pages' services, the caller's unit and organisation ---------------

JSON = "application/json"


def _body(unit, **extra):
    return {
        "unit": unit.pk,
        "title": "Ứng dụng mã QR tại bộ phận một cửa",
        "field": "administration",
        "problem": "Người dân chờ lâu.",
        "authors": [{"full_name": "Nguyễn Văn An", "share": "60"}, {"full_name": "Lê Thị Bình", "share": "40"}],
        **extra,
    }


def test_a_commune_officer_creates_edits_submits_a_draft(client, officer_a, ward_a) -> None:
    from khcn.initiatives.models import Initiative, InitiativeEvent

    client.force_login(officer_a)
    created = client.post("/api/v1/initiatives/", _body(ward_a), content_type=JSON)
    assert created.status_code == 201, created.content
    row = created.json()
    assert row["status"] == "draft" and row["unit"] == ward_a.pk and row["version"] == 1
    assert [a["full_name"] for a in row["authors"]] == ["Nguyễn Văn An", "Lê Thị Bình"]
    pk = row["id"]

    # Submitting an incomplete draft is refused in Vietnamese and moves nothing.
    refused = client.post(f"/api/v1/initiatives/{pk}/submit/", {"version": 1}, content_type=JSON)
    assert refused.status_code == 400 and "Điền trước khi nộp" in str(refused.json()["detail"])
    assert Initiative.objects.get(pk=pk).status == "draft"

    fields = {
        "solution": "Hẹn giờ trực tuyến.",
        "novelty": "Lần đầu áp dụng.",
        "first_applied_on": "2026-03-01",
        "applied_where": "Bộ phận một cửa",
        "effects": "Giảm thời gian chờ.",
    }
    edited = client.patch(f"/api/v1/initiatives/{pk}/", {"version": 1, **fields}, content_type=JSON)
    assert edited.status_code == 200, edited.content
    assert edited.json()["version"] == 2 and edited.json()["effects"] == "Giảm thời gian chờ."
    # The authors were not sent: they are kept.
    assert len(edited.json()["authors"]) == 2

    submitted = client.post(f"/api/v1/initiatives/{pk}/submit/", {"version": 2}, content_type=JSON)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert list(InitiativeEvent.objects.filter(initiative_id=pk).values_list("action", flat=True)) == [
        "create",
        "submit",
    ]
    # A submitted initiative is no longer a draft: not edited, not deleted.
    again = client.patch(f"/api/v1/initiatives/{pk}/", {"version": 3, "costs": "Không"}, content_type=JSON)
    assert again.status_code == 400 and "Chỉ sửa được bản nháp" in str(again.json()["detail"])
    assert client.delete(f"/api/v1/initiatives/{pk}/", content_type=JSON).status_code == 400
    assert Initiative.objects.filter(pk=pk).exists()


def test_a_stale_version_is_refused_with_409_and_nothing_changes(client, officer_a, ward_a) -> None:
    from khcn.initiatives.models import Initiative

    initiative = InitiativeFactory.create(unit=ward_a, costs="Cũ", version=3)
    client.force_login(officer_a)
    response = client.patch(f"/api/v1/initiatives/{initiative.pk}/", {"version": 2, "costs": "Mới"}, content_type=JSON)
    assert response.status_code == 409
    assert response.json()["current_version"] == 3 and response.json()["code"] == "stale"
    assert Initiative.objects.get(pk=initiative.pk).costs == "Cũ"
    missing = client.patch(f"/api/v1/initiatives/{initiative.pk}/", {"costs": "Mới"}, content_type=JSON)
    assert missing.status_code == 400 and "version" in missing.json()
    stale_submit = client.post(f"/api/v1/initiatives/{initiative.pk}/submit/", {"version": 1}, content_type=JSON)
    assert stale_submit.status_code == 409
    assert Initiative.objects.get(pk=initiative.pk).status == "draft"


def test_another_communes_unit_is_refused_and_nothing_changes(client, officer_a, ward_a, ward_b) -> None:
    from khcn.initiatives.models import Initiative

    mine = InitiativeFactory.create(unit=ward_a)
    theirs = InitiativeFactory.create(unit=ward_b)
    client.force_login(officer_a)

    created = client.post("/api/v1/initiatives/", _body(ward_b), content_type=JSON)
    assert created.status_code == 400
    assert created.json()["unit"] == ["Không có đơn vị này trong phạm vi của bạn. Hãy chọn đơn vị bạn phụ trách."]
    moved = client.patch(f"/api/v1/initiatives/{mine.pk}/", {"version": 1, "unit": ward_b.pk}, content_type=JSON)
    assert moved.status_code == 400
    assert (
        client.patch(f"/api/v1/initiatives/{theirs.pk}/", {"version": 1, "costs": "x"}, content_type=JSON).status_code
        == 404
    )
    assert client.post(f"/api/v1/initiatives/{theirs.pk}/submit/", {"version": 1}, content_type=JSON).status_code == 404
    assert client.delete(f"/api/v1/initiatives/{theirs.pk}/", content_type=JSON).status_code == 404
    assert sorted(Initiative.objects.values_list("pk", "unit_id", "version")) == sorted(
        [(mine.pk, ward_a.pk, 1), (theirs.pk, ward_b.pk, 1)]
    )


def test_validation_errors_are_in_vietnamese(client, officer_a, ward_a) -> None:
    from khcn.initiatives.models import Initiative

    client.force_login(officer_a)
    body = _body(ward_a, authors=[{"full_name": "Nguyễn Văn An", "share": "90"}])
    response = client.post("/api/v1/initiatives/", body, content_type=JSON)
    assert response.status_code == 400
    assert "phải bằng 100%" in str(response.json()["detail"])
    unknown = client.post("/api/v1/initiatives/", _body(ward_a, colour="đỏ"), content_type=JSON)
    assert unknown.status_code == 400 and "Trường này không tồn tại" in unknown.json()["colour"][0]
    assert not Initiative.objects.exists()


def test_a_draft_is_deleted_and_kept_in_the_history(client, officer_a, ward_a) -> None:
    from khcn.initiatives.models import Initiative

    draft = InitiativeFactory.create(unit=ward_a)
    client.force_login(officer_a)
    stale = client.delete(f"/api/v1/initiatives/{draft.pk}/", {"version": 4}, content_type=JSON)
    assert stale.status_code == 409 and Initiative.objects.filter(pk=draft.pk).exists()
    assert client.delete(f"/api/v1/initiatives/{draft.pk}/", {"version": 1}, content_type=JSON).status_code == 204
    assert not Initiative.objects.filter(pk=draft.pk).exists()
    deleted = Initiative.history.filter(id=draft.pk, history_type="-").get()
    assert deleted.history_user == officer_a
