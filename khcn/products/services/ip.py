"""Writes to IP dossiers: create and edit an asset, move it through its stages, renew a mark,
attach documents. Pages and the API call these (STYLE.md §2).

Every move is an `IpStageEvent` row (the dossier's timeline) beside the asset's history. The
stages and their order are DOMAIN.md §6.3; the allowed moves are `ip_workflow.IP_MOVES`.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khcn.accounts.scoping import (
    OUT_OF_SCOPE,
    organisation_check_writable,
    scope_for,
    unit_check_in_force,
    unit_check_writable,
    visible,
)
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.core.uploads import check_upload
from khcn.geo.models import AdminUnit, Organisation
from khcn.products.ip_workflow import IP_MOVES
from khcn.products.models import IpAsset, IpDocument, IpKind, IpStage, IpStageEvent, Product, months_after

# Stable codes of the refusals (the API returns them; tests check them).
MOVE_NOT_ALLOWED = "move_not_allowed"
DATE_BEFORE_PREVIOUS = "date_before_previous"
DATE_IN_FUTURE = "date_in_future"
APPLICATION_NUMBER_REQUIRED = "application_number_required"
CERTIFICATE_NUMBER_REQUIRED = "certificate_number_required"
NOT_RENEWABLE = "not_renewable"
FIRST_STAGE = "first_stage"
STAGE_NOT_REACHED = "stage_not_reached"

FIRST_STAGES = (IpStage.SURVEY, IpStage.DOSSIER)
MARK_KINDS = frozenset({IpKind.COLLECTIVE_MARK, IpKind.CERTIFICATION_MARK, IpKind.ORDINARY_MARK})


def _require_change(user: Any, asset: IpAsset) -> None:
    if not user.has_perm("products.change_ipasset", asset):
        raise PermissionDenied


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_products(user: Any, products: Iterable[Product]) -> list[Product]:
    """The products covered must be ones the user may change: visible, and their commune in the
    user's write scope (a Department account limited to some communes included)."""
    products = list(products)
    rows = visible(Product.objects.filter(pk__in=[p.pk for p in products]), user, action="change")
    scope = scope_for(user, writing=True)
    allowed = {pk for pk, path in rows.values_list("pk", "unit__path") if scope.covers_path(path)}
    if any(p.pk not in allowed for p in products):
        raise _error(
            "products", _("No such product in your scope. Choose products of communes you act for."), OUT_OF_SCOPE
        )
    return products


def _check_support_task(user: Any, task: Any) -> None:
    """The research task funding the dossier must be one the user can see."""
    if task is None:
        return
    from khcn.research.models import ResearchTask

    if not visible(ResearchTask.objects.filter(pk=task.pk), user).exists():
        raise _error("support_task", _("No such S&T task in your scope."), OUT_OF_SCOPE)


def _check_day(on: date, *, after: date | None, field: str = "on") -> None:
    """A stage's date is never in the future, nor before the previous stage's date."""
    today = timezone.localdate()
    if on > today:
        raise _error(
            field,
            _("The date %(day)s is in the future. Enter the day the step actually happened.")
            % {"day": date_format(on, "SHORT_DATE_FORMAT")},
            DATE_IN_FUTURE,
        )
    if after is not None and on < after:
        raise _error(
            field,
            _("The date cannot be before %(day)s, the date of the previous stage.")
            % {"day": date_format(after, "SHORT_DATE_FORMAT")},
            DATE_BEFORE_PREVIOUS,
        )


def ip_asset_create(
    *,
    user: Any,
    name: str,
    kind: str,
    unit: AdminUnit,
    owner_name: str,
    stage_since: date,
    stage: str = IpStage.SURVEY,
    owner_organisation: Organisation | None = None,
    products: Iterable[Product] = (),
    nice_classes: str = "",
    regulation: str = "",
    support_task: Any = None,
    support_note: str = "",
    note: str = "",
    is_demo: bool = False,
) -> IpAsset:
    """Open the dossier of a mark or geographical indication; its first event is written.

    A dossier starts at the survey or while its dossier is prepared (DOMAIN.md §6.3); later
    stages are reached through `ip_move`, so every filing and grant has its date and number.
    """
    asset = IpAsset(unit=unit)
    if not user.has_perm("products.change_ipasset", asset):
        raise PermissionDenied
    unit_check_writable(user=user, unit=unit)
    unit_check_in_force(unit=unit)  # a new dossier is for a commune of today (DOMAIN.md §1.3)
    organisation_check_writable(user=user, organisation=owner_organisation, field="owner_organisation")
    products = _check_products(user, products)
    _check_support_task(user, support_task)
    if stage not in FIRST_STAGES:
        raise _error("stage", _("A new dossier starts at the survey or while its dossier is prepared."), FIRST_STAGE)
    _check_day(stage_since, after=None, field="stage_since")
    with transaction.atomic():
        asset = IpAsset(
            name=" ".join(nfc(name).split()),
            kind=kind,
            unit=unit,
            owner_name=" ".join(nfc(owner_name).split()),
            owner_organisation=owner_organisation,
            nice_classes=nice_classes.strip(),
            regulation=nfc(regulation).strip(),
            stage=stage,
            stage_since=stage_since,
            support_task=support_task,
            support_note=nfc(support_note).strip(),
            is_demo=is_demo,
            created_by=user,
            updated_by=user,
        )
        attribute_to(asset, user)
        asset.full_clean()
        asset.save()
        asset.products.set(products)
        IpStageEvent.objects.create(asset=asset, stage=stage, on=stage_since, note=nfc(note).strip(), actor=user)
    return asset


