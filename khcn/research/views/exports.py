"""Downloads about tasks and plans: the national S&T database export and the plan's annex (.docx)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from khcn.core.exports import download_response
from khcn.research import national_db, selectors
from khcn.research.filters import TaskFilter

FORMATS = ("xlsx", "json")


def national_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The tasks the task list shows (its filters applied) as records for the National S&T
    Database, in .xlsx or JSON (Circular 05/2021/TT-BKHCN; mapping in `national_db`).

    Department staff only; it starts, as the list does, from the tasks visible to the user.
    """
    if not request.user.has_perm("research.manage_task"):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    tasks = TaskFilter(request.GET, queryset=selectors.task_list(user=request.user)).qs
    build = national_db.national_xlsx if fmt == "xlsx" else national_db.national_json
    return download_response(build(tasks), filename=f"csdl-quoc-gia-nhiem-vu.{fmt}")


def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual plan's list of tasks as the annex to its approval decision (.docx, Decree 30)."""
    if not request.user.has_perm("research.view_councils"):
        raise PermissionDenied
    plan = selectors.plan_get(pk=pk)
    from khcn.research.documents import plan_docx as build

    return download_response(build(plan=plan), filename=f"ke-hoach-khcn-{plan.year}.docx")
