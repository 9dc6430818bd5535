"""The inbox, opening a notification, marking as read, and the e-mail preferences."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from khcn.notifications import selectors, services
from khcn.notifications.forms import EmailPreferenceForm
from khcn.notifications.models import NotificationKind


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, 20 a page; unread only or of one kind."""
    unread = request.GET.get("show") == "unread"
    kind = request.GET.get("kind", "")
    kind = kind if kind in NotificationKind.values else ""
    paginator = Paginator(selectors.notification_list(user=request.user, unread=unread, kind=kind), 20)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "notifications": page.object_list,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "unread": unread,
        "kind": kind,
        "kinds": NotificationKind.choices,
    }
    return render(request, "notifications/notification_list.html", context)


def _local(url: str) -> bool:
    """A path on this site only: never another host, scheme or protocol-relative URL."""
    return url.startswith("/") and not url.startswith("//") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to its record, if the record is still there and in scope."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if (
        notification.url
        and _local(notification.url)
        and selectors.target_visible(user=request.user, notification=notification)
    ):
        return redirect(notification.url)
    messages.warning(request, _("The record of this notification is no longer available to you."))
    return redirect("notifications:notification_list")


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return redirect(_back(request))


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """Back to the inbox as it was filtered: only a query string is taken from the form."""
    query = request.POST.get("next", "")
    inbox = reverse("notifications:notification_list")
    return f"{inbox}{query}" if query.startswith("?") and "\n" not in query and "\r" not in query else inbox


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Which kinds of notification also come by e-mail (all, until turned off)."""
    initial = {"kinds": sorted(selectors.email_kinds(user=request.user))}
    form = EmailPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.email_preferences_save(user=request.user, wanted=form.cleaned_data["kinds"])
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")
    status = 422 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
