"""Accounts and role grants set up by the Department: scope, rank, guards and pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_user
from khcn.accounts import selectors, services
from khcn.accounts.models import RoleGrant, User
from khcn.accounts.roles import Role
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel

pytestmark = pytest.mark.django_db
PASSWORD = "Hoa-Sen-Mua-He-2026"


@pytest.fixture
def ward_c(db):
    return AdminUnit.objects.current().get(name="Tiến Thắng", level=UnitLevel.COMMUNE, path__startswith="p01/")


@pytest.fixture
def other_province(db):
    """A commune of another province (Hải Phòng), outside a Hà Nội officer's scope."""
    province = AdminUnit.objects.create(
        registry_key="P:31", code="31", name="Hải Phòng", unit_type="thanh_pho_tw", level=UnitLevel.PROVINCE,
        path="p31/",
    )  # fmt: skip
    return AdminUnit.objects.create(
        registry_key="N:31:1", code="11311", name="Hồng Bàng", unit_type="phuong", level=UnitLevel.COMMUNE,
        parent=province, path="p31/x11311/",
    )  # fmt: skip


@pytest.fixture
def office(department):
    return Organisation.objects.create(
        name="Phòng Quản lý khoa học", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=department.unit, parent=department
    )


def _signs_in(client, username, password):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    client.logout()
    return response.status_code == 302


def _create(caller, **overrides):
    values = {
        "username": "xa.tienthang",
        "password": PASSWORD,
        "full_name": "Lê Văn Tiến",
        "role": Role.LOCAL_OFFICER,
        "unit": AdminUnit.objects.current().get(name="Tiến Thắng", level=UnitLevel.COMMUNE, path__startswith="p01/"),
    }
    return services.user_create(user=caller, **{**values, **overrides})


# -- services: creating accounts --------------------------------------------------------------


def test_officer_creates_a_local_officer_who_can_sign_in(client, dept_officer, ward_c):
    account = _create(dept_officer, position="Công chức Văn hóa - Xã hội")
    grant = account.grants.get()
    assert (grant.role, grant.unit, grant.is_active) == (Role.LOCAL_OFFICER, ward_c, True)
    assert grant.created_by == dept_officer and grant.history.get().history_user == dept_officer
    assert account.history.get().history_user == dept_officer
    assert _signs_in(client, "xa.tienthang", PASSWORD)


def test_weak_password_is_refused_by_djangos_validators(dept_officer):
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, password="123456")
    assert any("quá ngắn" in m for m in error.value.messages)
    assert not User.objects.filter(username="xa.tienthang").exists()


def test_username_taken_whatever_the_case(dept_officer, officer_a):
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, username="OFFICER_A")
    assert error.value.error_dict["username"][0].code == services.USERNAME_TAKEN


def test_granting_a_unit_outside_scope_is_refused(dept_officer, other_province):
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, unit=other_province)
    assert error.value.code == services.OUT_OF_SCOPE
    assert error.value.messages == ["Đơn vị này nằm ngoài phạm vi của bạn."]
    assert not User.objects.filter(username="xa.tienthang").exists()


def test_granting_an_organisation_outside_scope_is_refused(dept_officer, other_province):
    far = Organisation.objects.create(name="Đại học Hải Phòng", kind=OrganisationKind.UNIVERSITY, unit=other_province)
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, role=Role.EXPERT, unit=None, organisation=far)
    assert error.value.code == services.OUT_OF_SCOPE


def test_an_officer_cannot_grant_a_role_above_their_own(dept_officer, province):
    with pytest.raises(ValidationError) as error:
        _create(dept_officer, role=Role.DEPARTMENT_LEADER, unit=province)
    assert error.value.code == services.ROLE_ABOVE_OWN
    assert Role.DEPARTMENT_LEADER not in selectors.grantable_roles(user=dept_officer)
    assert Role.DEPARTMENT_OFFICER in selectors.grantable_roles(user=dept_officer)


def test_the_leader_may_grant_the_leader_role(dept_leader, province, department, office):
    account = _create(
        dept_leader, username="pho.giam.doc", role=Role.DEPARTMENT_LEADER, unit=province, organisation=department
    )
    assert account.grants.get().role == Role.DEPARTMENT_LEADER
    officer = _create(
        dept_leader, username="cv.qlkh", role=Role.DEPARTMENT_OFFICER, unit=province, organisation=department,
        office=office,
    )  # fmt: skip
    assert officer.grants.get().office == office


