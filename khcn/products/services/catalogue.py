"""Writes of the catalogue: producers, their certifications, products, photos and publishing.

Every function checks the permission on the record acted on, and the unit and organisation
it names against the caller's write scope (accounts.scoping), so that pages, the API and the
Excel import refuse the same things. Edits carry the version they were loaded at
(core.concurrency): a stale one is refused, never merged silently.
"""

from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from khcn.accounts.scoping import OUT_OF_SCOPE, organisation_check_writable, unit_check_writable, visible
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.core.uploads import content_matches, file_extension, upload_name
from khcn.geo.models import AdminUnit, Organisation, UnitLevel
from khcn.products.models import Certification, Producer, Product, ProductPhoto

NOT_A_COMMUNE = "not_a_commune"
NOT_FORMER = "not_former"
PHOTO_TYPE = "photo_type"
PHOTO_SIZE = "photo_size"
PHOTO_CONTENT = "photo_content"
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")
# Refused before decoding: a small file can declare a huge canvas (a "decompression bomb").
PHOTO_MAX_PIXELS = 60_000_000


def _require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def units_check(*, user: Any, unit: AdminUnit | None, former_unit: AdminUnit | None) -> None:
    """The commune must be a commune in force that the user writes for; the former commune,
    when given, a commune no longer in force (before the 1 July 2025 reform, DOMAIN.md §1)."""
    if unit is None:
        raise _field_error("unit", _("Choose the commune."), NOT_A_COMMUNE)
    unit_check_writable(user=user, unit=unit, field="unit")
    if unit.level != UnitLevel.COMMUNE or not unit.is_current(timezone.localdate()):
        raise _field_error("unit", _("Choose a commune or ward in force today."), NOT_A_COMMUNE)
    if former_unit is not None and (
        former_unit.level == UnitLevel.PROVINCE or former_unit.is_current(timezone.localdate())
    ):
        raise _field_error(
            "former_unit", _("The former commune must be a unit no longer in force (before 1 July 2025)."), NOT_FORMER
        )


def _clean_text(value: str) -> str:
    return " ".join(nfc(value or "").split())


# -- producers --------------------------------------------------------------------------------

PRODUCER_TEXT = ("name", "address", "business_code", "phone", "website", "representative", "representative_phone")


def producer_create(
    *,
    user: Any,
    name: str,
    kind: str,
    unit: AdminUnit,
    former_unit: AdminUnit | None = None,
    address: str = "",
    business_code: str = "",
    phone: str = "",
    website: str = "",
    publish_contact: bool = False,
    representative: str = "",
    representative_phone: str = "",
    representative_email: str = "",
    members: int | None = None,
    organisation: Organisation | None = None,
    is_demo: bool = False,
) -> Producer:
    """Record a producer (chủ thể) of a commune the user writes for."""
    _require(user, "products.change_producer", None)
    units_check(user=user, unit=unit, former_unit=former_unit)
    organisation_check_writable(user=user, organisation=organisation)
    producer = Producer(
        name=_clean_text(name),
        kind=kind,
        unit=unit,
        former_unit=former_unit,
        address=_clean_text(address),
        business_code=_clean_text(business_code),
        phone=_clean_text(phone),
        website=website.strip(),
        publish_contact=publish_contact,
        representative=_clean_text(representative),
        representative_phone=_clean_text(representative_phone),
        representative_email=representative_email.strip(),
        members=members,
        organisation=organisation,
        is_demo=is_demo,
        created_by=user,
        updated_by=user,
    )
    _require(user, "products.change_producer", producer)
    with transaction.atomic():
        attribute_to(producer, user)
        producer.full_clean()
        producer.save()
    return producer


def producer_update(*, user: Any, producer: Producer, expected_version: int | None) -> Producer:
    """Save the edits already set on `producer` (by a form, the API or an import row).

    The stored commune must be one the user writes for (a record of another commune cannot
    be taken over), and so must the new one.
    """
    with transaction.atomic():
        current = locked_current(producer, expected_version=expected_version)
        current.unit = AdminUnit.objects.get(pk=current.unit_id)
        _require(user, "products.change_producer", current)
        units_check(user=user, unit=producer.unit, former_unit=producer.former_unit)
        if producer.organisation_id != current.organisation_id:
            organisation_check_writable(user=user, organisation=producer.organisation)
        for field in PRODUCER_TEXT:
            setattr(producer, field, _clean_text(getattr(producer, field)))
        producer.version = current.version + 1
        producer.updated_by = user
        attribute_to(producer, user)
        producer.full_clean()
        producer.save()
    return producer


