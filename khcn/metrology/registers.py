"""The metrology registers as `khcn.registers` sees them."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.geo.models import AdminUnit, Organisation
from khcn.metrology import filters, forms, services, tables
from khcn.metrology.models import (
    Announcement,
    DueState,
    Instrument,
    InstrumentKind,
    Laboratory,
    Verification,
)
from khcn.registers.imports import Column, lookup, template_bytes, workbook_import
from khcn.registers.pages import Register, Section
from khcn.registers.services import record_delete, record_save

VIEW, CHANGE = "metrology.view_registry", "metrology.change_record"


def _day(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _link(obj: Any) -> Any:
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj)


def _saver(model: type) -> Any:
    def save(*, user: Any, instance: Any, expected_version: int | None, fields: dict[str, Any]) -> Any:
        return record_save(
            user=user, model=model, perm=CHANGE, instance=instance, expected_version=expected_version, fields=fields
        )

    return save


def _delete(*, user: Any, instance: Any) -> None:
    record_delete(user=user, perm=CHANGE, instance=instance)


def _instrument_sections(user: Any, instrument: Instrument) -> list[Section]:
    from khcn.enforcement.selectors import inspections_of

    add = reverse("metrology:record_create", args=["verifications"]) + f"?instrument={instrument.pk}"
    return [
        Section(
            _("Verifications"),
            [
                _("Verified on"),
                _("Verifying body"),
                _("Result"),
                _("Certificate or stamp number"),
                _("Next verification due"),
            ],
            [
                [_link(v), v.body, v.get_result_display(), v.certificate, _day(v.next_due_on)]
                for v in instrument.verifications.all()
            ],
            add if user.has_perm(CHANGE, instrument) else "",
        ),
        Section(
            _("Inspections and checks"),
            [_("Starts on"), _("Kind"), _("Findings")],
            [
                [_link(x), x.get_kind_display(), x.findings]
                for x in inspections_of(user=user, area="metrology", record_id=instrument.pk)
            ],
        ),
    ]


def _instrument_badges(instrument: Instrument) -> list[tuple[str, str]]:
    state = tables.due_state(instrument)
    return [(str(DueState(state).label), tables.DUE_CSS[state])]


def _organisations(user: Any) -> QuerySet:
    return visible(Organisation.objects.all(), user, action="change")


def _units(user: Any) -> QuerySet:
    return visible(AdminUnit.objects.current(), user, action="change")


def _instruments(user: Any) -> QuerySet:
    return visible(Instrument.objects.all(), user, action="change")


ORG = lookup(_organisations, field="name", message="Không có tổ chức “%(value)s” trong phạm vi của bạn.")
UNIT = lookup(_units, field="name", message="Không có xã, phường “%(value)s” trong phạm vi của bạn.")
INSTRUMENT_COLUMNS = [
    Column(
        "Loại phương tiện đo",
        "kind",
        lookup(
            lambda user: InstrumentKind.objects.all(), field="name", message="Không có loại phương tiện đo “%(value)s”."
        ),
        required=True,
    ),
    Column("Kiểu, nhãn hiệu", "model_name"),
    Column("Số sản xuất", "serial", required=True),
    Column("Tổ chức sở hữu", "organisation", ORG, required=True),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Nơi sử dụng", "location"),
    Column("Tình trạng", "status", required=True),
]
VERIFICATION_COLUMNS = [
    Column(
        "Số sản xuất",
        "instrument",
        lookup(
            _instruments,
            field="serial",
            message="Không có phương tiện đo số “%(value)s” trong phạm vi của bạn (hoặc có nhiều hơn một).",
        ),
        required=True,
    ),
    Column("Ngày kiểm định", "verified_on", required=True),
    Column("Đơn vị kiểm định", "body", required=True),
    Column("Kết quả", "result", required=True),
    Column("Số tem, giấy chứng nhận", "certificate"),
]


def _instrument_import(*, user: Any, file: Any) -> Any:
    def save(user: Any, fields: dict[str, Any]) -> Any:
        return record_save(
            user=user, model=Instrument, perm=CHANGE, instance=None, expected_version=None, fields=fields
        )

    return workbook_import(
        user=user,
        file=file,
        sheet="Phương tiện đo",
        columns=INSTRUMENT_COLUMNS,
        form_class=forms.InstrumentForm,
        save=save,
    )


def _verification_import(*, user: Any, file: Any) -> Any:
    def save(user: Any, fields: dict[str, Any]) -> Any:
        return services.verification_save(user=user, instance=None, expected_version=None, fields=fields)

    return workbook_import(
        user=user,
        file=file,
        sheet="Kiểm định",
        columns=VERIFICATION_COLUMNS,
        form_class=forms.VerificationForm,
        save=save,
    )


def _initial(name: str) -> Any:
    def initial(request: Any) -> dict[str, Any]:
        value = request.GET.get(name, "")
        return {name: value} if value.isdigit() and len(value) < 19 else {}

    return initial


KINDS = Register(
    app="metrology",
    kind="kinds",
    model=InstrumentKind,
    title=_("Instrument kinds"),
    singular=_("instrument kind"),
    lead=_("The kinds of measuring instruments subject to verification and the cycle of each."),
    icon="list-ol",
    queryset=lambda: InstrumentKind.objects.all(),
    filterset=filters.InstrumentKindFilter,
    table=tables.InstrumentKindTable,
    form=forms.InstrumentKindForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=_saver(InstrumentKind),
    delete=_delete,
    detail=lambda k: [(_("verification cycle (months)"), k.cycle_months), (_("legal basis or note"), k.note)],
    export_name="loai-phuong-tien-do",
)

INSTRUMENTS = Register(
    app="metrology",
    kind="instruments",
    model=Instrument,
    title=_("Measuring instruments"),
    singular=_("measuring instrument"),
    lead=_("Group 2 measuring instruments subject to verification, with the next verification due."),
    icon="speedometer2",
    queryset=lambda: Instrument.objects.select_related("kind", "organisation", "unit"),
    filterset=filters.InstrumentFilter,
    table=tables.InstrumentTable,
    form=forms.InstrumentForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=_saver(Instrument),
    delete=_delete,
    detail=lambda i: [
        (_("kind"), i.kind),
        (_("make and model"), i.model_name),
        (_("serial number"), i.serial),
        (_("owner organisation"), i.organisation),
        (_("commune or ward"), i.unit),
        (_("where it is used"), i.location),
        (_("status"), i.get_status_display()),
        (_("next verification due"), _day(i.next_due_on)),
    ],
    export_name="phuong-tien-do",
    sections=_instrument_sections,
    badges=_instrument_badges,
    importer=_instrument_import,
    template=lambda: template_bytes(sheet="Phương tiện đo", columns=INSTRUMENT_COLUMNS),
    import_help=_(
        "One instrument per row; the kind, organisation and commune are written by name, the status "
        "by its code (in_use, out_of_service)."
    ),
    extra_links=[(_("Instrument kinds"), reverse_lazy("metrology:kinds_list"))],
)

VERIFICATIONS = Register(
    app="metrology",
    kind="verifications",
    model=Verification,
    title=_("Verifications"),
    singular=_("verification"),
    lead=_("Verifications of measuring instruments; the next due date follows from the kind's cycle."),
    icon="patch-check",
    queryset=lambda: Verification.objects.select_related("instrument__kind"),
    filterset=filters.VerificationFilter,
    table=tables.VerificationTable,
    form=forms.VerificationForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=services.verification_save,
    delete=services.verification_delete,
    detail=lambda v: [
        (_("instrument"), _link(v.instrument)),
        (_("verified on"), _day(v.verified_on)),
        (_("verifying body"), v.body),
        (_("result"), v.get_result_display()),
        (_("certificate or stamp number"), v.certificate),
        (_("next verification due"), _day(v.next_due_on)),
    ],
    export_name="kiem-dinh",
    importer=_verification_import,
    template=lambda: template_bytes(sheet="Kiểm định", columns=VERIFICATION_COLUMNS),
    import_help=_(
        "One verification per row; the instrument is written by its serial number, the result as pass or fail."
    ),
    form_initial=_initial("instrument"),
)

ANNOUNCEMENTS = Register(
    app="metrology",
    kind="announcements",
    model=Announcement,
    title=_("Conformity announcements"),
    singular=_("conformity announcement"),
    lead=_("Announcements of conformity with standards and technical regulations received by the Department."),
    icon="megaphone",
    queryset=lambda: Announcement.objects.select_related("organisation", "unit"),
    filterset=filters.AnnouncementFilter,
    table=tables.AnnouncementTable,
    form=forms.AnnouncementForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=_saver(Announcement),
    delete=_delete,
    detail=lambda a: [
        (_("organisation"), a.organisation),
        (_("commune or ward"), a.unit),
        (_("kind"), a.get_kind_display()),
        (_("product, goods or service"), a.product),
        (_("standard or regulation"), a.standard_code),
        (_("received on"), _day(a.received_on)),
    ],
    export_name="cong-bo-hop-chuan-hop-quy",
)

LABORATORIES = Register(
    app="metrology",
    kind="laboratories",
    model=Laboratory,
    title=_("Testing and calibration laboratories"),
    singular=_("laboratory"),
    lead=_(
        "Testing and calibration laboratories, their accreditation and capacity; the Department "
        "asked the city to invest in them."
    ),
    icon="eyedropper",
    queryset=lambda: Laboratory.objects.select_related("organisation", "unit"),
    filterset=filters.LaboratoryFilter,
    table=tables.LaboratoryTable,
    form=forms.LaboratoryForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=_saver(Laboratory),
    delete=_delete,
    detail=lambda x: [
        (_("organisation"), x.organisation),
        (_("commune or ward"), x.unit),
        (_("fields tested or calibrated"), x.fields_covered),
        (_("accreditation number"), x.accreditation),
        (_("accreditation expires on"), _day(x.accreditation_expires_on)),
        (_("capacity and investment needs"), x.capacity),
    ],
    export_name="phong-thu-nghiem",
    badges=lambda x: [(str(_("Accreditation expiring")), "text-bg-warning")] if tables.lab_expiring(x) else [],
)

REGISTERS = {r.kind: r for r in (KINDS, INSTRUMENTS, VERIFICATIONS, ANNOUNCEMENTS, LABORATORIES)}
