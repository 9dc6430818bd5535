"""The inbox: one's own notifications only, marking as read, opening safely, the header count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khcn.notifications import services
from khcn.notifications.models import Notification, NotificationKind
from khcn.reporting.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:notification_list")


def _note(user, *, url="/reporting/", target=None, kind=NotificationKind.REPORT_RETURNED, title="Báo cáo bị trả lại"):
    return services.notify(kind, [user], title=title, url=url, target=target)[0]


def test_inbox_lists_only_ones_own_newest_first(client, officer_a, officer_b):
    _note(officer_a, title="Thông báo thứ nhất")
    _note(officer_a, title="Thông báo thứ hai")
    _note(officer_b, title="Của xã khác")
    client.force_login(officer_a)
    page = client.get(INBOX).content.decode()
    assert page.index("Thông báo thứ hai") < page.index("Thông báo thứ nhất")
    assert "Của xã khác" not in page
    assert "Thông báo (2 chưa đọc)" in page


def test_inbox_filters_unread_and_kind(client, officer_a):
    read = _note(officer_a, title="Đã đọc rồi")
    services.notification_mark_read(user=officer_a, notification=read)
    _note(officer_a, title="Sắp đến hạn nộp báo cáo năm", kind=NotificationKind.REPORT_REMINDER)
    client.force_login(officer_a)
    unread = client.get(INBOX, {"show": "unread"}).content.decode()
    assert "Sắp đến hạn nộp báo cáo năm" in unread and "Đã đọc rồi" not in unread
    by_kind = client.get(INBOX, {"kind": NotificationKind.REPORT_RETURNED}).content.decode()
    assert "Đã đọc rồi" in by_kind and "Sắp đến hạn nộp báo cáo năm" not in by_kind


def test_empty_inbox_says_so_in_vietnamese(client, officer_a):
    client.force_login(officer_a)
    page = client.get(INBOX).content.decode()
    assert "Bạn chưa có thông báo nào" in page


def test_nobody_opens_or_marks_another_persons_notification(client, officer_a, officer_b):
    theirs = _note(officer_b)
    client.force_login(officer_a)
    assert client.get(reverse("notifications:notification_open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:notification_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:notification_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_all_as_read(client, officer_a):
    first, second, _third = (_note(officer_a) for _ in range(3))
    client.force_login(officer_a)
    response = client.post(reverse("notifications:notification_read", args=[first.pk]), {"next": "?show=unread"})
    assert response.status_code == 302 and response["Location"] == f"{INBOX}?show=unread"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert client.get(reverse("notifications:notification_read", args=[second.pk])).status_code == 405
    response = client.post(reverse("notifications:notification_read_all"), {"next": "//evil.example/"})
    assert response["Location"] == INBOX
    assert not Notification.objects.filter(recipient=officer_a, read_at__isnull=True).exists()


def test_opening_marks_read_and_goes_to_the_record_in_scope(client, period, officer_a, ward_a):
    report = ReportFactory.create(period=period, unit=ward_a)
    note = _note(officer_a, url=report.get_absolute_url(), target=report)
    client.force_login(officer_a)
    response = client.get(reverse("notifications:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "http:/x"]
)
def test_opening_never_redirects_off_the_site(client, officer_a, url):
    note = _note(officer_a, url=url)
    client.force_login(officer_a)
    response = client.get(reverse("notifications:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == INBOX


def test_a_record_out_of_scope_or_gone_opens_the_inbox_with_a_message(client, period, officer_a, ward_a, ward_b):
    other = ReportFactory.create(period=period, unit=ward_b)
    out_of_scope = _note(officer_a, url=other.get_absolute_url(), target=other)
    own = ReportFactory.create(period=period, unit=ward_a)
    gone = _note(officer_a, url=own.get_absolute_url(), target=own)
    own.delete()
    client.force_login(officer_a)
    for note in (out_of_scope, gone):
        response = client.get(reverse("notifications:notification_open", args=[note.pk]), follow=True)
        assert response.redirect_chain == [(INBOX, 302)]
        assert "không còn" in response.content.decode()


def test_header_count_costs_one_query_whatever_the_number(client, officer_a):
    client.force_login(officer_a)
    home = reverse("accounts:password_change")

    def notification_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(home).status_code == 200
        return len(ctx), [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]

    client.get(home)  # the first request of a session writes it; count from the second
    before, counted = notification_queries()
    assert len(counted) == 1 and "COUNT" in counted[0].upper()
    for _ in range(25):
        _note(officer_a)
    after, _counted = notification_queries()
    assert after == before
    assert "Thông báo (25 chưa đọc)" in client.get(home).content.decode()


def test_a_page_that_does_not_show_the_header_does_not_count(client, officer_a):
    client.force_login(officer_a)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("core:healthz"))
    assert not [q for q in ctx.captured_queries if "notifications_notification" in q["sql"]]


def test_preferences_page_saves_a_checkbox_per_kind(client, officer_a):
    client.force_login(officer_a)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == len(NotificationKind.values)
    assert "checked" in page
    response = client.post(url, {"kinds": [NotificationKind.REPORT_RETURNED]})
    assert response.status_code == 302
    from khcn.notifications.selectors import email_kinds

    assert email_kinds(user=officer_a) == {NotificationKind.REPORT_RETURNED}
    assert client.post(url, {"kinds": ["nonsense"]}).status_code == 422
