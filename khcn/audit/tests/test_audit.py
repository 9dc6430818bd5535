"""The audit log: a row for every event kind, the administrator's page, and its retention."""

from datetime import date

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from khcn.accounts import services as accounts
from khcn.accounts.roles import Role
from khcn.audit.middleware import attachment_filename
from khcn.audit.models import AuditEvent, AuditKind
from khcn.audit.services import audit_record
from khcn.core.navigation import nav_for

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) KHCN-test"


def _only(kind: str) -> AuditEvent:
    return AuditEvent.objects.get(kind=kind)


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(client, officer_a):
    login = reverse("accounts:login")
    client.post(login, {"username": "officer_a", "password": "wrong"}, REMOTE_ADDR=IP, HTTP_USER_AGENT=BROWSER)
    client.post(login, {"username": "nobody", "password": "wrong"}, REMOTE_ADDR=IP)
    client.post(login, {"username": "officer_a", "password": "pw-officer_a"}, REMOTE_ADDR=IP, HTTP_USER_AGENT=BROWSER)
    client.post(reverse("accounts:logout"), REMOTE_ADDR=IP)
    failed = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).order_by("pk")
    assert [(e.username, e.user_id, e.ip_address) for e in failed] == [("officer_a", None, IP), ("nobody", None, IP)]
    assert failed[0].user_agent == BROWSER
    signed_in = _only(AuditKind.SIGN_IN)
    assert (signed_in.user, signed_in.ip_address, signed_in.user_agent) == (officer_a, IP, BROWSER)
    assert _only(AuditKind.SIGN_OUT).user == officer_a


def test_a_sign_in_refused_by_the_lockout_is_marked_429(client, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("accounts:login"), {"username": "officer_a", "password": "wrong"}, REMOTE_ADDR=IP)
    failed = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).order_by("pk")
    statuses = list(failed.values_list("status", flat=True))
    assert len(statuses) == settings.AXES_FAILURE_LIMIT + 1
    assert statuses[-1] == 429 and statuses[0] is None


def test_exports_are_recorded_with_user_path_file_and_status(client, dept_officer):
    client.force_login(dept_officer)
    response = client.get(reverse("accounts:user_list") + "?export=xlsx", REMOTE_ADDR=IP)
    assert response.status_code == 200
    event = _only(AuditKind.DOWNLOAD)
    assert (event.user, event.detail, event.status, event.ip_address) == (dept_officer, "nguoi-dung.xlsx", 200, IP)
    assert event.path == "/accounts/users/?export=xlsx"


def test_pages_that_are_not_attachments_are_not_recorded(client, dept_officer):
    client.force_login(dept_officer)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert not AuditEvent.objects.exclude(kind=AuditKind.SIGN_IN).exists()


@pytest.mark.parametrize(
    ("disposition", "name"),
    [
        ('attachment; filename="bao-cao.docx"', "bao-cao.docx"),
        ("attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o.pdf", "Báo cáo.pdf"),
        ('inline; filename="xem.pdf"', None),
        ("", None),
    ],
)
def test_attachment_filename(disposition, name):
    response = HttpResponse(b"x")
    if disposition:
        response["Content-Disposition"] = disposition
    assert attachment_filename(response) == name


def test_account_and_role_grant_changes_are_recorded(dept_officer, ward_a, ward_b):
    account = accounts.user_create(
        user=dept_officer,
        username="xa.melinh2",
        password="Hoa-Sen-Mua-He-2026",
        full_name="Nguyễn Văn Hai",
        role=Role.LOCAL_OFFICER,
        unit=ward_a,
    )
    grant = accounts.grant_add(user=dept_officer, account=account, role=Role.LOCAL_OFFICER, unit=ward_b)
    accounts.grant_end(user=dept_officer, grant=grant)
    accounts.user_deactivate(user=dept_officer, account=account)
    accounts.user_reactivate(user=dept_officer, account=account)
    events = list(AuditEvent.objects.order_by("pk").values_list("kind", "user", "object_type", "detail"))
    assert events == [
        (AuditKind.ACCOUNT_CREATED, dept_officer.pk, "accounts.user", ""),
        (AuditKind.GRANT_ADDED, dept_officer.pk, "accounts.rolegrant", "xa.melinh2"),
        (AuditKind.GRANT_ADDED, dept_officer.pk, "accounts.rolegrant", "xa.melinh2"),
        (AuditKind.GRANT_ENDED, dept_officer.pk, "accounts.rolegrant", "xa.melinh2"),
        (AuditKind.ACCOUNT_DEACTIVATED, dept_officer.pk, "accounts.user", ""),
        (AuditKind.ACCOUNT_REACTIVATED, dept_officer.pk, "accounts.user", ""),
    ]
    assert AuditEvent.objects.filter(kind=AuditKind.GRANT_ENDED).get().object_id == str(grant.pk)


