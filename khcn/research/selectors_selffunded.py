"""Reads of tasks without state budget, scoped (accounts.scoping), and their city figure."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.research.models import DECIDED, SelfFundedCouncilMember, SelfFundedFile, SelfFundedTask


def selffunded_list(*, user: Any) -> QuerySet[SelfFundedTask]:
    """Requests the user may see: all for the Department, their organisation's otherwise."""
    return visible(SelfFundedTask.objects.select_related("organisation"), user)


def selffunded_get(*, user: Any, pk: int) -> SelfFundedTask:
    queryset = selffunded_list(user=user).prefetch_related(
        Prefetch("council_members", queryset=SelfFundedCouncilMember.objects.order_by("pk")),
        Prefetch("files", queryset=SelfFundedFile.objects.order_by("pk")),
    )
    return get_visible_or_404(queryset.select_related("created_by", "updated_by"), user, pk=pk)


def selffunded_member_get(*, user: Any, pk: int) -> SelfFundedCouncilMember:
    return get_visible_or_404(SelfFundedCouncilMember.objects.select_related("task__organisation"), user, pk=pk)


def selffunded_file_get(*, user: Any, pk: int) -> SelfFundedFile:
    """A file of a request the user may see, else 404."""
    stored = SelfFundedFile.objects.filter(task__in=selffunded_list(user=user).values("pk"))
    found = stored.select_related("task").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def evaluated_in_year(*, year: int) -> QuerySet[SelfFundedTask]:
    """Tasks without state budget whose evaluation was decided in `year` (recognised or not):
    the city's figure (seed 004: 7)."""
    return SelfFundedTask.objects.filter(status__in=DECIDED, decision_date__year=year)
