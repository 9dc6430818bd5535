"""Test data for the fund: calls, applications (approved ones with `approved=True`), plans,
disbursements and repayments."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from khcn.fund.models import (
    ApplicationStatus,
    Disbursement,
    DisbursementPlan,
    FundApplication,
    FundCall,
    Repayment,
    SupportKind,
)
from khcn.geo.tests.factories import OrganisationFactory


class FundCallFactory(DjangoModelFactory[FundCall]):
    class Meta:
        model = FundCall

    number = factory.Sequence(lambda n: f"{n + 1:02d}/2026/QPTKHCN")
    title = "Tiếp nhận hồ sơ đề nghị tài trợ, cho vay năm 2026"
    opens_on = date(2026, 3, 1)
    closes_on = date(2026, 6, 30)


class FundApplicationFactory(DjangoModelFactory[FundApplication]):
    """An application under review; pass `approved=True` for one approved on 15/07/2026."""

    class Meta:
        model = FundApplication

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Hoàn thiện công nghệ sản xuất số {n + 1}")
    kind = SupportKind.GRANT
    amount_requested = Decimal("12000000000")
    received_on = date(2026, 4, 10)

    class Params:
        approved = factory.Trait(
            status=ApplicationStatus.APPROVED,
            decision_number="123/QĐ-QPTKHCN",
            decided_on=date(2026, 7, 15),
            amount_approved=Decimal("10000000000"),
        )


class DisbursementPlanFactory(DjangoModelFactory[DisbursementPlan]):
    class Meta:
        model = DisbursementPlan

    application = factory.SubFactory(FundApplicationFactory, approved=True)
    year = 2026
    amount = Decimal("10000000000")


class DisbursementFactory(DjangoModelFactory[Disbursement]):
    class Meta:
        model = Disbursement

    application = factory.SubFactory(FundApplicationFactory, approved=True)
    paid_on = date(2026, 8, 1)
    amount = Decimal("1000000000")


class RepaymentFactory(DjangoModelFactory[Repayment]):
    class Meta:
        model = Repayment

    application = factory.SubFactory(FundApplicationFactory, approved=True, kind=SupportKind.LOAN)
    due_on = date(2026, 9, 30)
    amount_due = Decimal("500000000")