def producer_delete(*, user: Any, producer: Producer) -> None:
    """Delete a producer (kept for history and references: only hidden)."""
    _require(user, "products.delete_producer", producer)
    with transaction.atomic():
        current = locked_current(producer, expected_version=None)
        current.deleted_at = timezone.now()
        current.updated_by = user
        attribute_to(current, user)
        current._change_reason = "deleted"  # type: ignore[attr-defined]
        current.save(update_fields=["deleted_at", "updated_by", "updated_at"])


def certification_add(
    *,
    user: Any,
    producer: Producer,
    kind: str,
    name: str = "",
    number: str = "",
    issued_by: str = "",
    issued_on: Any = None,
    valid_until: Any = None,
    product: Product | None = None,
) -> Certification:
    """Record a certificate the producer holds, optionally for one of its products."""
    _require(user, "products.change_producer", producer)
    if product is not None and not producer.products.filter(pk=product.pk).exists():
        raise _field_error("product", _("Choose one of this producer's products."), OUT_OF_SCOPE)
    if kind == "other" and not _clean_text(name):
        raise _field_error("name", _("Name the certificate when its kind is “Other”."), "name_required")
    certification = Certification(
        producer=producer,
        product=product,
        kind=kind,
        name=_clean_text(name),
        number=_clean_text(number),
        issued_by=_clean_text(issued_by),
        issued_on=issued_on,
        valid_until=valid_until,
        created_by=user,
        updated_by=user,
    )
    with transaction.atomic():
        certification.full_clean()
        certification.save()
        _touch(producer, user)
    return certification


def certification_remove(*, user: Any, certification: Certification) -> None:
    _require(user, "products.change_producer", certification.producer)
    with transaction.atomic():
        certification.delete()
        _touch(certification.producer, user)


def _touch(record: Producer | Product, user: Any) -> None:
    """Mark a record changed (a certification or photo added or removed) without a version race."""
    type(record)._default_manager.filter(pk=record.pk).update(updated_by=user, updated_at=timezone.now())


# -- products ---------------------------------------------------------------------------------


def _producers_check(*, user: Any, producers: list[Producer]) -> None:
    """The producers must be ones the user can see (a commune links its own producers)."""
    if not producers:
        return
    seen = set(
        visible(Producer.objects.all(), user).filter(pk__in=[p.pk for p in producers]).values_list("pk", flat=True)
    )
    if any(p.pk not in seen for p in producers):
        raise _field_error("producers", _("Choose producers in your scope."), OUT_OF_SCOPE)


def _tasks_check(*, user: Any, research_tasks: list[Any]) -> None:
    from khcn.research.selectors import task_list

    if not research_tasks:
        return
    seen = set(task_list(user=user).filter(pk__in=[t.pk for t in research_tasks]).values_list("pk", flat=True))
    if any(t.pk not in seen for t in research_tasks):
        raise _field_error("research_tasks", _("Choose S&T tasks you can see."), OUT_OF_SCOPE)


def product_create(
    *,
    user: Any,
    name: str,
    category: str,
    unit: AdminUnit,
    former_unit: AdminUnit | None = None,
    producers: list[Producer] | None = None,
    research_tasks: list[Any] | None = None,
    description: str = "",
    season: str = "",
    craft_village: str = "",
    gtin: str = "",
    support_note: str = "",
    is_demo: bool = False,
) -> Product:
    """Record a local product of a commune the user writes for; not public until published."""
    _require(user, "products.change_product", None)
    units_check(user=user, unit=unit, former_unit=former_unit)
    _producers_check(user=user, producers=producers or [])
    _tasks_check(user=user, research_tasks=research_tasks or [])
    product = Product(
        name=_clean_text(name),
        category=category,
        unit=unit,
        former_unit=former_unit,
        description=nfc(description).strip(),
        season=_clean_text(season),
        craft_village=_clean_text(craft_village),
        gtin=gtin.strip(),
        support_note=nfc(support_note).strip(),
        is_demo=is_demo,
        created_by=user,
        updated_by=user,
    )
    _require(user, "products.change_product", product)
    with transaction.atomic():
        attribute_to(product, user)
        product.full_clean()
        product.save()
        product.producers.set(producers or [])
        product.research_tasks.set(research_tasks or [])
    return product


