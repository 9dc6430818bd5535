"""The metrology lists (django-tables2)."""

from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.metrology.models import Announcement, DueState, Instrument, InstrumentKind, Laboratory, Verification

ATTRS = {"class": "table table-hover align-middle mb-0"}
DUE_CSS: dict[str, str] = {
    DueState.OK: "text-bg-success",
    DueState.DUE: "text-bg-warning",
    DueState.OVERDUE: "text-bg-danger",
    DueState.NEVER: "text-bg-secondary",
}


def due_state(instrument: Instrument) -> str:
    return instrument.due_state(timezone.localdate(), settings.KHCN_VERIFICATION_NOTICE_DAYS)


def lab_expiring(lab: Laboratory) -> bool:
    if lab.accreditation_expires_on is None:
        return False
    days = (lab.accreditation_expires_on - timezone.localdate()).days
    return days <= settings.KHCN_LAB_ACCREDITATION_NOTICE_DAYS


class InstrumentKindTable(tables.Table):
    name = tables.Column(verbose_name=_("Kind"), linkify=True)
    cycle_months = tables.Column(verbose_name=_("Verification cycle (months)"))
    note = tables.Column(verbose_name=_("Legal basis or note"))

    class Meta:
        model = InstrumentKind
        fields = ("name", "cycle_months", "note")
        attrs = ATTRS
        empty_text = _("No kind matches these filters.")


class InstrumentTable(tables.Table):
    serial = tables.Column(verbose_name=_("Serial number"), linkify=True)
    kind = tables.Column(verbose_name=_("Kind"), order_by=("kind__name",))
    organisation = tables.Column(verbose_name=_("Owner organisation"), order_by=("organisation__name",))
    unit = tables.Column(verbose_name=_("Commune or ward"), order_by=("unit__sort_key",))
    next_due_on = tables.DateColumn(verbose_name=_("Next verification due"), format="SHORT_DATE_FORMAT")
    due = tables.Column(verbose_name=_("Verification"), empty_values=(), orderable=False)

    class Meta:
        model = Instrument
        fields = ("serial", "kind", "organisation", "unit", "next_due_on", "due")
        attrs = ATTRS
        empty_text = _("No instrument matches these filters.")

    def render_due(self, record: Instrument) -> Any:
        state = due_state(record)
        return format_html('<span class="badge {}">{}</span>', DUE_CSS[state], DueState(state).label)

    def value_due(self, record: Instrument) -> str:
        return str(DueState(due_state(record)).label)


class VerificationTable(tables.Table):
    verified_on = tables.DateColumn(verbose_name=_("Verified on"), format="SHORT_DATE_FORMAT", linkify=True)
    instrument = tables.Column(verbose_name=_("Instrument"), linkify=True, order_by=("instrument__serial",))
    body = tables.Column(verbose_name=_("Verifying body"))
    result = tables.Column(verbose_name=_("Result"))
    certificate = tables.Column(verbose_name=_("Certificate or stamp number"))
    next_due_on = tables.DateColumn(verbose_name=_("Next verification due"), format="SHORT_DATE_FORMAT")

    class Meta:
        model = Verification
        fields = ("verified_on", "instrument", "body", "result", "certificate", "next_due_on")
        attrs = ATTRS
        empty_text = _("No verification matches these filters.")


class AnnouncementTable(tables.Table):
    number = tables.Column(verbose_name=_("Receipt number"), linkify=True)
    received_on = tables.DateColumn(verbose_name=_("Received on"), format="SHORT_DATE_FORMAT")
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__name",))
    product = tables.Column(verbose_name=_("Product, goods or service"))
    standard_code = tables.Column(verbose_name=_("Standard or regulation"))
    kind = tables.Column(verbose_name=_("Kind"))

    class Meta:
        model = Announcement
        fields = ("number", "received_on", "organisation", "product", "standard_code", "kind")
        attrs = ATTRS
        empty_text = _("No announcement matches these filters.")


class LaboratoryTable(tables.Table):
    name = tables.Column(verbose_name=_("Laboratory"), linkify=True)
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__name",))
    accreditation = tables.Column(verbose_name=_("Accreditation number"))
    accreditation_expires_on = tables.DateColumn(verbose_name=_("Accreditation expires on"), format="SHORT_DATE_FORMAT")
    fields_covered = tables.Column(verbose_name=_("Fields tested or calibrated"))

    class Meta:
        model = Laboratory
        fields = ("name", "organisation", "accreditation", "accreditation_expires_on", "fields_covered")
        attrs = ATTRS
        empty_text = _("No laboratory matches these filters.")

    def render_accreditation_expires_on(self, value: Any, record: Laboratory) -> Any:
        shown = value.strftime("%d/%m/%Y")
        if lab_expiring(record):
            return format_html('{} <span class="badge text-bg-warning">{}</span>', shown, _("Expiring"))
        return shown