def ip_asset_update(
    *, user: Any, asset: IpAsset, expected_version: int, products: Iterable[Product] | None = None
) -> IpAsset:
    """Save the edits already set on `asset` (by the form); a stale copy is refused.

    The stage, its dates and numbers change only through `ip_move` and `ip_renew`.
    """
    current = IpAsset.objects.select_related("unit").get(pk=asset.pk)
    _require_change(user, current)
    unit_check_writable(user=user, unit=asset.unit)
    organisation_check_writable(user=user, organisation=asset.owner_organisation, field="owner_organisation")
    _check_support_task(user, asset.support_task)
    checked = _check_products(user, products) if products is not None else None
    with transaction.atomic():
        current = locked_current(asset, expected_version=expected_version)
        for field in ("stage", "stage_since", "application_number", "filed_on", "certificate_number", "granted_on"):
            setattr(asset, field, getattr(current, field))
        asset.expires_on = current.expires_on
        asset.version = current.version + 1
        asset.updated_by = user
        attribute_to(asset, user)
        asset.full_clean()
        asset.save()
        if checked is not None:
            # Products of communes outside the user's scope stay covered: the user cannot see them.
            hidden = asset.products.exclude(pk__in=visible(Product.objects.all(), user, action="change").values("pk"))
            asset.products.set([*checked, *hidden])
    return asset


def ip_move(
    *,
    user: Any,
    asset: IpAsset,
    to_stage: str,
    on: date,
    note: str = "",
    application_number: str = "",
    certificate_number: str = "",
    expected_version: int | None = None,
) -> IpAsset:
    """Move the dossier to `to_stage` on the day `on`, and write the event.

    Rules: only the moves of `ip_workflow.IP_MOVES`; the day is neither in the future nor before
    the current stage's day; moving to "filed" needs the application number (the filing date
    is `on`); moving to "granted" needs the certificate number (the grant date is `on`), and a
    mark is then protected until the filing date plus KHCN_IP_MARK_TERM_YEARS years (Law on
    IP Art. 93; a geographical indication indefinitely).
    """
    _require_change(user, asset)
    with transaction.atomic():
        current = locked_current(asset, expected_version=expected_version)
        if to_stage not in IP_MOVES.get(current.stage, frozenset()):
            labels = dict(IpStage.choices)
            raise _error(
                "to_stage",
                _("A dossier at “%(here)s” cannot move to “%(there)s”.")
                % {"here": labels.get(current.stage, current.stage), "there": labels.get(to_stage, to_stage)},
                MOVE_NOT_ALLOWED,
            )
        _check_day(on, after=current.stage_since)
        application_number = " ".join(nfc(application_number).split())
        certificate_number = " ".join(nfc(certificate_number).split())
        if to_stage == IpStage.FILED:
            if not application_number:
                raise _error(
                    "application_number",
                    _("Enter the application number the IP Office gave when the dossier was filed."),
                    APPLICATION_NUMBER_REQUIRED,
                )
            current.application_number = application_number
            current.filed_on = on
        if to_stage == IpStage.GRANTED:
            if not certificate_number:
                raise _error(
                    "certificate_number",
                    _("Enter the number of the certificate (văn bằng) granted."),
                    CERTIFICATE_NUMBER_REQUIRED,
                )
            current.certificate_number = certificate_number
            current.granted_on = on
            if current.kind in MARK_KINDS and current.filed_on:
                current.expires_on = months_after(current.filed_on, 12 * settings.KHCN_IP_MARK_TERM_YEARS)
        current.stage = to_stage
        current.stage_since = on
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.full_clean()
        current.save()
        IpStageEvent.objects.create(asset=current, stage=to_stage, on=on, note=nfc(note).strip(), actor=user)
    return current


def ip_renew(*, user: Any, asset: IpAsset, on: date, note: str = "", expected_version: int | None = None) -> IpAsset:
    """Renew a granted mark: its protection is extended by KHCN_IP_MARK_TERM_YEARS years from
    its current end (Law on IP Art. 93(6): renewable any number of times); an event records it.
    A geographical indication is protected indefinitely and is never renewed."""
    _require_change(user, asset)
    with transaction.atomic():
        current = locked_current(asset, expected_version=expected_version)
        if current.stage != IpStage.GRANTED or current.kind not in MARK_KINDS or current.expires_on is None:
            raise ValidationError(
                _("Only a granted mark with a protection end date can be renewed."), code=NOT_RENEWABLE
            )
        _check_day(on, after=current.granted_on)
        old_end = current.expires_on
        current.expires_on = months_after(old_end, 12 * settings.KHCN_IP_MARK_TERM_YEARS)
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.full_clean()
        current.save()
        text = _("Protection renewed from %(old)s to %(new)s.") % {
            "old": date_format(old_end, "SHORT_DATE_FORMAT"),
            "new": date_format(current.expires_on, "SHORT_DATE_FORMAT"),
        }
        note = nfc(note).strip()
        IpStageEvent.objects.create(
            asset=current, stage=IpStage.GRANTED, on=on, note=f"{text} {note}".strip(), actor=user
        )
    return current


def ip_document_add(*, user: Any, asset: IpAsset, stage: str, title: str, upload: Any) -> IpDocument:
    """Attach a document of the dossier to one of the stages it has reached.

    The file goes through `core.uploads.check_upload` (kind, size and content)."""
    if not user.has_perm("products.add_ip_document", asset):
        raise PermissionDenied
    if not asset.events.filter(stage=stage).exists():
        raise _error("stage", _("Choose a stage this dossier has reached."), STAGE_NOT_REACHED)
    file_name = check_upload(upload)
    title = " ".join(nfc(title).split()) or file_name
    document = IpDocument(asset=asset, stage=stage, title=title[:255], file_name=file_name, uploaded_by=user)
    with transaction.atomic():
        document.file.save(file_name, upload, save=False)
        document.full_clean()
        document.save()
    return document
