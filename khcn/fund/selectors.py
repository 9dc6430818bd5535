"""Reads of the fund's records: the lists in the caller's scope, one record, and the year's
figures (planned, disbursed, the disbursement rate) the overview and the city board show."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.fund.models import (
    ApplicationStatus,
    Disbursement,
    DisbursementPlan,
    FundApplication,
    FundCall,
    Repayment,
    SupportKind,
)

MONEY: DecimalField = DecimalField(max_digits=17, decimal_places=0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _sum_of(model: Any, field: str = "amount") -> Coalesce:
    rows = (
        model.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)


def call_list(*, user: Any) -> QuerySet[FundCall]:
    return visible(FundCall.objects.all(), user)


def call_get(*, user: Any, pk: int) -> FundCall:
    return get_visible_or_404(FundCall.objects.all(), user, pk=pk)


def application_list(*, user: Any) -> QuerySet[FundApplication]:
    """Applications in scope, with their call, organisation and the total paid out on each."""
    return (
        visible(FundApplication.objects.all(), user)
        .select_related("call", "organisation")
        .annotate(disbursed=_sum_of(Disbursement))
    )


def application_get(*, user: Any, pk: int) -> FundApplication:
    return get_visible_or_404(
        FundApplication.objects.select_related("call", "organisation__unit").annotate(disbursed=_sum_of(Disbursement)),
        user,
        pk=pk,
    )


def disbursement_list(*, user: Any) -> QuerySet[Disbursement]:
    return visible(Disbursement.objects.filter(application__deleted_at__isnull=True), user).select_related(
        "application__organisation"
    )


def repayment_list(*, user: Any) -> QuerySet[Repayment]:
    return visible(Repayment.objects.filter(application__deleted_at__isnull=True), user).select_related(
        "application__organisation"
    )


def overdue_q(today: date) -> Q:
    """Instalments past their day and not fully received."""
    from django.db.models import F

    return Q(due_on__lt=today) & Q(amount_received__lt=F("amount_due"))


# ---- The year's figures (the whole fund: the Department's figures are province-wide) ----


def rate_of(disbursed: Decimal, planned: Decimal) -> Decimal | None:
    """Disbursed as a percentage of planned, to two decimals (half up); None without a plan."""
    if not planned:
        return None
    return (disbursed * HUNDRED / planned).quantize(CENT, rounding=ROUND_HALF_UP)


def planned_in(year: int) -> Decimal:
    rows = DisbursementPlan.objects.filter(year=year, application__deleted_at__isnull=True)
    return rows.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def disbursed_in(year: int) -> Decimal:
    rows = Disbursement.objects.filter(paid_on__year=year, application__deleted_at__isnull=True)
    return rows.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def disbursement_rate(year: int) -> Decimal | None:
    """The fund's disbursement rate of `year`: paid out in the year / planned for the year, in
    percent (the city asked the Department to raise it, seed 004)."""
    return rate_of(disbursed_in(year), planned_in(year))


def approved_in(year: int, *kinds: str) -> QuerySet[FundApplication]:
    """Applications approved by a decision of `year` (of the given kinds of support)."""
    rows = FundApplication.objects.filter(status=ApplicationStatus.APPROVED, decided_on__year=year)
    return rows.filter(kind__in=kinds) if kinds else rows


@dataclass(frozen=True)
class YearSummary:
    year: int
    planned: Decimal
    disbursed: Decimal
    rate: Decimal | None
    received: int
    grants_approved: int
    loans_approved: int
    refused: int
    approved_amount: Decimal
    overdue_count: int
    overdue_amount: Decimal


def year_summary(*, year: int, today: date) -> YearSummary:
    """The fund's figures of `year`, and the repayments overdue today."""
    planned, disbursed = planned_in(year), disbursed_in(year)
    decided = FundApplication.objects.filter(decided_on__year=year)
    overdue = Repayment.objects.filter(overdue_q(today), application__deleted_at__isnull=True)
    from django.db.models import F

    return YearSummary(
        year=year,
        planned=planned,
        disbursed=disbursed,
        rate=rate_of(disbursed, planned),
        received=FundApplication.objects.filter(received_on__year=year).count(),
        grants_approved=approved_in(year, SupportKind.GRANT).count(),
        loans_approved=approved_in(year, SupportKind.LOAN, SupportKind.LOW_INTEREST_LOAN).count(),
        refused=decided.filter(status=ApplicationStatus.REFUSED).count(),
        approved_amount=approved_in(year).aggregate(total=Sum("amount_approved"))["total"] or Decimal(0),
        overdue_count=overdue.count(),
        overdue_amount=overdue.aggregate(total=Sum(F("amount_due") - F("amount_received")))["total"] or Decimal(0),
    )
