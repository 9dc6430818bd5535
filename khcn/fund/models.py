"""The city's S&T development fund (Quỹ phát triển khoa học và công nghệ), issue 18 item 6.

The fund opens calls (đợt tiếp nhận hồ sơ); organisations apply for a grant (tài trợ), a loan
(cho vay) or a low-interest loan (cho vay ưu đãi lãi suất); the fund's board decides (the amount
approved, the decision's number and date, or a refusal with its reason). An approved
application has a disbursement plan by year and the disbursements actually paid against it
(giải ngân); a loan has its repayment schedule and what was received. The seed asks the
Department to speed the fund's disbursement: the rate is disbursed / planned for the year.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows, OrganisationPath, Through, UnitPath
from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.models import SoftDeleteModel, TimeStampedModel, VersionedModel
from khcn.core.text import fold, nfc

MONEY_MAX = Decimal("1000000000000")  # 1,000 billion đồng: the bound of every amount
RATE_MAX = Decimal("100")  # a loan's yearly interest rate, in percent
TERM_MONTHS_MAX = 240


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=15,
        decimal_places=0,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
        **kwargs,
    )


class FundCall(TimeStampedModel, VersionedModel):
    """A call for applications (đợt tiếp nhận hồ sơ) with the days it is open."""

    scope_rules = (AllRows(DEPARTMENT_ROLES),)

    number = models.CharField(_("call number"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    budget = money_field(_("budget (VND)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("fund call")
        verbose_name_plural = _("fund calls")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="fund_call_dates")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = " ".join(nfc(self.title).split())
        self.number = " ".join(nfc(self.number).split())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("fund:call_detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": ValidationError(_("Enter a day on or after the opening day."), code="closes_before")}
            )

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class SupportKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    LOW_INTEREST_LOAN = "low_interest_loan", _("Low-interest loan")


LOAN_KINDS = frozenset({SupportKind.LOAN, SupportKind.LOW_INTEREST_LOAN})


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received, under review")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class FundApplication(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """An organisation's application for a grant or a loan, and the fund's decision on it."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("organisation__unit"), OrganisationPath("organisation"))

    call = models.ForeignKey(
        FundCall,
        verbose_name=_("intake call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "geo.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("project"), max_length=300)
    kind = models.CharField(_("support"), max_length=20, choices=SupportKind.choices)
    amount_requested = money_field(_("amount requested (VND)"))
    received_on = models.DateField(_("received on"))
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED, db_index=True
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount_approved = money_field(_("amount approved (VND)"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    interest_rate = models.DecimalField(
        _("interest rate (% a year)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(RATE_MAX)],
    )
    term_months = models.PositiveSmallIntegerField(
        _("loan term (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(TERM_MONTHS_MAX)],
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    title_folded = models.CharField(max_length=650, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "title_folded"])

    class Meta:
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = " ".join(nfc(self.title).split())
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("fund:application_detail", args=[self.pk])

    @property
    def is_loan(self) -> bool:
        return self.kind in LOAN_KINDS

    @property
    def is_approved(self) -> bool:
        return self.status == ApplicationStatus.APPROVED


class DisbursementPlan(TimeStampedModel, VersionedModel):
    """What the fund plans to pay out on an approved application in one year."""

    scope_rules = (Through("application"),)

    application = models.ForeignKey(FundApplication, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    amount = money_field(_("planned amount (VND)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("disbursement plan")
        verbose_name_plural = _("disbursement plans")
        ordering = ["year", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="fund_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.application} · {self.year}"


class Disbursement(TimeStampedModel, VersionedModel):
    """One payment of the fund to the organisation on an approved application (giải ngân)."""

    scope_rules = (Through("application"),)

    application = models.ForeignKey(FundApplication, on_delete=models.CASCADE, related_name="disbursements")
    paid_on = models.DateField(_("paid on"))
    amount = money_field(_("amount paid (VND)"))
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-paid_on", "-pk"]
        indexes = [models.Index(fields=["paid_on"], name="fund_disbursement_paid_on")]

    def __str__(self) -> str:
        return f"{self.application} · {self.paid_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return self.application.get_absolute_url() + "#disbursements"


class Repayment(TimeStampedModel, VersionedModel):
    """One instalment of a loan's repayment schedule and what was received for it."""

    scope_rules = (Through("application"),)

    application = models.ForeignKey(FundApplication, on_delete=models.CASCADE, related_name="repayments")
    due_on = models.DateField(_("instalment due on"))
    amount_due = money_field(_("amount due (VND)"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    amount_received = money_field(_("amount received (VND)"), default=Decimal(0))
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("loan repayment")
        verbose_name_plural = _("loan repayments")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], name="fund_repayment_due_on")]

    def __str__(self) -> str:
        return f"{self.application} · {self.due_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return self.application.get_absolute_url() + "#repayments"

    @property
    def is_settled(self) -> bool:
        return self.amount_received >= self.amount_due

    def is_overdue(self, today: date) -> bool:
        return not self.is_settled and self.due_on < today


class FundReminder(models.Model):
    """A reminder that went out (a call closing, a repayment due), so it goes out once."""

    kind = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField()
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "target_id", "key"], name="fund_reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id} {self.key}"
