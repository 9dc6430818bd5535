"""Writes to the fund's records: calls, applications and their decisions, disbursement plans,
disbursements and loan repayments. Pages, the API and the workbook import call these.

Each write checks the Department's role and the application's organisation against the
caller's write scope (accounts.scoping), runs in a transaction, and keeps its history
(django-simple-history, attributed to the caller). The rules are the fund's own charter
(the city's S&T development fund: a grant or loan is paid only once approved, never beyond
the amount approved).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.scoping import organisation_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.numbers import format_number
from khcn.core.text import nfc
from khcn.fund.models import (
    ApplicationStatus,
    Disbursement,
    DisbursementPlan,
    FundApplication,
    FundCall,
    Repayment,
)
from khcn.geo.models import Organisation

# Stable codes of the refusals (the API returns them; tests check them).
DATE_IN_FUTURE = "date_in_future"
OUTSIDE_CALL = "outside_call"
NOT_UNDER_REVIEW = "not_under_review"
NOT_APPROVED = "not_approved"
NOT_A_LOAN = "not_a_loan"
OVER_APPROVED = "over_approved"
OVER_REQUESTED = "over_requested"
BEFORE_DECISION = "before_decision"
DECISION_NUMBER_REQUIRED = "decision_number_required"
AMOUNT_REQUIRED = "amount_required"
REASON_REQUIRED = "reason_required"
LOAN_TERMS_ON_GRANT = "loan_terms_on_grant"
HAS_DISBURSEMENTS = "has_disbursements"
OVER_DUE = "over_due"


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _money(value: Decimal) -> str:
    return format_number(value, 0)


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _not_future(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise _error(
            field,
            _("The date %(day)s is in the future. Enter the day it actually happened.") % {"day": _day(on)},
            DATE_IN_FUTURE,
        )


def _clean_text(value: str) -> str:
    return " ".join(nfc(value or "").split())


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _save(obj: Any, user: Any) -> None:
    obj.updated_by = user
    attribute_to(obj, user)
    obj.full_clean()
    obj.save()


# ---- Calls ----


def call_create(
    *,
    user: Any,
    number: str,
    title: str,
    opens_on: date,
    closes_on: date,
    budget: Decimal | None = None,
    description: str = "",
    is_demo: bool = False,
) -> FundCall:
    """Open a call for applications; it is open from `opens_on` to `closes_on` inclusive."""
    _require(user, "fund.manage_call")
    call = FundCall(
        number=_clean_text(number),
        title=_clean_text(title),
        opens_on=opens_on,
        closes_on=closes_on,
        budget=budget,
        description=nfc(description).strip(),
        is_demo=is_demo,
        created_by=user,
    )
    with transaction.atomic():
        _save(call, user)
    return call


def call_update(*, user: Any, call: FundCall, expected_version: int) -> FundCall:
    """Save the edits already set on `call` (by the form); a stale copy is refused.

    An application already received stays inside the call's days: the call cannot be
    narrowed past it."""
    _require(user, "fund.manage_call")
    with transaction.atomic():
        current = locked_current(call, expected_version=expected_version)
        outside = current.applications.exclude(received_on__range=(call.opens_on, call.closes_on))
        if outside.exists():
            raise _error(
                "opens_on",
                _("Applications were received outside these days. Keep the call open on the days they came in."),
                OUTSIDE_CALL,
            )
        call.version = current.version + 1
        _save(call, user)
    return call


# ---- Applications ----


def _check_application(application: FundApplication) -> None:
    """The rules of one application: received inside its call's days, not in the future, and
    loan terms only on a loan."""
    _not_future(application.received_on, "received_on")
    call = application.call
    if call is not None and not (call.opens_on <= application.received_on <= call.closes_on):
        raise _error(
            "received_on",
            _("The call %(call)s takes applications from %(start)s to %(end)s. Enter a day in that range.")
            % {"call": call.number, "start": _day(call.opens_on), "end": _day(call.closes_on)},
            OUTSIDE_CALL,
        )
    if not application.is_loan and (application.interest_rate is not None or application.term_months is not None):
        raise _error(
            "interest_rate",
            _("A grant has no interest rate or loan term. Leave them empty, or choose a loan."),
            LOAN_TERMS_ON_GRANT,
        )


def application_create(
    *,
    user: Any,
    organisation: Organisation,
    title: str,
    kind: str,
    amount_requested: Decimal,
    received_on: date,
    call: FundCall | None = None,
    summary: str = "",
    interest_rate: Decimal | None = None,
    term_months: int | None = None,
    is_demo: bool = False,
) -> FundApplication:
    """Record an application received by the fund; it starts under review."""
    application = FundApplication(
        call=call,
        organisation=organisation,
        title=_clean_text(title),
        kind=kind,
        amount_requested=amount_requested,
        received_on=received_on,
        summary=nfc(summary).strip(),
        interest_rate=interest_rate,
        term_months=term_months,
        is_demo=is_demo,
        created_by=user,
    )
    _require(user, "fund.change_application", application)
    organisation_check_writable(user=user, organisation=organisation)
    _check_application(application)
    with transaction.atomic():
        _save(application, user)
    return application


def application_update(*, user: Any, application: FundApplication, expected_version: int) -> FundApplication:
    """Save the edits already set on `application` (by the form); a stale copy is refused.

    The decision and its amounts change only through `application_decide`."""
    current = FundApplication.objects.select_related("organisation__unit").get(pk=application.pk)
    _require(user, "fund.change_application", current)
    organisation_check_writable(user=user, organisation=application.organisation)
    _check_application(application)
    with transaction.atomic():
        current = locked_current(application, expected_version=expected_version)
        for name in ("status", "decision_number", "decided_on", "amount_approved", "refusal_reason"):
            setattr(application, name, getattr(current, name))
        if current.is_approved and application.amount_requested < (current.amount_approved or 0):
            raise _error(
                "amount_requested",
                _("The fund approved %(amount)s đồng; the amount requested cannot be less.")
                % {"amount": _money(current.amount_approved or Decimal(0))},
                OVER_REQUESTED,
            )
        application.version = current.version + 1
        _save(application, user)
    return application


def application_decide(
    *,
    user: Any,
    application: FundApplication,
    approve: bool,
    decided_on: date,
    decision_number: str = "",
    amount_approved: Decimal | None = None,
    refusal_reason: str = "",
    expected_version: int | None = None,
) -> FundApplication:
    """Record the fund's decision on an application under review.

    Approval needs the decision's number and an amount of at most the amount requested;
    refusal needs the reason. The day is neither in the future nor before the application
    was received."""
    _require(user, "fund.decide_application", application)
    decision_number = _clean_text(decision_number)
    refusal_reason = nfc(refusal_reason).strip()
    with transaction.atomic():
        current = locked_current(application, expected_version=expected_version)
        if current.status != ApplicationStatus.RECEIVED:
            raise ValidationError(_("This application was already decided."), code=NOT_UNDER_REVIEW)
        _not_future(decided_on, "decided_on")
        if decided_on < current.received_on:
            raise _error(
                "decided_on",
                _("The decision cannot be before %(day)s, the day the application was received.")
                % {"day": _day(current.received_on)},
                BEFORE_DECISION,
            )
        if approve:
            if not decision_number:
                raise _error("decision_number", _("Enter the number of the decision."), DECISION_NUMBER_REQUIRED)
            if not amount_approved:
                raise _error("amount_approved", _("Enter the amount approved."), AMOUNT_REQUIRED)
            if amount_approved > current.amount_requested:
                raise _error(
                    "amount_approved",
                    _("At most the amount requested, %(amount)s đồng.") % {"amount": _money(current.amount_requested)},
                    OVER_REQUESTED,
                )
            current.status = ApplicationStatus.APPROVED
            current.amount_approved = amount_approved
            current.refusal_reason = ""
        else:
            if not refusal_reason:
                raise _error("refusal_reason", _("Say why the application is refused."), REASON_REQUIRED)
            current.status = ApplicationStatus.REFUSED
            current.amount_approved = None
            current.refusal_reason = refusal_reason
        current.decision_number = decision_number
        current.decided_on = decided_on
        current.version += 1
        _save(current, user)
    return current


def application_delete(*, user: Any, application: FundApplication) -> None:
    """Remove an application from the lists (soft delete; its history is kept). One with money
    paid out is kept: its disbursements count in the fund's figures."""
    _require(user, "fund.change_application", application)
    if application.disbursements.exists():
        raise ValidationError(
            _("Money was paid out on this application; it cannot be deleted."), code=HAS_DISBURSEMENTS
        )
    with transaction.atomic():
        application.deleted_at = timezone.now()
        application.version += 1
        application.updated_by = user
        attribute_to(application, user)
        application.save(update_fields=["deleted_at", "version", "updated_by", "updated_at"])