def test_grant_changes_made_on_the_pages_carry_the_address(client, dept_officer, officer_a, ward_b):
    client.force_login(dept_officer)
    response = client.post(
        reverse("accounts:grant_add", args=[officer_a.pk]),
        {"grant-role": Role.LOCAL_OFFICER, "grant-unit": ward_b.pk},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    event = _only(AuditKind.GRANT_ADDED)
    assert (event.user, event.ip_address, event.detail) == (dept_officer, IP, "officer_a")


def test_token_creation_revocation_and_hourly_use_are_recorded(client, officer_a, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    token, secret = accounts.token_create(user=officer_a, name="Tích hợp")
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "REMOTE_ADDR": IP}
    for _ in range(3):
        assert client.get("/api/v1/organisations/", **header).status_code == 200
    time_machine.shift(30 * 60)
    client.get("/api/v1/organisations/", **header)
    assert AuditEvent.objects.filter(kind=AuditKind.TOKEN_USED).count() == 1  # not one per request
    time_machine.shift(31 * 60)
    client.get("/api/v1/organisations/", **header)
    used = AuditEvent.objects.filter(kind=AuditKind.TOKEN_USED)
    assert used.count() == 2
    assert {(e.user_id, e.object_id, e.ip_address) for e in used} == {(officer_a.pk, str(token.pk), IP)}
    accounts.token_revoke(user=officer_a, token=token)
    assert _only(AuditKind.TOKEN_CREATED).object_id == str(token.pk)
    assert _only(AuditKind.TOKEN_REVOKED).user == officer_a


def test_a_long_browser_string_is_truncated(rf, officer_a):
    request = rf.get("/", HTTP_USER_AGENT="x" * 2000)
    event = audit_record(kind=AuditKind.SIGN_IN, user=officer_a, request=request)
    assert len(event.user_agent) == 255


def test_only_the_administrator_reads_the_log(client, admin_user, dept_leader, dept_officer, officer_a):
    audit_record(kind=AuditKind.SIGN_IN, user=officer_a)
    url = reverse("audit:event_list")
    for persona in (dept_leader, dept_officer, officer_a):
        client.force_login(persona)
        assert client.get(url).status_code == 403
        assert client.get(url + "?export=xlsx").status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "officer_a" in response.content.decode()


def test_the_menu_shows_the_log_to_the_administrator_only(admin_user, dept_leader):
    with translation.override("en"):
        assert "Audit log" in [str(i["label"]) for i in nav_for(admin_user)]
        assert "Audit log" not in [str(i["label"]) for i in nav_for(dept_leader)]


def test_the_log_filters_by_kind_user_and_date_pages_and_exports(
    client, admin_user, officer_a, officer_b, time_machine
):
    time_machine.move_to("2026-11-20 09:00:00+07:00", tick=False)
    audit_record(kind=AuditKind.SIGN_IN, user=officer_a)
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    for _ in range(55):
        audit_record(kind=AuditKind.SIGN_IN_FAILED, username="officer_b")
    audit_record(kind=AuditKind.SIGN_IN, user=officer_b)
    client.force_login(admin_user)
    AuditEvent.objects.filter(user=admin_user).delete()  # the sign-in force_login just recorded
    url = reverse("audit:event_list")

    def rows(query: str) -> list[AuditEvent]:
        response = client.get(url + query)
        assert response.status_code == 200
        return list(response.context["table"].page.object_list.data)

    assert len(rows("")) == 50  # paginated
    assert len(rows("?page=2")) == 7
    assert {e.username for e in rows("?kind=sign_in")} == {"officer_a", "officer_b"}
    assert [e.username for e in rows("?kind=sign_in&user=officer_a")] == ["officer_a"]
    assert [e.username for e in rows("?since=2026-11-19&until=2026-11-21")] == ["officer_a"]
    fragment = client.get(url + "?kind=sign_in", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="event-table")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    export = client.get(url + "?kind=sign_in&export=xlsx")
    assert export.status_code == 200 and export["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(kind=AuditKind.DOWNLOAD, detail="nhat-ky-he-thong.xlsx").exists()


def test_purge_deletes_rows_older_than_the_retention(settings, officer_a, time_machine):
    settings.KHCN_AUDIT_RETENTION_DAYS = 30
    time_machine.move_to("2026-10-01 09:00:00+07:00", tick=False)
    audit_record(kind=AuditKind.SIGN_IN, user=officer_a)
    time_machine.move_to("2026-11-01 09:00:00+07:00", tick=False)
    audit_record(kind=AuditKind.SIGN_OUT, user=officer_a)
    time_machine.move_to("2026-11-15 09:00:00+07:00", tick=False)
    call_command("purge_audit_log")
    assert list(AuditEvent.objects.values_list("kind", flat=True)) == [AuditKind.SIGN_OUT]
    call_command("purge_audit_log", days=7)
    assert not AuditEvent.objects.exists()
    assert date(2026, 11, 15) == date.today()
