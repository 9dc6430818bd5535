"""/api/v1/notifications/: the caller's own notifications only; marking as read."""

import pytest

from khcn.notifications import services
from khcn.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

API = "/api/v1/notifications/"


def _note(user, kind=NotificationKind.REPORT_RETURNED):
    return services.notify(kind, [user], title="Báo cáo bị trả lại", url="/reporting/")[0]


def test_the_api_lists_only_the_callers_notifications(client, officer_a, officer_b):
    mine = _note(officer_a)
    _note(officer_a, NotificationKind.REPORT_REMINDER)
    _note(officer_b)
    client.force_login(officer_a)
    body = client.get(API).json()
    assert body["count"] == 2
    assert client.get(API, {"kind": NotificationKind.REPORT_RETURNED}).json()["results"][0]["id"] == mine.pk
    services.notification_mark_read(user=officer_a, notification=mine)
    assert client.get(API, {"unread": "true"}).json()["count"] == 1


def test_the_api_marks_ones_own_and_never_anothers(client, officer_a, officer_b):
    mine, theirs = _note(officer_a), _note(officer_b)
    client.force_login(officer_a)
    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    assert client.post(f"{API}{theirs.pk}/read/").status_code == 404
    response = client.post(f"{API}{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    _note(officer_a)
    _note(officer_a, NotificationKind.REPORT_REMINDER)
    kind = {"kind": NotificationKind.REPORT_REMINDER}
    assert client.post(f"{API}read-all/", kind, content_type="application/json").json() == {"marked": 1}
    assert client.post(f"{API}read-all/", {"kind": "x"}, content_type="application/json").status_code == 400
    assert client.post(f"{API}read-all/").json() == {"marked": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
