"""Demo: the city's S&T development fund (issue 18, item 6).

Seed 004 names no figure of the fund: the Party Secretary asks the Department to review how
the fund is used and to speed its disbursement. Every call, organisation, application,
decision, plan, payment and repayment here is invented and flagged demo (`is_demo`, and
"(demo)" in the organisations' names). Dates follow the day the demo loads: last year's call
and decisions, this year's plan and payments (so the overview shows this year's rate), a call
that closes within the reminder period, one loan instalment overdue and one coming due.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from khcn.demo.clock import happened_at, moment, today
from khcn.fund import services
from khcn.fund.models import FundCall, SupportKind
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.selectors import province_get

BILLION = Decimal("1000000000")
MILLION = Decimal("1000000")


@dataclass(frozen=True)
class DemoApplicant:
    name: str
    tax_code: str
    unit: str  # a current commune or ward of Hà Nội


APPLICANTS = [
    DemoApplicant("Công ty cổ phần Công nghệ sinh học Hòa Lạc (demo)", "0109990001", "Hòa Lạc"),
    DemoApplicant("Công ty TNHH Vật liệu xây dựng xanh Đông Anh (demo)", "0109990002", "Đông Anh"),
    DemoApplicant("Công ty cổ phần Thiết bị y tế Thủ đô (demo)", "0109990003", "Hai Bà Trưng"),
    DemoApplicant("Công ty TNHH Tự động hóa Bắc Thăng Long (demo)", "0109990004", "Thiên Lộc"),
    DemoApplicant("Hợp tác xã Nông nghiệp công nghệ cao Mê Linh (demo)", "0109990005", "Mê Linh"),
]


def _unit(name: str, province: AdminUnit) -> AdminUnit:
    found = (
        AdminUnit.objects.current()
        .filter(path__startswith=province.path, level=UnitLevel.COMMUNE, name=name)
        .order_by("pk")
        .first()
    )
    return found or province


def demo_organisation(applicant: DemoApplicant, province: AdminUnit) -> Organisation:
    """The applicant's organisation, created once (shared with the S&T enterprises demo)."""
    org = Organisation.all_objects.filter(tax_code=applicant.tax_code).first()
    if org is None:
        kind = OrganisationKind.COOPERATIVE if applicant.name.startswith("Hợp tác xã") else OrganisationKind.ENTERPRISE
        org = Organisation(
            name=applicant.name,
            kind=kind,
            unit=_unit(applicant.unit, province),
            tax_code=applicant.tax_code,
            is_demo=True,
        )
        org.save()
    return org


def _not_after(day: date, limit: date) -> date:
    return min(day, limit)


