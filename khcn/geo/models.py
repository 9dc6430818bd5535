"""Administrative units (with validity dates and successions) and organisations."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from khcn.core.models import SoftDeleteModel, TimeStampedModel, VersionedModel
from khcn.core.text import fold, nfc, vi_sort_key


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


class UnitType(models.TextChoices):
    """Official unit types; the label is the Vietnamese prefix of the full name."""

    CITY = "thanh_pho_tw", pgettext_lazy("unit type", "Centrally-run city")
    PROVINCE = "tinh", pgettext_lazy("unit type", "Province")
    URBAN_DISTRICT = "quan", pgettext_lazy("unit type", "Urban district")
    RURAL_DISTRICT = "huyen", pgettext_lazy("unit type", "Rural district")
    TOWN = "thi_xa", pgettext_lazy("unit type", "Town")
    PROVINCIAL_CITY = "thanh_pho", pgettext_lazy("unit type", "Provincial city")
    WARD = "phuong", pgettext_lazy("unit type", "Ward")
    COMMUNE = "xa", pgettext_lazy("unit type", "Commune")
    TOWNSHIP = "thi_tran", pgettext_lazy("unit type", "Township")
    SPECIAL_ZONE = "dac_khu", pgettext_lazy("unit type", "Special zone")


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def current(self, on: date | None = None) -> "AdminUnitQuerySet":
        """Units in force on `on` (today by default)."""
        on = on or date.today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def former(self, on: date | None = None) -> "AdminUnitQuerySet":
        on = on or date.today()
        return self.filter(valid_to__lt=on)

    def subtree(self, unit: "AdminUnit") -> "AdminUnitQuerySet":
        return self.filter(path__startswith=unit.path)


class AdminUnit(models.Model):
    """A province-, district- or commune-level unit as it was between two dates.

    A unit re-created by a reform is a new row (DOMAIN.md §1.2: never reuse a row);
    `UnitSuccession` links old rows to new ones. `path` is the chain of `slug`s from the
    province, so a subtree is one indexed prefix match on both databases.
    """

    scope_field = "self"

    registry_key = models.CharField(_("registry key"), max_length=40, unique=True, editable=False)
    code = models.CharField(_("official code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    unit_type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    path = models.CharField(_("tree path"), max_length=120, unique=True, editable=False)
    name_folded = models.CharField(max_length=160, db_index=True, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["parent", "sort_key"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="adminunit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name = nfc(self.name)
        self.name_folded = fold(self.full_name)
        self.sort_key = vi_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("geo:unit_detail", args=[self.pk])

    @property
    def type_label(self) -> str:
        return TYPE_PREFIX[UnitType(self.unit_type)]

    @property
    def full_name(self) -> str:
        return unit_full_name(self.unit_type, self.name)

    def is_current(self, on: date | None = None) -> bool:
        on = on or date.today()
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)


def unit_full_name(unit_type: str, name: str) -> str:
    """ "Xã Tiến Thắng": the type's prefix, then the name."""
    return f"{TYPE_PREFIX[UnitType(unit_type)]} {name}"


# The Vietnamese prefix of a unit's full name is data, not UI text: it is the same in
# every locale ("Huyện Mê Linh"), so it is not translated.
TYPE_PREFIX = {
    UnitType.CITY: "Thành phố",
    UnitType.PROVINCE: "Tỉnh",
    UnitType.URBAN_DISTRICT: "Quận",
    UnitType.RURAL_DISTRICT: "Huyện",
    UnitType.TOWN: "Thị xã",
    UnitType.PROVINCIAL_CITY: "Thành phố",
    UnitType.WARD: "Phường",
    UnitType.COMMUNE: "Xã",
    UnitType.TOWNSHIP: "Thị trấn",
    UnitType.SPECIAL_ZONE: "Đặc khu",
}


class SuccessionKind(models.TextChoices):
    WHOLE = "whole", _("whole")
    PART = "part", _("part")


class UnitSuccession(models.Model):
    """`predecessor` passed (wholly or partly) into `successor` on `effective_date`."""

    predecessor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("former unit"),
        on_delete=models.CASCADE,
        related_name="successions_out",
    )
    successor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("successor unit"),
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    kind = models.CharField(_("extent"), max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unitsuccession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="unitsuccession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Department of Science and Technology")
    DEPARTMENT_OFFICE = "department_office", _("Division of the Department")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's committee")
    LOCAL_OFFICE = "local_office", _("Office of a people's committee")
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    OTHER = "other", _("Other organisation")


class Organisation(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """An organisation KHCN deals with, placed in the administrative unit it sits in."""

    scope_field = "unit"
    scope_organisation_field = "pk"

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tax_code = models.CharField(_("tax or identification code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False)
    sort_key = models.CharField(max_length=800, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["name_folded", "sort_key"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.address = nfc(self.address)
        self.name_folded = fold(f"{self.name} {self.short_name}")
        self.sort_key = vi_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("geo:organisation_detail", args=[self.pk])