# ---- Disbursement plan and disbursements ----


def _require_approved(application: FundApplication) -> None:
    if not application.is_approved:
        raise ValidationError(
            _("Only an approved application has a disbursement plan, disbursements or repayments."), code=NOT_APPROVED
        )


def plan_set(
    *, user: Any, application: FundApplication, year: int, amount: Decimal, note: str = ""
) -> DisbursementPlan:
    """Set what the fund plans to pay out on `application` in `year` (replacing that year's
    line); the plan of all years together stays within the amount approved."""
    _require(user, "fund.change_application", application)
    with transaction.atomic():
        current = locked_current(application, expected_version=None)
        _require_approved(current)
        if current.decided_on and year < current.decided_on.year:
            raise _error(
                "year",
                _("The plan starts in %(year)s, the year of the decision.") % {"year": current.decided_on.year},
                BEFORE_DECISION,
            )
        others = current.plans.exclude(year=year).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if others + amount > (current.amount_approved or 0):
            raise _error(
                "amount",
                _("With the other years the plan would exceed the %(amount)s đồng approved; at most %(left)s đồng.")
                % {
                    "amount": _money(current.amount_approved or Decimal(0)),
                    "left": _money((current.amount_approved or Decimal(0)) - others),
                },
                OVER_APPROVED,
            )
        plan = DisbursementPlan.objects.filter(application=current, year=year).first() or DisbursementPlan(
            application=current, year=year, created_by=user
        )
        plan.amount = amount
        plan.note = _clean_text(note)
        if plan.pk:
            plan.version += 1
        _save(plan, user)
    return plan