@pytest.mark.parametrize(
    ("role", "where", "message"),
    [
        (Role.DEPARTMENT_OFFICER, "ward", "toàn tỉnh"),
        (Role.LOCAL_OFFICER, "province", "một phường, xã"),
        (Role.LOCAL_OFFICER, None, "một phường, xã"),
        (Role.EXPERT, "ward", "theo tổ chức"),
        (Role.PUBLIC, None, "Hãy chọn vai trò."),
    ],
)
def test_each_role_needs_its_own_kind_of_scope(dept_leader, ward_c, province, role, where, message):
    unit = {"ward": ward_c, "province": province, None: None}[where]
    with pytest.raises(ValidationError) as error:
        _create(dept_leader, role=role, unit=unit)
    assert error.value.code == services.GRANT_SHAPE and message in error.value.messages[0]


def test_a_local_officer_or_an_expert_manages_no_account(officer_a, expert, ward_a):
    for caller in (officer_a, expert):
        with pytest.raises(PermissionDenied):
            _create(caller, unit=ward_a)
        assert not selectors.user_list(user=caller).exists()


# -- services: managing accounts and grants --------------------------------------------------


def test_an_officer_cannot_touch_the_leaders_account(dept_officer, dept_leader):
    with pytest.raises(ValidationError) as error:
        services.user_deactivate(user=dept_officer, account=dept_leader)
    assert error.value.code == services.ACCOUNT_ABOVE_OWN
    with pytest.raises(ValidationError):
        services.grant_end(user=dept_officer, grant=dept_leader.grants.get())
    with pytest.raises(ValidationError):
        services.user_set_password(user=dept_officer, account=dept_leader, password=PASSWORD)
    dept_leader.refresh_from_db()
    assert dept_leader.is_active and dept_leader.grants.get().is_active


def test_superusers_are_hidden_from_department_staff(dept_leader):
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    assert not selectors.user_list(user=dept_leader).filter(pk=root.pk).exists()
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=dept_leader, account=root)


def test_nobody_changes_their_own_roles_or_deactivates_themselves(dept_leader, ward_a):
    with pytest.raises(ValidationError) as error:
        services.grant_add(user=dept_leader, account=dept_leader, role=Role.LOCAL_OFFICER, unit=ward_a)
    assert error.value.code == services.OWN_ACCOUNT
    with pytest.raises(ValidationError):
        services.grant_end(user=dept_leader, grant=dept_leader.grants.get())
    with pytest.raises(ValidationError):
        services.user_deactivate(user=dept_leader, account=dept_leader)


def test_add_and_end_grants_keep_the_record(dept_officer, officer_a, ward_a, ward_b):
    added = services.grant_add(user=dept_officer, account=officer_a, role=Role.LOCAL_OFFICER, unit=ward_b)
    assert added.created_by == dept_officer
    with pytest.raises(ValidationError) as duplicate:
        services.grant_add(user=dept_officer, account=officer_a, role=Role.LOCAL_OFFICER, unit=ward_b)
    assert duplicate.value.code == services.DUPLICATE_GRANT
    first = officer_a.grants.get(unit=ward_a)
    services.grant_end(user=dept_officer, grant=first)
    first.refresh_from_db()
    assert not first.is_active and first.updated_by == dept_officer
    assert first.history.latest("history_date").history_user == dept_officer
    with pytest.raises(ValidationError) as again:
        services.grant_end(user=dept_officer, grant=first)
    assert again.value.code == services.GRANT_ENDED
    assert RoleGrant.objects.filter(user=officer_a).count() == 2


def test_an_account_with_a_role_elsewhere_is_left_to_that_department(dept_officer, other_province, ward_a):
    both = make_user("hai.noi", Role.LOCAL_OFFICER, unit=ward_a)
    RoleGrant.objects.create(user=both, role=Role.LOCAL_OFFICER, unit=other_province)
    with pytest.raises(ValidationError) as error:
        services.user_deactivate(user=dept_officer, account=both)
    assert error.value.code == services.OUT_OF_SCOPE
    far_only = make_user("hai.phong", Role.LOCAL_OFFICER, unit=other_province)
    assert not selectors.user_list(user=dept_officer).filter(pk=far_only.pk).exists()


