"""What the site-wide search finds among radiation facilities and licences (their scope)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.radiation.models import Facility, Licence


def _facility(f: Facility) -> SearchDoc:
    return SearchDoc(
        title=f.name,
        text=text_of(f.organisation.name, f.address, f.get_kind_display(), f.safety_officer),
        url=f.get_absolute_url(),
        unit_id=f.unit_id,
        organisation_id=f.organisation_id,
    )


def _licence(x: Licence) -> SearchDoc:
    return SearchDoc(
        title=x.number,
        text=text_of(x.facility.name, x.activities, x.issued_by),
        url=x.get_absolute_url(),
        unit_id=x.facility.unit_id,
        organisation_id=x.facility.organisation_id,
        year=x.issued_on.year,
    )


SOURCES = (
    SearchSource(
        kind="radiation.facility",
        label=_("Radiation facilities"),
        model=Facility,
        document=_facility,
        queryset=lambda: Facility.objects.select_related("organisation"),
    ),
    SearchSource(
        kind="radiation.licence",
        label=_("Radiation licences"),
        model=Licence,
        document=_licence,
        queryset=lambda: Licence.objects.select_related("facility"),
    ),
)