@transaction.atomic
def fund_demo_load(*, officer: Any) -> None:
    """Load the fund's demo records (once: a second run finds them and does nothing)."""
    if FundCall.objects.filter(is_demo=True).exists():
        return
    # The records' history is dated the day before the demo loads, not at loading time
    # (khcn/demo/tests/test_dates.py): their own dates say when each event happened.
    with happened_at(moment(today() - timedelta(days=1))):
        province = province_get()
        assert province is not None
        now = today()
        year = now.year
        orgs = [demo_organisation(a, province) for a in APPLICANTS]

        last = services.call_create(
            user=officer,
            number=f"01/{year - 1}/QPTKHCN",
            title=f"Tiếp nhận hồ sơ đề nghị tài trợ, cho vay năm {year - 1} (demo)",
            opens_on=date(year - 1, 3, 1),
            closes_on=date(year - 1, 5, 31),
            budget=30 * BILLION,
            description=(
                "Tài trợ nhiệm vụ KH&CN; cho vay ưu đãi để ứng dụng kết quả nghiên cứu, đổi mới công nghệ (demo)."
            ),
            is_demo=True,
        )
        # Open today, closing within the reminder period: the reminder of a call closing.
        services.call_create(
            user=officer,
            number=f"01/{year}/QPTKHCN",
            title=f"Tiếp nhận hồ sơ đề nghị tài trợ, cho vay năm {year} (demo)",
            opens_on=now - timedelta(days=40),
            closes_on=now + timedelta(days=5),
            budget=35 * BILLION,
            description="Ưu tiên chuyển đổi số, công nghệ cao trong nông nghiệp, vật liệu mới (demo).",
            is_demo=True,
        )

        decided = date(year - 1, 8, 20)
        Spec = tuple[int, str, str, int, int, dict[int, Any], list[tuple[date, Any]]]
        specs: list[Spec] = [
            # organisation, project, kind, requested, approved, plans {year: amount}, payments [(date, amount)]
            (
                0,
                "Hoàn thiện quy trình sản xuất chế phẩm sinh học xử lý rơm rạ (demo)",
                SupportKind.GRANT,
                6,
                5,
                {year - 1: 2, year: 3},
                [(date(year - 1, 10, 5), 2), (date(year, 3, 10), Decimal("1.5"))],
            ),
            (
                1,
                "Dây chuyền gạch không nung từ tro xỉ nhiệt điện (demo)",
                SupportKind.LOW_INTEREST_LOAN,
                15,
                12,
                {year - 1: 4, year: 8},
                [(date(year - 1, 11, 2), 4), (date(year, 4, 15), 3)],
            ),
            (
                2,
                "Thiết bị theo dõi bệnh nhân từ xa dùng IoT (demo)",
                SupportKind.GRANT,
                4,
                4,
                {year: 4},
                [(date(year, 2, 20), Decimal("1.2"))],
            ),
            (
                3,
                "Robot hàn tự động cho cơ khí chính xác (demo)",
                SupportKind.LOAN,
                10,
                8,
                {year - 1: 2, year: 3},
                [(date(year - 1, 12, 1), 2)],
            ),
        ]
        approved = []
        for org_i, title, kind, requested, amount, plans, payments in specs:
            is_loan = kind != SupportKind.GRANT
            application = services.application_create(
                user=officer,
                call=last,
                organisation=orgs[org_i],
                title=title,
                kind=kind,
                amount_requested=requested * BILLION,
                received_on=date(year - 1, 4, 10 + org_i),
                interest_rate=Decimal("3.50")
                if kind == SupportKind.LOW_INTEREST_LOAN
                else (Decimal("6.00") if is_loan else None),
                term_months=36 if is_loan else None,
                summary="Hồ sơ minh họa (demo).",
                is_demo=True,
            )
            application = services.application_decide(
                user=officer,
                application=application,
                approve=True,
                decided_on=decided,
                decision_number=f"{120 + org_i}/QĐ-QPTKHCN",
                amount_approved=amount * BILLION,
            )
            for plan_year, plan_amount in plans.items():
                services.plan_set(
                    user=officer,
                    application=application,
                    year=plan_year,
                    amount=(Decimal(plan_amount) * BILLION).quantize(Decimal(1)),
                )
            for day, paid in payments:
                services.disbursement_add(
                    user=officer,
                    application=application,
                    paid_on=_not_after(day, now),
                    amount=(Decimal(paid) * BILLION).quantize(Decimal(1)),
                    reference=f"UNC-{day:%Y%m%d}",
                    is_demo=True,
                )
            approved.append(application)

        # The loans' schedules: one instalment overdue, one coming due within the notice period.
        loan, second = approved[1], approved[3]
        overdue = services.repayment_add(
            user=officer,
            application=loan,
            due_on=_not_after(now - timedelta(days=20), now),
            amount_due=500 * MILLION,
            is_demo=True,
        )
        services.repayment_add(
            user=officer, application=loan, due_on=now + timedelta(days=10), amount_due=500 * MILLION, is_demo=True
        )
        paid = services.repayment_add(
            user=officer,
            application=second,
            due_on=max(decided + timedelta(days=1), now - timedelta(days=60)),
            amount_due=300 * MILLION,
            is_demo=True,
        )
        services.repayment_receive(
            user=officer, repayment=paid, received_on=_not_after(paid.due_on, now), amount_received=300 * MILLION
        )
        services.repayment_receive(
            user=officer, repayment=overdue, received_on=_not_after(overdue.due_on, now), amount_received=200 * MILLION
        )

        # Under review in this year's call, and one refused last year.
        services.application_create(
            user=officer,
            organisation=orgs[4],
            title="Nhà màng điều khiển tự động trồng rau thủy canh (demo)",
            kind=SupportKind.LOW_INTEREST_LOAN,
            amount_requested=3 * BILLION,
            received_on=now,
            call=FundCall.objects.get(number=f"01/{year}/QPTKHCN"),
            interest_rate=Decimal("3.50"),
            term_months=24,
            is_demo=True,
        )
        refused = services.application_create(
            user=officer,
            call=last,
            organisation=orgs[4],
            title="Kho lạnh bảo quản hoa đào sau thu hoạch (demo)",
            kind=SupportKind.GRANT,
            amount_requested=2 * BILLION,
            received_on=date(year - 1, 5, 20),
            is_demo=True,
        )
        services.application_decide(
            user=officer,
            application=refused,
            approve=False,
            decided_on=decided,
            decision_number="125/QĐ-QPTKHCN",
            refusal_reason="Nội dung chưa đáp ứng tiêu chí hỗ trợ của Quỹ (demo).",
        )
