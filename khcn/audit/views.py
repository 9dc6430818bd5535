from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from khcn.audit import selectors
from khcn.audit.filters import AuditEventFilter
from khcn.audit.tables import AuditEventTable
from khcn.core.exports import table_xlsx_response
from khcn.core.http import HtmxHttpRequest


def event_list(request: HtmxHttpRequest) -> HttpResponse:
    """The audit log, filtered by event, user and dates, newest first (the administrator only)."""
    filterset = AuditEventFilter(request.GET, queryset=selectors.auditevent_list(user=request.user))
    table = AuditEventTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="nhat-ky-he-thong.xlsx", title=_("Audit log"))
    context = {"filter": filterset, "table": table}
    if request.htmx and request.htmx.target == "event-table":
        return render(request, "audit/event_list.html#table", context)
    return render(request, "audit/event_list.html", context)