def test_deactivate_keeps_the_account_and_stops_sign_in(client, dept_officer, officer_a):
    services.user_deactivate(user=dept_officer, account=officer_a)
    officer_a.refresh_from_db()
    assert not officer_a.is_active and officer_a.grants.get().is_active
    assert not _signs_in(client, "officer_a", "pw-officer_a")
    services.user_reactivate(user=dept_officer, account=officer_a)
    assert _signs_in(client, "officer_a", "pw-officer_a")


def test_set_password_and_edit_profile(client, dept_officer, officer_a):
    services.user_set_password(user=dept_officer, account=officer_a, password=PASSWORD)
    assert _signs_in(client, "officer_a", PASSWORD)
    services.user_update(user=dept_officer, account=officer_a, full_name="  Nguyễn   Thị Mai ", phone="0912 345 678")
    officer_a.refresh_from_db()
    assert officer_a.full_name == "Nguyễn Thị Mai"
    assert officer_a.history.latest("history_date").history_user == dept_officer


# -- pages ---------------------------------------------------------------------------------


def _urls(account, grant):
    return [
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", args=[account.pk]),
        reverse("accounts:user_edit", args=[account.pk]),
        reverse("accounts:user_password", args=[account.pk]),
        reverse("accounts:user_deactivate", args=[account.pk]),
        reverse("accounts:grant_end", args=[grant.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, officer_a):
    for url in _urls(officer_a, officer_a.grants.get()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url


def test_local_officers_and_experts_cannot_reach_the_pages(client, officer_a, officer_b, expert):
    for caller in (officer_a, expert):
        client.force_login(caller)
        for url in _urls(officer_b, officer_b.grants.get()):
            assert client.get(url).status_code == 403, url
        response = client.post(
            reverse("accounts:user_create"),
            {"username": "x", "full_name": "X", "password1": PASSWORD, "password2": PASSWORD, "role": "local_officer"},
        )
        assert response.status_code == 403
        assert client.post(reverse("accounts:user_deactivate", args=[officer_b.pk])).status_code == 403
    officer_b.refresh_from_db()
    assert officer_b.is_active and not User.objects.filter(username="x").exists()


def test_out_of_scope_account_is_a_404(client, dept_officer, other_province):
    far = make_user("hai.phong", Role.LOCAL_OFFICER, unit=other_province)
    client.force_login(dept_officer)
    for url in _urls(far, far.grants.get())[2:]:
        assert client.get(url).status_code == 404, url


def test_the_leaders_pages_are_read_only_for_an_officer(client, dept_officer, dept_leader):
    client.force_login(dept_officer)
    page = client.get(reverse("accounts:user_detail", args=[dept_leader.pk])).content.decode()
    assert "cao hơn vai trò của bạn" in page
    assert reverse("accounts:user_deactivate", args=[dept_leader.pk]) not in page
    for url in _urls(dept_leader, dept_leader.grants.get())[3:]:
        assert client.get(url).status_code == 403, url


def test_create_page_keeps_input_on_error_then_creates(client, dept_officer, ward_c):
    client.force_login(dept_officer)
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert 'value="department_leader"' not in page and 'value="department_officer"' in page
    data = {
        "username": "xa.tienthang",
        "full_name": "Lê Văn Tiến",
        "position": "Công chức xã",
        "password1": PASSWORD,
        "password2": PASSWORD + "x",
        "role": Role.LOCAL_OFFICER,
        "unit": ward_c.pk,
    }
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert 'value="xa.tienthang"' in body and 'value="Lê Văn Tiến"' in body and "Hai mật khẩu không khớp" in body
    assert f'value="{ward_c.pk}" selected' in body
    response = client.post(reverse("accounts:user_create"), {**data, "password2": PASSWORD})
    account = User.objects.get(username="xa.tienthang")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_detail", args=[account.pk])


def test_create_page_refuses_a_leader_grant_posted_by_hand(client, dept_officer, province):
    client.force_login(dept_officer)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "gia.mao",
            "full_name": "Giả mạo",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.DEPARTMENT_LEADER,
            "unit": province.pk,
        },
    )
    assert response.status_code == 422 and not User.objects.filter(username="gia.mao").exists()


def test_grant_add_page_refuses_out_of_scope_unit(client, dept_officer, officer_a, other_province, ward_b):
    client.force_login(dept_officer)
    url = reverse("accounts:grant_add", args=[officer_a.pk])
    response = client.post(url, {"grant-role": Role.LOCAL_OFFICER, "grant-unit": other_province.pk})
    assert response.status_code == 422  # not even a choice of the form
    assert officer_a.grants.count() == 1
    response = client.post(url, {"grant-role": Role.LOCAL_OFFICER, "grant-unit": ward_b.pk})
    assert response.status_code == 302 and officer_a.grants.filter(unit=ward_b, is_active=True).exists()


def test_deactivate_and_end_ask_first(client, dept_officer, officer_a):
    client.force_login(dept_officer)
    grant = officer_a.grants.get()
    assert "Xác nhận khóa" in client.get(reverse("accounts:user_deactivate", args=[officer_a.pk])).content.decode()
    assert "Xác nhận chấm dứt" in client.get(reverse("accounts:grant_end", args=[grant.pk])).content.decode()
    officer_a.refresh_from_db()
    grant.refresh_from_db()
    assert officer_a.is_active and grant.is_active  # asking changed nothing
    assert client.post(reverse("accounts:grant_end", args=[grant.pk])).status_code == 302
    assert client.post(reverse("accounts:user_deactivate", args=[officer_a.pk])).status_code == 302
    officer_a.refresh_from_db()
    grant.refresh_from_db()
    assert not officer_a.is_active and not grant.is_active
    detail = client.get(reverse("accounts:user_detail", args=[officer_a.pk])).content.decode()
    assert "đã khóa" in detail and "Lịch sử thay đổi" in detail
    assert client.post(reverse("accounts:user_reactivate", args=[officer_a.pk])).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.is_active


def test_password_page_checks_the_validators(client, dept_officer, officer_a):
    client.force_login(dept_officer)
    url = reverse("accounts:user_password", args=[officer_a.pk])
    assert client.post(url, {"password1": "officer_a1", "password2": "officer_a1"}).status_code == 422
    assert client.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    assert _signs_in(client, "officer_a", PASSWORD)


def test_list_filters_sorts_pages_and_exports(client, dept_officer, ward_a):
    for i in range(30):
        make_user(f"xa{i:02d}", Role.LOCAL_OFFICER, unit=ward_a, full_name=f"Cán bộ {i:02d}")
    gone = make_user("nghi.huu", Role.LOCAL_OFFICER, unit=ward_a, full_name="Đã nghỉ hưu")
    services.user_deactivate(user=dept_officer, account=gone)
    client.force_login(dept_officer)
    url = reverse("accounts:user_list")
    table = client.get(url).context["table"]
    assert table.paginator.count == 31 and len(table.page.object_list) == 25  # 30 + the officer
    assert client.get(url + "?sort=-username").context["table"].page.object_list.data[0].username == "xa29"
    assert [u.username for u in client.get(url + "?state=inactive").context["table"].page.object_list.data] == [
        "nghi.huu"
    ]
    assert client.get(url + "?state=all").context["table"].paginator.count == 32
    fragment = client.get(url + "?q=Cán bộ 07", headers={"HX-Request": "true", "HX-Target": "user-table"})
    assert "<html" not in fragment.content.decode() and "xa07" in fragment.content.decode()
    assert client.get(url + "?export=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")


def test_list_query_count_does_not_grow(client, dept_officer, ward_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    make_user("xa00", Role.LOCAL_OFFICER, unit=ward_a)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("accounts:user_list"))
    for i in range(1, 25):
        make_user(f"xa{i:02d}", Role.LOCAL_OFFICER, unit=ward_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:user_list"))


def test_history_shows_a_deactivation_in_words(client, dept_officer, officer_a):
    services.user_deactivate(user=dept_officer, account=officer_a)
    client.force_login(dept_officer)
    history = client.get(reverse("accounts:user_detail", args=[officer_a.pk])).context["history"]
    change = history[0].changes[0]
    assert (history[0].who, str(change.old), str(change.new)) == (dept_officer, "có", "không")


def test_a_new_password_lifts_a_lockout(client, dept_officer, officer_a, settings, django_capture_on_commit_callbacks):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "officer_a", "password": "wrong"})
    assert not _signs_in(client, "officer_a", "pw-officer_a")  # locked out
    with django_capture_on_commit_callbacks(execute=True):
        services.user_set_password(user=dept_officer, account=officer_a, password=PASSWORD)
    assert _signs_in(client, "officer_a", PASSWORD)
