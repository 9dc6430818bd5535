"""Local products: their producers, the marks and indications protecting them, OCOP ratings,
and the batches behind the public traceability pages (DOMAIN.md §5–7).

A producer (cooperative, enterprise, household business, craft village) sits in a commune;
a product belongs to a commune and is made by one or more producers. An IP asset (collective
or certification mark, geographical indication, ordinary mark) covers products and moves
through the stages of its dossier, each move a dated event. An OCOP rating gives a product
3–5 stars for 36 months. A batch (lô) carries the harvest or production data, inputs and
checks shown on its public page. Anything printed or behind a QR code is reached by its
`public_id`, never by the database id.
"""

import calendar
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khcn.accounts.roles import DEPARTMENT_ROLES
from khcn.accounts.scoping import AllRows, Through, UnitPath
from khcn.core.models import SoftDeleteModel, TimeStampedModel, VersionedModel
from khcn.core.text import fold, nfc

# Short public identifiers: Crockford's base 32 without the letters read as digits.
PUBLIC_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PUBLIC_ID_LENGTH = 8


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _i in range(PUBLIC_ID_LENGTH))


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit of the digits `body` (weights 3 and 1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_gtin(value: str) -> None:
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError(_("A GTIN has 8, 12, 13 or 14 digits."), code="gtin_format")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(_("The GTIN's check digit is wrong."), code="gtin_check_digit")


def validate_lot(value: str) -> None:
    """GS1 AI (10): up to 20 characters; we keep to letters, digits and - . / _ so the lot
    travels in a URL path unescaped."""
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._/")
    if not value or len(value) > 20 or any(ch not in allowed for ch in value):
        raise ValidationError(
            _("A lot number has 1 to 20 characters: Latin letters, digits and - . _ /."), code="lot_format"
        )


class ProducerKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD = "household", _("Household business")
    CRAFT_VILLAGE = "craft_village", _("Craft village")
    ASSOCIATION = "association", _("Association")


class Producer(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """Who makes a product (chủ thể): a cooperative, enterprise, household business or craft village.

    The representative's name, phone and e-mail are personal data: shown only to the
    Department and the commune's officers. The business phone and address appear on public
    pages only when `publish_contact` is set (the producer agreed)."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("unit"))

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices)
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    former_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("former commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune before 1 July 2025, for history."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    business_code = models.CharField(
        _("business registration code"), max_length=20, blank=True, help_text=_("Enterprise or cooperative code.")
    )
    phone = models.CharField(_("business phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    publish_contact = models.BooleanField(
        _("show address and phone on public pages"), default=False, help_text=_("Only with the producer's consent.")
    )
    representative = models.CharField(_("representative"), max_length=120, blank=True)
    representative_phone = models.CharField(_("representative's phone"), max_length=20, blank=True)
    representative_email = models.EmailField(_("representative's e-mail"), blank=True)
    members = models.PositiveIntegerField(
        _("members or households"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("organisation record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "name_folded"])

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = nfc(self.name)
        self.address = nfc(self.address)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("products:producer_detail", args=[self.pk])


class CertificationKind(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalG.A.P."
    ORGANIC = "organic", _("Organic")
    FOOD_SAFETY = "food_safety", _("Food safety certificate")
    ISO_22000 = "iso22000", "ISO 22000"
    HACCP = "haccp", "HACCP"
    OTHER = "other", _("Other")


class Certification(TimeStampedModel):
    """A certificate a producer holds (VietGAP, organic, food safety…), optionally for one product."""

    scope_rules = (Through("producer"),)

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="certifications")
    product = models.ForeignKey(
        "Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificationKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("When the kind is 'Other'."))
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["producer", "kind", "pk"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    def clean(self) -> None:
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError(
                {"valid_until": ValidationError(_("The end of validity comes before the issue date."), code="dates")}
            )


class ProductCategory(models.TextChoices):
    """The six OCOP product groups (Decision 148/QĐ-TTg)."""

    FOOD = "food", _("Food")
    BEVERAGE = "beverage", _("Beverages")
    HERBAL = "herbal", _("Medicinal herbs and herbal products")
    HANDICRAFT = "handicraft", _("Handicrafts")
    ORNAMENTAL = "ornamental", _("Ornamental plants and animals")
    TOURISM = "tourism", _("Community and eco-tourism services")


class Product(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """A local product of a commune (bưởi đỏ Đông Cao, hoa đào Phù Trì…)."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("unit"))

    public_id = models.CharField(_("public code"), max_length=12, unique=True, default=new_public_id, editable=False)
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices)
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    former_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("former commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune before 1 July 2025, for history."),
    )
    producers: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        Producer, verbose_name=_("producers"), blank=True, related_name="products"
    )
    description = models.TextField(_("description"), blank=True)
    season = models.CharField(
        _("season"), max_length=120, blank=True, help_text=_("For example: November to February.")
    )
    craft_village = models.CharField(_("craft village"), max_length=200, blank=True)
    gtin = models.CharField(
        _("GTIN"),
        max_length=14,
        blank=True,
        db_index=True,
        validators=[validate_gtin],
        help_text=_("The GS1 trade item number on the package (Vietnamese prefixes start with 893)."),
    )
    research_tasks: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "research.ResearchTask", verbose_name=_("S&T tasks behind it"), blank=True, related_name="products"
    )
    support_note = models.TextField(
        _("support projects"), blank=True, help_text=_("Other programmes or projects that supported the product.")
    )
    is_published = models.BooleanField(_("public page published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "name_folded"])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["unit", "category"], name="product_unit_category")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        if self.gtin and len(self.gtin) < 14:
            self.gtin = self.gtin.zfill(14)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("products:product_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("products_public:product", args=[self.public_id])


def _photo_path(photo: "ProductPhoto", filename: str) -> str:
    return f"products/{photo.product.public_id}/{secrets.token_hex(8)}.jpg"


class ProductPhoto(models.Model):
    """A photo of a product, stored resized (the longest side at most PRODUCTS_PHOTO_MAX_SIDE)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.product.name


class IpKind(models.TextChoices):
    COLLECTIVE_MARK = "collective_mark", _("Collective mark")
    CERTIFICATION_MARK = "certification_mark", _("Certification mark")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Geographical indication")
    ORDINARY_MARK = "ordinary_mark", _("Ordinary mark")


class IpStage(models.TextChoices):
    """The stages of a dossier, in order; `granted` and `refused` end it (DOMAIN.md §6.3)."""

    SURVEY = "survey", _("Survey")
    DOSSIER = "dossier", _("Dossier being prepared")
    FILED = "filed", _("Filed")
    FORMAL_EXAM = "formal_exam", _("Formal examination")
    PUBLISHED = "published", _("Published in the gazette")
    SUBSTANTIVE_EXAM = "substantive_exam", _("Substantive examination")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


IP_STAGE_ORDER = [
    IpStage.SURVEY,
    IpStage.DOSSIER,
    IpStage.FILED,
    IpStage.FORMAL_EXAM,
    IpStage.PUBLISHED,
    IpStage.SUBSTANTIVE_EXAM,
    IpStage.GRANTED,
]
IP_CLOSED_STAGES = frozenset({IpStage.GRANTED, IpStage.REFUSED, IpStage.WITHDRAWN})


class IpAsset(TimeStampedModel, VersionedModel, SoftDeleteModel):
    """A mark or geographical indication for local products, and where its dossier stands."""

    scope_rules = (AllRows(DEPARTMENT_ROLES), UnitPath("unit"))

    public_id = models.CharField(_("public code"), max_length=12, unique=True, default=new_public_id, editable=False)
    name = models.CharField(_("name of the sign"), max_length=255, help_text=_("For example: Bưởi đỏ Đông Cao."))
    kind = models.CharField(_("kind"), max_length=30, choices=IpKind.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune of origin"), on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(
        _("owner"), max_length=255, help_text=_("Often a commune People's Committee, an association or a cooperative.")
    )
    owner_organisation = models.ForeignKey(
        "geo.Organisation",
        verbose_name=_("owner's organisation record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    products: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        Product, verbose_name=_("products covered"), blank=True, related_name="ip_assets"
    )
    nice_classes = models.CharField(
        _("Nice classes"), max_length=60, blank=True, help_text=_("Separated by commas, for example: 29, 31.")
    )
    regulation = models.TextField(
        _("regulation on use and management"), blank=True, help_text=_("Summary; the file goes with the documents.")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=IpStage.choices, default=IpStage.SURVEY, db_index=True)
    stage_since = models.DateField(_("in this stage since"))
    application_number = models.CharField(_("application number"), max_length=40, blank=True, db_index=True)
    filed_on = models.DateField(_("filing date"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    granted_on = models.DateField(_("grant date"), null=True, blank=True)
    expires_on = models.DateField(
        _("protection until"), null=True, blank=True, help_text=_("Marks: 10 years from filing. GIs: indefinite.")
    )
    support_task = models.ForeignKey(
        "research.ResearchTask",
        verbose_name=_("support project funding it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ip_assets",
    )
    support_note = models.CharField(_("other support"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("IP asset")
        verbose_name_plural = _("IP assets")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["stage", "stage_since"], name="ipasset_stage_since")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = nfc(self.name)
        self.owner_name = nfc(self.owner_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("products:ip_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage not in IP_CLOSED_STAGES

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.filed_on and self.granted_on and self.granted_on < self.filed_on:
            errors["granted_on"] = ValidationError(_("The grant date comes before the filing date."), code="dates")
        if self.expires_on and self.filed_on and self.expires_on <= self.filed_on:
            errors["expires_on"] = ValidationError(_("Protection must end after the filing date."), code="dates")
        if self.kind == IpKind.GEOGRAPHICAL_INDICATION and self.expires_on:
            errors["expires_on"] = ValidationError(
                _("A geographical indication is protected indefinitely."), code="gi_expiry"
            )
        if errors:
            raise ValidationError(errors)


class IpStageEvent(models.Model):
    """One move of a dossier into a stage, on a date (the timeline and the time per stage)."""

    asset = models.ForeignKey(IpAsset, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("stage"), max_length=20, choices=IpStage.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stage of an IP dossier")
        verbose_name_plural = _("stages of IP dossiers")
        ordering = ["asset", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.asset} · {self.get_stage_display()} · {self.on:%d/%m/%Y}"


def _ip_document_path(document: "IpDocument", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"ip/{document.asset.public_id}/{secrets.token_hex(8)}.{extension}"


class IpDocument(models.Model):
    """A document of the dossier at a stage: survey report, declaration, regulation, decision…"""

    asset = models.ForeignKey(IpAsset, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField(_("stage"), max_length=20, choices=IpStage.choices)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_ip_document_path)
    file_name = models.CharField(max_length=200, editable=False, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("IP dossier document")
        verbose_name_plural = _("IP dossier documents")
        ordering = ["asset", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class AlertKind(models.TextChoices):
    IP_STALLED = "ip_stalled", _("Dossier stalled")
    IP_RENEWAL = "ip_renewal", _("Renewal due")
    OCOP_EXPIRING = "ocop_expiring", _("OCOP rating expiring")


class ProductAlert(models.Model):
    """An alert already sent about a dossier or a rating, so the daily job tells people once.

    `key` names the state alerted on (the stage and its start, the protection or validity end):
    when the state changes the key changes, and the next alert goes out."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    target_id = models.PositiveBigIntegerField(_("record id"))
    key = models.CharField(_("key"), max_length=60)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        constraints = [models.UniqueConstraint(fields=["kind", "target_id", "key"], name="productalert_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id} {self.key}"


class OcopLevel(models.TextChoices):
    CITY = "city", _("City level")
    NATIONAL = "national", _("National level")


class OcopRating(TimeStampedModel, VersionedModel):
    """A product's OCOP rating: stars from the 100-point score sheet, valid 36 months."""

    scope_rules = (Through("product"),)

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField(_("stars"), validators=[MinValueValidator(3), MaxValueValidator(5)])
    score = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("On the 100-point scale."),
    )
    score_a = models.DecimalField(
        _("part A: product and community strength"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    score_b = models.DecimalField(
        _("part B: marketing capacity"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(25)],
    )
    score_c = models.DecimalField(
        _("part C: product quality"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(35)],
    )
    level = models.CharField(_("level"), max_length=10, choices=OcopLevel.choices, default=OcopLevel.CITY)
    rating_year = models.PositiveSmallIntegerField(
        _("rating year"), validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    valid_until = models.DateField(_("valid until"), help_text=_("36 months from the decision."))
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("OCOP rating")
        verbose_name_plural = _("OCOP ratings")
        ordering = ["product", "-decision_date", "-pk"]
        indexes = [models.Index(fields=["valid_until"], name="ocop_valid_until")]

    def __str__(self) -> str:
        return f"{self.product} · {self.stars}★ ({self.rating_year})"


class Batch(TimeStampedModel, VersionedModel):
    """A lot (lô) of a product: when it was harvested or made, its inputs and its checks."""

    scope_rules = (Through("product"),)

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="batches")
    public_id = models.CharField(_("public code"), max_length=12, unique=True, default=new_public_id, editable=False)
    lot = models.CharField(_("lot number"), max_length=20, validators=[validate_lot])
    produced_on = models.DateField(_("harvest or production date"))
    packed_on = models.DateField(_("packing date"), null=True, blank=True)
    expires_on = models.DateField(_("use by"), null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**9)],
    )
    quantity_unit = models.CharField(
        _("unit of quantity"), max_length=20, blank=True, help_text=_("kg, tonnes, boxes…")
    )
    inputs = models.TextField(
        _("inputs"), blank=True, help_text=_("Seeds, fertilisers, materials and their suppliers.")
    )
    steps = models.TextField(_("production steps"), blank=True)
    distributor = models.CharField(_("distributor"), max_length=255, blank=True)
    is_published = models.BooleanField(_("public page published"), default=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["product", "-produced_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["product", "lot"], name="batch_unique_lot")]

    def __str__(self) -> str:
        return f"{self.product} · {self.lot}"

    def get_absolute_url(self) -> str:
        return reverse("products:batch_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("products_public:batch", args=[self.public_id])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.packed_on and self.produced_on and self.packed_on < self.produced_on:
            errors["packed_on"] = ValidationError(_("Packing comes before the harvest or production."), code="dates")
        if self.expires_on and self.produced_on and self.expires_on < self.produced_on:
            errors["expires_on"] = ValidationError(_("The use-by date comes before production."), code="dates")
        if errors:
            raise ValidationError(errors)


class CheckKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    TEST = "test", _("Laboratory test")


class BatchCheck(models.Model):
    """An inspection or a test result of a batch."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("kind"), max_length=12, choices=CheckKind.choices)
    on = models.DateField(_("date"))
    by = models.CharField(_("done by"), max_length=200, help_text=_("Inspector or laboratory."))
    result = models.CharField(_("result"), max_length=500)
    passed = models.BooleanField(_("passed"), default=True)

    class Meta:
        verbose_name = _("batch check")
        verbose_name_plural = _("batch checks")
        ordering = ["batch", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.on:%d/%m/%Y}"


class ScanDay(models.Model):
    """How many times a public page (a product's, or a batch's) was opened on a day."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="scan_days")
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.CASCADE, related_name="scan_days")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("scans of a day")
        verbose_name_plural = _("scans per day")
        constraints = [
            models.UniqueConstraint(fields=["product", "batch", "day"], name="scanday_unique"),
            models.UniqueConstraint(
                fields=["product", "day"], condition=models.Q(batch__isnull=True), name="scanday_unique_product"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.batch_id} {self.day}: {self.count}"


class TraceStamp(models.Model):
    """How many times what a product's public pages show has changed (DOMAIN.md §7).

    Bumped in the same transaction as any change to the product, its producers, photos, marks,
    ratings, batches or checks; a stored page (TracePage) built under an older value is never
    served. A product never changed since its pages were built has no row (value 0). There is
    no foreign key on purpose: a bump may run while the product itself is being deleted.
    """

    product_id = models.BigIntegerField(primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("public page stamp")
        verbose_name_plural = _("public page stamps")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.value}"


class TracePage(models.Model):
    """One public page (a product's or a lot's, HTML or JSON, in one language) as rendered at
    its first view after the last change, so that a scan costs one indexed read.

    `body` holds the page without its scan counter; `scans` is added when served (the counter
    is kept here by the scan flush, so it needs no other query).
    """

    KIND_PRODUCT, KIND_BATCH = "p", "b"

    kind = models.CharField(max_length=1, choices=[(KIND_PRODUCT, "product"), (KIND_BATCH, "batch")])
    code = models.CharField(max_length=12)
    fmt = models.CharField(max_length=4)
    language = models.CharField(max_length=8)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    stamp = models.PositiveBigIntegerField()
    built_on = models.DateField(help_text="A page shows the ratings current on this day: rebuilt daily.")
    body = models.TextField()
    content_type = models.CharField(max_length=40)
    scans = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("stored public page")
        verbose_name_plural = _("stored public pages")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "fmt", "language"], name="tracepage_unique_page"),
        ]

    def __str__(self) -> str:
        return f"/{self.kind}/{self.code}/ {self.fmt} {self.language}"


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