def product_update(
    *,
    user: Any,
    product: Product,
    expected_version: int | None,
    producers: list[Producer] | None = None,
    research_tasks: list[Any] | None = None,
) -> Product:
    """Save the edits already set on `product`, and its producers and tasks when given."""
    with transaction.atomic():
        current = locked_current(product, expected_version=expected_version)
        current.unit = AdminUnit.objects.get(pk=current.unit_id)
        _require(user, "products.change_product", current)
        units_check(user=user, unit=product.unit, former_unit=product.former_unit)
        if producers is not None:
            _producers_check(user=user, producers=[p for p in producers if p not in product.producers.all()])
        if research_tasks is not None:
            _tasks_check(user=user, research_tasks=[t for t in research_tasks if t not in product.research_tasks.all()])
        product.name = _clean_text(product.name)
        product.gtin = (product.gtin or "").strip()
        product.version = current.version + 1
        product.updated_by = user
        attribute_to(product, user)
        product.full_clean()
        product.save()
        if producers is not None:
            product.producers.set(producers)
        if research_tasks is not None:
            product.research_tasks.set(research_tasks)
    return product


def product_publish(*, user: Any, product: Product, publish: bool) -> Product:
    """Open (or close) the product's public page; `published_at` keeps when it was first opened."""
    with transaction.atomic():
        current = locked_current(product, expected_version=None)
        current.unit = product.unit
        _require(user, "products.change_product", current)
        current.is_published = publish
        if publish and current.published_at is None:
            current.published_at = timezone.now()
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
    return current


def product_delete(*, user: Any, product: Product) -> None:
    """Delete a product (hidden, kept for history); its public page closes with it."""
    _require(user, "products.delete_product", product)
    with transaction.atomic():
        current = locked_current(product, expected_version=None)
        current.deleted_at = timezone.now()
        current.is_published = False
        current.updated_by = user
        attribute_to(current, user)
        current._change_reason = "deleted"  # type: ignore[attr-defined]
        current.save(update_fields=["deleted_at", "is_published", "updated_by", "updated_at"])


# -- photos -----------------------------------------------------------------------------------


def photo_prepare(upload: Any) -> tuple[bytes, int, int]:
    """Check an uploaded photo and return it as a JPEG without metadata, longest side at most
    KHCN_PHOTO_MAX_SIDE. EXIF is dropped (GPS positions are personal data), after turning the
    picture the way its EXIF orientation says."""
    name = upload_name(upload)
    extension = file_extension(name)
    if extension not in PHOTO_EXTENSIONS:
        raise _field_error("image", _("Attach a photo as .jpg or .png."), PHOTO_TYPE)
    if (upload.size or 0) > settings.KHCN_PHOTO_MAX_MB * 1024 * 1024:
        raise _field_error(
            "image", _("The photo is larger than %(mb)s MB.") % {"mb": settings.KHCN_PHOTO_MAX_MB}, PHOTO_SIZE
        )
    unreadable = _field_error("image", _("The file is not a readable .jpg or .png photo."), PHOTO_CONTENT)
    if not content_matches(upload, "png" if extension == "png" else "jpg"):
        raise unreadable
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ("JPEG", "PNG") or image.width * image.height > PHOTO_MAX_PIXELS:
                raise unreadable
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise unreadable from exc
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        background = Image.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    elif picture.mode != "RGB":
        picture = picture.convert("RGB")
    side = settings.KHCN_PHOTO_MAX_SIDE
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: no metadata
    return out.getvalue(), picture.width, picture.height


def photo_add(*, user: Any, product: Product, upload: Any, caption: str = "") -> ProductPhoto:
    """Add a photo to the product, resized and stripped of its metadata (`photo_prepare`)."""
    _require(user, "products.change_product", product)
    content, width, height = photo_prepare(upload)
    with transaction.atomic():
        last = product.photos.aggregate(last=Max("position"))["last"]
        photo = ProductPhoto(product=product, caption=_clean_text(caption)[:200], position=(last or 0) + 1)
        photo.image.save("photo.jpg", ContentFile(content), save=False)
        photo.width, photo.height = width, height
        photo.save()
        _touch(product, user)
    return photo


def photo_delete(*, user: Any, photo: ProductPhoto) -> None:
    _require(user, "products.change_product", photo.product)
    with transaction.atomic():
        photo.delete()
        _touch(photo.product, user)
    photo.image.delete(save=False)
