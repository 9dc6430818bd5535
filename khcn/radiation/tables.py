"""The radiation lists (django-tables2); exports read the same columns."""

from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.radiation.models import Facility, Incident, Licence, LicenceState, Source

ATTRS = {"class": "table table-hover align-middle mb-0"}
STATE_CSS: dict[str, str] = {
    LicenceState.VALID: "text-bg-success",
    LicenceState.EXPIRING: "text-bg-warning",
    LicenceState.EXPIRED: "text-bg-danger",
}


def licence_state(licence: Licence) -> str:
    return licence.state(timezone.localdate(), settings.KHCN_RADIATION_LICENCE_NOTICE_DAYS)


class FacilityTable(tables.Table):
    name = tables.Column(verbose_name=_("Facility"), linkify=True)
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__name",))
    unit = tables.Column(verbose_name=_("Commune or ward"), order_by=("unit__sort_key",))
    kind = tables.Column(verbose_name=_("Kind"))
    address = tables.Column(verbose_name=_("Address"))

    class Meta:
        model = Facility
        fields = ("name", "organisation", "unit", "kind", "address")
        attrs = ATTRS
        empty_text = _("No facility matches these filters.")


class SourceTable(tables.Table):
    serial = tables.Column(verbose_name=_("Serial number"), linkify=True)
    model_name = tables.Column(verbose_name=_("Make and model"))
    kind = tables.Column(verbose_name=_("Kind"))
    facility = tables.Column(verbose_name=_("Facility"), linkify=True, order_by=("facility__name",))
    activity_gbq = tables.Column(verbose_name=_("Activity (GBq)"))
    kv_max = tables.Column(verbose_name=_("kV"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Source
        fields = ("serial", "model_name", "kind", "facility", "activity_gbq", "kv_max", "status")
        attrs = ATTRS
        empty_text = _("No source or device matches these filters.")


class LicenceTable(tables.Table):
    number = tables.Column(verbose_name=_("Licence number"), linkify=True)
    facility = tables.Column(verbose_name=_("Facility"), linkify=True, order_by=("facility__name",))
    issued_on = tables.DateColumn(verbose_name=_("Issued on"), format="SHORT_DATE_FORMAT")
    expires_on = tables.DateColumn(verbose_name=_("Expires on"), format="SHORT_DATE_FORMAT")
    state = tables.Column(verbose_name=_("State"), empty_values=(), orderable=False)

    class Meta:
        model = Licence
        fields = ("number", "facility", "issued_on", "expires_on", "state")
        order_by = ("expires_on",)
        attrs = ATTRS
        empty_text = _("No licence matches these filters.")

    def render_state(self, record: Licence) -> Any:
        state = licence_state(record)
        return format_html('<span class="badge {}">{}</span>', STATE_CSS[state], LicenceState(state).label)

    def value_state(self, record: Licence) -> str:
        return str(LicenceState(licence_state(record)).label)


class IncidentTable(tables.Table):
    occurred_on = tables.DateColumn(verbose_name=_("Occurred on"), format="SHORT_DATE_FORMAT", linkify=True)
    facility = tables.Column(verbose_name=_("Facility"), linkify=True, order_by=("facility__name",))
    severity = tables.Column(verbose_name=_("Severity"))
    description = tables.Column(verbose_name=_("Description"))

    class Meta:
        model = Incident
        fields = ("occurred_on", "facility", "severity", "description")
        attrs = ATTRS
        empty_text = _("No incident matches these filters.")