def disbursement_add(
    *,
    user: Any,
    application: FundApplication,
    paid_on: date,
    amount: Decimal,
    reference: str = "",
    note: str = "",
    is_demo: bool = False,
) -> Disbursement:
    """Record a payment on an approved application: not before the decision, not in the
    future, and the total paid never beyond the amount approved."""
    _require(user, "fund.change_application", application)
    with transaction.atomic():
        current = locked_current(application, expected_version=None)
        _require_approved(current)
        _not_future(paid_on, "paid_on")
        if current.decided_on and paid_on < current.decided_on:
            raise _error(
                "paid_on",
                _("The payment cannot be before %(day)s, the day of the decision.") % {"day": _day(current.decided_on)},
                BEFORE_DECISION,
            )
        paid = current.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        left = (current.amount_approved or Decimal(0)) - paid
        if amount > left:
            raise _error(
                "amount",
                _("Only %(left)s đồng of the amount approved is left to pay.") % {"left": _money(left)},
                OVER_APPROVED,
            )
        disbursement = Disbursement(
            application=current,
            paid_on=paid_on,
            amount=amount,
            reference=_clean_text(reference),
            note=_clean_text(note),
            is_demo=is_demo,
            created_by=user,
        )
        _save(disbursement, user)
    return disbursement


# ---- Loan repayments ----


def repayment_add(
    *, user: Any, application: FundApplication, due_on: date, amount_due: Decimal, note: str = "", is_demo: bool = False
) -> Repayment:
    """Add an instalment to an approved loan's repayment schedule, due after the decision."""
    _require(user, "fund.change_application", application)
    if not application.is_loan:
        raise ValidationError(_("Only a loan is repaid."), code=NOT_A_LOAN)
    _require_approved(application)
    if application.decided_on and due_on < application.decided_on:
        raise _error(
            "due_on",
            _("An instalment falls due after %(day)s, the day of the decision.")
            % {"day": _day(application.decided_on)},
            BEFORE_DECISION,
        )
    repayment = Repayment(
        application=application,
        due_on=due_on,
        amount_due=amount_due,
        note=_clean_text(note),
        is_demo=is_demo,
        created_by=user,
    )
    with transaction.atomic():
        _save(repayment, user)
    return repayment


def repayment_receive(
    *, user: Any, repayment: Repayment, received_on: date, amount_received: Decimal, expected_version: int | None = None
) -> Repayment:
    """Record what was received for an instalment (in total, at most the amount due)."""
    _require(user, "fund.change_application", repayment.application)
    _not_future(received_on, "received_on")
    if amount_received > repayment.amount_due:
        raise _error(
            "amount_received",
            _("At most the amount due, %(amount)s đồng.") % {"amount": _money(repayment.amount_due)},
            OVER_DUE,
        )
    with transaction.atomic():
        current = locked_current(repayment, expected_version=expected_version)
        current.received_on = received_on
        current.amount_received = amount_received
        current.version += 1
        _save(current, user)
    return current
