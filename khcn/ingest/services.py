"""Turning a confirmed draft into records, through the meetings services.

Nothing is written before the officer confirms: the draft lives in the page's form. Confirming
creates the session (meetings.services.meeting_create, which checks every unit against the
officer's write scope), its attendees, the follow-up items with the sentence each was read
from (item_add, scope-checked the same way), the figures quoted (SessionFigure) and the
minutes' general part (products, difficulties, the source), all in one transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khcn.accounts.scoping import unit_check_writable, visible
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.geo.models import AdminUnit
from khcn.ingest.models import SessionFigure, SessionProduct
from khcn.meetings import services as meetings
from khcn.meetings.models import Meeting, MeetingRound
from khcn.products.models import Product
from khcn.programs.models import Indicator

UNIT_NOT_IN_SESSION = "unit_not_in_session"
PRODUCT_OUT_OF_SCOPE = "product_out_of_scope"


@dataclass(frozen=True)
class AttendeeDraft:
    name: str
    position: str
    kind: str


@dataclass(frozen=True)
class FigureDraft:
    value: str
    source_text: str
    indicator: Indicator | None = None
    unit: AdminUnit | None = None


@dataclass(frozen=True)
class ProductDraft:
    name: str
    source_text: str
    product: Product | None = None  # the catalogue's product it names, if the officer chose one


@dataclass(frozen=True)
class ItemDraft:
    kind: str
    text: str
    source_text: str
    topic: str
    units: list[AdminUnit]  # one item per unit ("the units of the session": all of them)
    raised_by: str = ""


def ingest_confirm(
    *,
    user: Any,
    title: str,
    starts_at: datetime,
    place: str,
    units: list[AdminUnit],
    round: MeetingRound | None = None,
    host_unit: AdminUnit | None = None,
    chair: str = "",
    attendees: Sequence[AttendeeDraft] = (),
    figures: Sequence[FigureDraft] = (),
    items: Sequence[ItemDraft] = (),
    minutes: str = "",
    products: Sequence[ProductDraft] = (),
) -> Meeting:
    """Create the session and what was read with it; all or nothing.

    The officer needs the right to run sessions (meetings.manage_meeting, checked again by
    each meetings service); every unit named (cluster, host, figures, items) must be in their
    write scope and, for figures and items, in the session's cluster.
    """
    if not user.has_perm("ingest.use_ingest"):
        raise PermissionDenied
    with transaction.atomic():
        meeting = meetings.meeting_create(
            user=user,
            title=title,
            starts_at=starts_at,
            place=place,
            units=units,
            round=round,
            host_unit=host_unit,
            chair=chair,
        )
        for attendee in attendees:
            meetings.attendee_add(
                user=user, meeting=meeting, kind=attendee.kind, name=attendee.name, position=attendee.position
            )
        cluster = {unit.pk for unit in units}
        for position, figure in enumerate(figures):
            if figure.unit is not None:
                unit_check_writable(user=user, unit=figure.unit, field="unit")
                if figure.unit.pk not in cluster:
                    raise ValidationError(
                        _("The unit of figure “%(value)s” is not one of the session's units.")
                        % {"value": figure.value},
                        code=UNIT_NOT_IN_SESSION,
                    )
            row = SessionFigure(
                meeting=meeting,
                unit=figure.unit,
                indicator=figure.indicator,
                value=nfc(figure.value).strip(),
                source_text=nfc(figure.source_text).strip(),
                position=position,
                created_by=user,
                updated_by=user,
            )
            attribute_to(row, user)
            row.full_clean()
            row.save()
        chosen = [draft.product.pk for draft in products if draft.product is not None]
        seen = set(visible(Product.objects.filter(pk__in=chosen), user).values_list("pk", flat=True))
        for position, draft in enumerate(products):
            if draft.product is not None and draft.product.pk not in seen:
                raise ValidationError(
                    _("The product linked to “%(name)s” is not one you may see.") % {"name": draft.name},
                    code=PRODUCT_OUT_OF_SCOPE,
                )
            named = SessionProduct(
                meeting=meeting,
                product=draft.product,
                name=nfc(draft.name).strip(),
                source_text=nfc(draft.source_text).strip(),
                position=position,
                created_by=user,
                updated_by=user,
            )
            attribute_to(named, user)
            named.full_clean()
            named.save()
        for item in items:
            for unit in item.units:
                meetings.item_add(
                    user=user,
                    unit=unit,
                    kind=item.kind,
                    text=item.text,
                    topic=item.topic,
                    meeting=meeting,
                    raised_by=item.raised_by,
                    source_text=item.source_text,
                )
        if nfc(minutes).strip():
            meeting = meetings.minutes_save(
                user=user,
                meeting=meeting,
                expected_version=meeting.version,
                minutes=minutes,
                conclusion="",
                unit_notes={},
            )
    return meeting
