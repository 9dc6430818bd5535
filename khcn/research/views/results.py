"""The public pages of the published results of tasks (no sign-in)."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khcn.core.text import fold
from khcn.research import scales, selectors
from khcn.research.models import ScienceField


@login_not_required
def result_list(request: HttpRequest) -> HttpResponse:
    """The published results of the tasks the Department funded (no sign-in)."""
    qs = selectors.result_list().order_by("-published_at", "-pk")
    q = request.GET.get("q", "").strip()
    for word in fold(q).split()[:8]:  # every word, anywhere in the title, code or host
        qs = qs.filter(Q(title_folded__contains=word) | Q(code__icontains=word) | Q(host_name__icontains=word))
    field = request.GET.get("field", "")
    if field in ScienceField.values:
        qs = qs.filter(field=field)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "research/result_list.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "q": q,
            "field": field,
            "fields": ScienceField.choices,
        },
    )


@login_not_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.result_get(pk=pk)
    return render(
        request,
        "research/result_detail.html",
        {"task": task, "grade_label": scales.grade_label(task.grade), "uses": list(task.applications.all())},
    )
