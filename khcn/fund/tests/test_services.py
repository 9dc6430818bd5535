"""The fund's rules: decisions, plans, payments and repayments within what was approved."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.fund import services
from khcn.fund.models import ApplicationStatus, SupportKind
from khcn.fund.tests.factories import FundApplicationFactory, FundCallFactory, RepaymentFactory


def _codes(error: ValidationError) -> set[str | None]:
    return (
        {e.code for errors in error.error_dict.values() for e in errors}
        if hasattr(error, "error_dict")
        else {error.code}
    )


def test_application_received_outside_its_call_is_refused(company_a, dept_officer):
    call = FundCallFactory.create()  # 01/03 – 30/06/2026
    with pytest.raises(ValidationError) as caught:
        services.application_create(
            user=dept_officer,
            call=call,
            organisation=company_a,
            title="Dự án",
            kind=SupportKind.GRANT,
            amount_requested=Decimal(1000),
            received_on=date(2026, 7, 1),
        )
    assert _codes(caught.value) == {services.OUTSIDE_CALL}


def test_grant_takes_no_interest_rate(company_a, dept_officer):
    with pytest.raises(ValidationError) as caught:
        services.application_create(
            user=dept_officer,
            organisation=company_a,
            title="Dự án",
            kind=SupportKind.GRANT,
            amount_requested=Decimal(1000),
            received_on=date(2026, 7, 1),
            interest_rate=Decimal("3.5"),
        )
    assert _codes(caught.value) == {services.LOAN_TERMS_ON_GRANT}


def test_local_officer_cannot_record_an_application(company_a, officer_a):
    with pytest.raises(PermissionDenied):
        services.application_create(
            user=officer_a,
            organisation=company_a,
            title="Dự án",
            kind=SupportKind.GRANT,
            amount_requested=Decimal(1000),
            received_on=date(2026, 7, 1),
        )


def test_approval_needs_number_and_at_most_the_amount_requested(company_a, dept_officer):
    application = FundApplicationFactory.create(organisation=company_a)  # 12.000.000.000 requested
    with pytest.raises(ValidationError) as caught:
        services.application_decide(
            user=dept_officer,
            application=application,
            approve=True,
            decided_on=date(2026, 7, 1),
            decision_number="1/QĐ",
            amount_approved=Decimal("12000000001"),
        )
    assert _codes(caught.value) == {services.OVER_REQUESTED}
    with pytest.raises(ValidationError) as caught:
        services.application_decide(
            user=dept_officer,
            application=application,
            approve=True,
            decided_on=date(2026, 7, 1),
            amount_approved=Decimal(1),
        )
    assert _codes(caught.value) == {services.DECISION_NUMBER_REQUIRED}
    decided = services.application_decide(
        user=dept_officer,
        application=application,
        approve=True,
        decided_on=date(2026, 7, 1),
        decision_number="1/QĐ",
        amount_approved=Decimal("9000000000"),
        expected_version=application.version,
    )
    assert decided.status == ApplicationStatus.APPROVED and decided.amount_approved == Decimal("9000000000")
    with pytest.raises(ValidationError) as caught:
        services.application_decide(user=dept_officer, application=decided, approve=False, decided_on=date(2026, 7, 2))
    assert _codes(caught.value) == {services.NOT_UNDER_REVIEW}


def test_refusal_needs_a_reason_and_is_kept_in_history(company_a, dept_officer):
    application = FundApplicationFactory.create(organisation=company_a)
    with pytest.raises(ValidationError):
        services.application_decide(
            user=dept_officer, application=application, approve=False, decided_on=date(2026, 7, 1)
        )
    refused = services.application_decide(
        user=dept_officer,
        application=application,
        approve=False,
        decided_on=date(2026, 7, 1),
        refusal_reason="Không đạt tiêu chí",
    )
    assert refused.status == ApplicationStatus.REFUSED
    assert refused.history.count() == 2 and refused.history.first().history_user == dept_officer


def test_decision_in_the_future_is_refused(company_a, dept_officer):
    application = FundApplicationFactory.create(organisation=company_a)
    with pytest.raises(ValidationError) as caught:
        services.application_decide(
            user=dept_officer,
            application=application,
            approve=True,
            decided_on=date(2026, 9, 16),
            decision_number="1/QĐ",
            amount_approved=Decimal(1),
        )
    assert _codes(caught.value) == {services.DATE_IN_FUTURE}


def test_payments_never_exceed_the_amount_approved(approved, dept_officer):
    services.disbursement_add(
        user=dept_officer, application=approved, paid_on=date(2026, 8, 1), amount=Decimal("9000000000")
    )
    with pytest.raises(ValidationError) as caught:
        services.disbursement_add(
            user=dept_officer, application=approved, paid_on=date(2026, 8, 2), amount=Decimal("1000000001")
        )
    assert _codes(caught.value) == {services.OVER_APPROVED}
    services.disbursement_add(
        user=dept_officer, application=approved, paid_on=date(2026, 8, 2), amount=Decimal("1000000000")
    )
    assert approved.disbursements.count() == 2


def test_no_payment_before_the_decision_or_on_an_application_under_review(approved, company_b, dept_officer):
    with pytest.raises(ValidationError) as caught:
        services.disbursement_add(user=dept_officer, application=approved, paid_on=date(2026, 7, 14), amount=Decimal(1))
    assert _codes(caught.value) == {services.BEFORE_DECISION}
    pending = FundApplicationFactory.create(organisation=company_b)
    with pytest.raises(ValidationError) as caught:
        services.disbursement_add(user=dept_officer, application=pending, paid_on=date(2026, 8, 1), amount=Decimal(1))
    assert _codes(caught.value) == {services.NOT_APPROVED}


def test_plan_of_all_years_within_the_amount_approved_and_a_year_replaced(approved, dept_officer):
    services.plan_set(user=dept_officer, application=approved, year=2026, amount=Decimal("6000000000"))
    with pytest.raises(ValidationError) as caught:
        services.plan_set(user=dept_officer, application=approved, year=2027, amount=Decimal("4000000001"))
    assert _codes(caught.value) == {services.OVER_APPROVED}
    services.plan_set(user=dept_officer, application=approved, year=2026, amount=Decimal("5000000000"))
    services.plan_set(user=dept_officer, application=approved, year=2027, amount=Decimal("5000000000"))
    assert sorted(approved.plans.values_list("year", "amount")) == [
        (2026, Decimal(5000000000)),
        (2027, Decimal(5000000000)),
    ]


def test_only_a_loan_is_repaid(approved, dept_officer):
    with pytest.raises(ValidationError) as caught:
        services.repayment_add(
            user=dept_officer, application=approved, due_on=date(2026, 12, 31), amount_due=Decimal(1)
        )
    assert _codes(caught.value) == {services.NOT_A_LOAN}


def test_repayment_received_up_to_the_amount_due(dept_officer, company_a):
    repayment = RepaymentFactory.create(application__organisation=company_a)
    assert repayment.is_overdue(date(2026, 10, 1))
    with pytest.raises(ValidationError) as caught:
        services.repayment_receive(
            user=dept_officer, repayment=repayment, received_on=date(2026, 9, 1), amount_received=Decimal("500000001")
        )
    assert _codes(caught.value) == {services.OVER_DUE}
    received = services.repayment_receive(
        user=dept_officer, repayment=repayment, received_on=date(2026, 9, 1), amount_received=Decimal("500000000")
    )
    assert received.is_settled and not received.is_overdue(date(2026, 10, 1))


def test_application_with_payments_is_not_deleted(approved, dept_officer):
    services.disbursement_add(user=dept_officer, application=approved, paid_on=date(2026, 8, 1), amount=Decimal(1))
    with pytest.raises(ValidationError) as caught:
        services.application_delete(user=dept_officer, application=approved)
    assert _codes(caught.value) == {services.HAS_DISBURSEMENTS}
