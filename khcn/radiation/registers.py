"""The radiation registers as `khcn.registers` sees them: what each list, detail, form and
import of facilities, sources, licences and incidents reads and writes."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.radiation import filters, forms, tables
from khcn.radiation.models import (
    Facility,
    FacilityKind,
    Incident,
    Licence,
    LicenceState,
    Severity,
    Source,
    SourceKind,
    SourceStatus,
)
from khcn.registers.describe import day, initial_from_query, link, record_deleter, record_saver
from khcn.registers.imports import ORGANISATION, UNIT, Column, choice, lookup, record_import
from khcn.registers.pages import Register, Section

VIEW, CHANGE = "radiation.view_registry", "radiation.change_record"
DELETE = record_deleter(CHANGE)


def _add(kind: str, facility: Facility) -> str:
    return reverse("radiation:record_create", args=[kind]) + f"?facility={facility.pk}"


def _facility_sections(user: Any, facility: Facility) -> list[Section]:
    from khcn.enforcement.registers import inspections_section

    today = timezone.localdate()
    notice = settings.KHCN_RADIATION_LICENCE_NOTICE_DAYS
    can_add = user.has_perm(CHANGE, facility)
    return [
        Section(
            _("Licences"),
            [_("Licence number"), _("Issued on"), _("Expires on"), _("State")],
            [
                [link(x), day(x.issued_on), day(x.expires_on), LicenceState(x.state(today, notice)).label]
                for x in facility.licences.all()
            ],
            _add("licences", facility) if can_add else "",
        ),
        Section(
            _("Sources and devices"),
            [_("Serial number"), _("Kind"), _("Status")],
            [[link(x), x.get_kind_display(), x.get_status_display()] for x in facility.sources.all()],
            _add("sources", facility) if can_add else "",
        ),
        Section(
            _("Incidents"),
            [_("Occurred on"), _("Severity"), _("Description")],
            [[link(x), x.get_severity_display(), x.description] for x in facility.incidents.all()],
            _add("incidents", facility) if can_add else "",
        ),
        inspections_section(user, area="radiation", record_id=facility.pk),
    ]


def _licence_badges(licence: Licence) -> list[tuple[str, str]]:
    state = tables.licence_state(licence)
    return [(str(LicenceState(state).label), tables.STATE_CSS[state])]


def _facilities(user: Any) -> QuerySet:
    return visible(Facility.objects.all(), user, action="change")


FACILITY = lookup(_facilities, field="name", message="Không có cơ sở “%(value)s” trong phạm vi của bạn.")
FACILITY_COLUMNS = [
    Column("Tên cơ sở", "name", required=True),
    Column("Tổ chức", "organisation", ORGANISATION, required=True),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Địa chỉ", "address"),
    Column("Loại", "kind", choice(FacilityKind), required=True),
    Column("Người phụ trách an toàn", "safety_officer"),
    Column("Ghi chú", "notes"),
]
LICENCE_COLUMNS = [
    Column("Cơ sở", "facility", FACILITY, required=True),
    Column("Số giấy phép", "number", required=True),
    Column("Công việc được phép", "activities", required=True),
    Column("Cơ quan cấp", "issued_by"),
    Column("Ngày cấp", "issued_on", required=True),
    Column("Ngày hết hạn", "expires_on", required=True),
]
SOURCE_COLUMNS = [
    Column("Cơ sở", "facility", FACILITY, required=True),
    Column("Loại", "kind", choice(SourceKind), required=True),
    Column("Kiểu, nhãn hiệu", "model_name", required=True),
    Column("Số sê-ri", "serial", required=True),
    Column("Đồng vị", "isotope"),
    Column("Hoạt độ (GBq)", "activity_gbq"),
    Column("Điện áp cao nhất (kV)", "kv_max"),
    Column("Dòng cao nhất (mA)", "ma_max"),
    Column("Tình trạng", "status", choice(SourceStatus), required=True),
]
INCIDENT_COLUMNS = [
    Column("Cơ sở", "facility", FACILITY, required=True),
    Column("Ngày xảy ra", "occurred_on", required=True),
    Column("Mức độ", "severity", choice(Severity), required=True),
    Column("Mô tả", "description", required=True),
    Column("Biện pháp đã thực hiện", "measures"),
]


FACILITIES = Register(
    app="radiation",
    kind="facilities",
    model=Facility,
    title=_("Radiation facilities"),
    singular=_("radiation facility"),
    lead=_("Facilities using radiation: X-ray rooms, nuclear medicine, industrial radiography and gauges."),
    icon="radioactive",
    queryset=lambda: Facility.objects.select_related("organisation", "unit"),
    filterset=filters.FacilityFilter,
    table=tables.FacilityTable,
    form=forms.FacilityForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=record_saver(Facility, CHANGE),
    delete=DELETE,
    detail=lambda f: [
        (_("organisation"), f.organisation),
        (_("commune or ward"), f.unit),
        (_("address"), f.address),
        (_("kind"), f.get_kind_display()),
        (_("radiation safety officer"), f.safety_officer),
        (_("notes"), f.notes),
    ],
    export_name="co-so-buc-xa",
    sections=_facility_sections,
    **record_import(
        sheet="Cơ sở",
        columns=FACILITY_COLUMNS,
        form=forms.FacilityForm,
        save=record_saver(Facility, CHANGE),
        help=_(
            "One facility per row; the organisation is written by its tax code or name, the commune by "
            "its name or code, the kind as written on the list (or its code)."
        ),
    ),
)

SOURCES = Register(
    app="radiation",
    kind="sources",
    model=Source,
    title=_("Radiation sources and devices"),
    singular=_("radiation source or device"),
    lead=_("The X-ray devices and radioactive sources of each facility, with their bounds and status."),
    icon="lightning-charge",
    queryset=lambda: Source.objects.select_related("facility"),
    filterset=filters.SourceFilter,
    table=tables.SourceTable,
    form=forms.SourceForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=record_saver(Source, CHANGE),
    delete=DELETE,
    detail=lambda s: [
        (_("facility"), link(s.facility)),
        (_("kind"), s.get_kind_display()),
        (_("make and model"), s.model_name),
        (_("serial number"), s.serial),
        (_("isotope"), s.isotope),
        (_("activity (GBq)"), s.activity_gbq),
        (_("highest voltage (kV)"), s.kv_max),
        (_("highest current (mA)"), s.ma_max),
        (_("status"), s.get_status_display()),
    ],
    export_name="nguon-buc-xa",
    **record_import(
        sheet="Nguồn bức xạ",
        columns=SOURCE_COLUMNS,
        form=forms.SourceForm,
        save=record_saver(Source, CHANGE),
        help=_(
            "One source or device per row; the facility is written by its name, the kind and the status as "
            "written on the list (or their codes), numbers with a dot for decimals."
        ),
    ),
    form_initial=initial_from_query("facility"),
)

LICENCES = Register(
    app="radiation",
    kind="licences",
    model=Licence,
    title=_("Radiation licences"),
    singular=_("radiation licence"),
    lead=_("Licences for radiation work with their expiry; the holders are alerted before a licence expires."),
    icon="file-earmark-check",
    queryset=lambda: Licence.objects.select_related("facility", "renews"),
    filterset=filters.LicenceFilter,
    table=tables.LicenceTable,
    form=forms.LicenceForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=record_saver(Licence, CHANGE),
    delete=DELETE,
    detail=lambda x: [
        (_("facility"), link(x.facility)),
        (_("activities licensed"), x.activities),
        (_("issued by"), x.issued_by),
        (_("issued on"), day(x.issued_on)),
        (_("expires on"), day(x.expires_on)),
        (_("renewal of"), link(x.renews) if x.renews else ""),
    ],
    export_name="giay-phep-buc-xa",
    badges=_licence_badges,
    **record_import(
        sheet="Giấy phép",
        columns=LICENCE_COLUMNS,
        form=forms.LicenceForm,
        save=record_saver(Licence, CHANGE),
        help=_("One licence per row; the facility is written by its name, dates as dd/mm/yyyy."),
    ),
    form_initial=initial_from_query("facility"),
)

INCIDENTS = Register(
    app="radiation",
    kind="incidents",
    model=Incident,
    title=_("Radiation incidents"),
    singular=_("radiation incident"),
    lead=_("Incidents at radiation facilities, their severity and the measures taken."),
    icon="exclamation-octagon",
    queryset=lambda: Incident.objects.select_related("facility"),
    filterset=filters.IncidentFilter,
    table=tables.IncidentTable,
    form=forms.IncidentForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=record_saver(Incident, CHANGE),
    delete=DELETE,
    detail=lambda x: [
        (_("facility"), link(x.facility)),
        (_("occurred on"), day(x.occurred_on)),
        (_("severity"), x.get_severity_display()),
        (_("description"), x.description),
        (_("measures taken"), x.measures),
    ],
    export_name="su-co-buc-xa",
    **record_import(
        sheet="Sự cố",
        columns=INCIDENT_COLUMNS,
        form=forms.IncidentForm,
        save=record_saver(Incident, CHANGE),
        help=_(
            "One incident per row; the facility is written by its name, the severity as written on the list "
            "(or its code), the date as dd/mm/yyyy."
        ),
    ),
    form_initial=initial_from_query("facility"),
)

REGISTERS = {r.kind: r for r in (FACILITIES, SOURCES, LICENCES, INCIDENTS)}
