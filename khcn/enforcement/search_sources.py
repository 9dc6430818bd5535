"""What the site-wide search finds among inspections and sanction decisions (their scope)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.enforcement.models import Decision, Inspection


def _inspection(x: Inspection) -> SearchDoc:
    return SearchDoc(
        title=str(x),
        text=text_of(x.get_area_display(), x.get_kind_display(), x.decision_number, x.team, x.findings),
        url=x.get_absolute_url(),
        unit_id=x.unit_id,
        organisation_id=x.organisation_id,
        year=x.starts_on.year,
    )


def _decision(x: Decision) -> SearchDoc:
    return SearchDoc(
        title=x.number,
        text=text_of(x.inspection.organisation.name, x.violation, x.remedies),
        url=x.get_absolute_url(),
        unit_id=x.inspection.unit_id,
        organisation_id=x.inspection.organisation_id,
        year=x.issued_on.year,
    )


SOURCES = (
    SearchSource(
        kind="enforcement.inspection",
        label=_("Inspections and checks"),
        model=Inspection,
        document=_inspection,
        queryset=lambda: Inspection.objects.select_related("organisation"),
    ),
    SearchSource(
        kind="enforcement.decision",
        label=_("Sanction decisions"),
        model=Decision,
        document=_decision,
        queryset=lambda: Decision.objects.select_related("inspection__organisation"),
    ),
)
