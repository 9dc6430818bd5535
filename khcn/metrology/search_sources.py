"""What the site-wide search finds among instruments, announcements and laboratories."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.metrology.models import Announcement, Instrument, Laboratory


def _instrument(x: Instrument) -> SearchDoc:
    return SearchDoc(
        title=str(x),
        text=text_of(x.model_name, x.organisation.name, x.location),
        url=x.get_absolute_url(),
        unit_id=x.unit_id,
        organisation_id=x.organisation_id,
    )


def _announcement(x: Announcement) -> SearchDoc:
    return SearchDoc(
        title=str(x),
        text=text_of(x.organisation.name, x.standard_code, x.get_kind_display()),
        url=x.get_absolute_url(),
        unit_id=x.unit_id,
        organisation_id=x.organisation_id,
        year=x.received_on.year,
    )


def _laboratory(x: Laboratory) -> SearchDoc:
    return SearchDoc(
        title=x.name,
        text=text_of(x.organisation.name, x.fields_covered, x.accreditation, x.capacity),
        url=x.get_absolute_url(),
        unit_id=x.unit_id,
        organisation_id=x.organisation_id,
    )


SOURCES = (
    SearchSource(
        kind="metrology.instrument",
        label=_("Measuring instruments"),
        model=Instrument,
        document=_instrument,
        queryset=lambda: Instrument.objects.select_related("kind", "organisation"),
    ),
    SearchSource(
        kind="metrology.announcement",
        label=_("Conformity announcements"),
        model=Announcement,
        document=_announcement,
        queryset=lambda: Announcement.objects.select_related("organisation"),
    ),
    SearchSource(
        kind="metrology.laboratory",
        label=_("Testing and calibration laboratories"),
        model=Laboratory,
        document=_laboratory,
        queryset=lambda: Laboratory.objects.select_related("organisation"),
    ),
)
