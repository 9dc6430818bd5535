"""The metrology registers as `khcn.registers` sees them."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.metrology import filters, forms, services, tables
from khcn.metrology.models import (
    Announcement,
    AnnouncementKind,
    DueState,
    Instrument,
    InstrumentKind,
    InstrumentStatus,
    Laboratory,
    Result,
    Verification,
)
from khcn.registers.describe import day, initial_from_query, link, record_deleter, record_saver
from khcn.registers.imports import ORGANISATION, UNIT, Column, choice, lookup, record_import
from khcn.registers.pages import Register, Section

VIEW, CHANGE = "metrology.view_registry", "metrology.change_record"
DELETE = record_deleter(CHANGE)


def _instrument_sections(user: Any, instrument: Instrument) -> list[Section]:
    from khcn.enforcement.registers import inspections_section

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
                [link(v), v.body, v.get_result_display(), v.certificate, day(v.next_due_on)]
                for v in instrument.verifications.all()
            ],
            add if user.has_perm(CHANGE, instrument) else "",
        ),
        inspections_section(user, area="metrology", record_id=instrument.pk),
    ]


def _instrument_badges(instrument: Instrument) -> list[tuple[str, str]]:
    state = tables.due_state(instrument)
    return [(str(DueState(state).label), tables.DUE_CSS[state])]


def _instruments(user: Any) -> QuerySet:
    return visible(Instrument.objects.all(), user, action="change")


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
    Column("Tổ chức sở hữu", "organisation", ORGANISATION, required=True),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Nơi sử dụng", "location"),
    Column("Tình trạng", "status", choice(InstrumentStatus), required=True),
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
    Column("Kết quả", "result", choice(Result), required=True),
    Column("Số tem, giấy chứng nhận", "certificate"),
]
KIND_COLUMNS = [
    Column("Tên loại phương tiện đo", "name", required=True),
    Column("Chu kỳ kiểm định (tháng)", "cycle_months", required=True),
    Column("Căn cứ pháp lý, ghi chú", "note"),
]
ANNOUNCEMENT_COLUMNS = [
    Column("Số tiếp nhận", "number", required=True),
    Column("Ngày tiếp nhận", "received_on", required=True),
    Column("Tổ chức công bố", "organisation", ORGANISATION, required=True),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Loại công bố", "kind", choice(AnnouncementKind), required=True),
    Column("Sản phẩm, hàng hóa, dịch vụ", "product", required=True),
    Column("Tiêu chuẩn, quy chuẩn", "standard_code", required=True),
]
LABORATORY_COLUMNS = [
    Column("Tên phòng thử nghiệm, hiệu chuẩn", "name", required=True),
    Column("Tổ chức", "organisation", ORGANISATION, required=True),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Lĩnh vực thử nghiệm, hiệu chuẩn", "fields_covered", required=True),
    Column("Số hiệu công nhận", "accreditation"),
    Column("Ngày hết hạn công nhận", "accreditation_expires_on"),
    Column("Năng lực, nhu cầu đầu tư", "capacity"),
]


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
    save=record_saver(InstrumentKind, CHANGE),
    delete=DELETE,
    detail=lambda k: [(_("verification cycle (months)"), k.cycle_months), (_("legal basis or note"), k.note)],
    export_name="loai-phuong-tien-do",
    **record_import(
        sheet="Loại phương tiện đo",
        columns=KIND_COLUMNS,
        form=forms.InstrumentKindForm,
        save=record_saver(InstrumentKind, CHANGE),
        help=_("One instrument kind per row, with its verification cycle in whole months."),
    ),
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
    save=record_saver(Instrument, CHANGE),
    delete=DELETE,
    detail=lambda i: [
        (_("kind"), i.kind),
        (_("make and model"), i.model_name),
        (_("serial number"), i.serial),
        (_("owner organisation"), i.organisation),
        (_("commune or ward"), i.unit),
        (_("where it is used"), i.location),
        (_("status"), i.get_status_display()),
        (_("next verification due"), day(i.next_due_on)),
    ],
    export_name="phuong-tien-do",
    sections=_instrument_sections,
    badges=_instrument_badges,
    **record_import(
        sheet="Phương tiện đo",
        columns=INSTRUMENT_COLUMNS,
        form=forms.InstrumentForm,
        save=record_saver(Instrument, CHANGE),
        help=_(
            "One instrument per row; the kind is written by name, the commune by its name or code, the "
            "organisation by its tax code or name, the status as written on the list (or its code)."
        ),
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
        (_("instrument"), link(v.instrument)),
        (_("verified on"), day(v.verified_on)),
        (_("verifying body"), v.body),
        (_("result"), v.get_result_display()),
        (_("certificate or stamp number"), v.certificate),
        (_("next verification due"), day(v.next_due_on)),
    ],
    export_name="kiem-dinh",
    **record_import(
        sheet="Kiểm định",
        columns=VERIFICATION_COLUMNS,
        form=forms.VerificationForm,
        save=services.verification_save,
        help=_("One verification per row; the instrument is written by its serial number, the result as pass or fail."),
    ),
    form_initial=initial_from_query("instrument"),
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
    save=record_saver(Announcement, CHANGE),
    delete=DELETE,
    detail=lambda a: [
        (_("organisation"), a.organisation),
        (_("commune or ward"), a.unit),
        (_("kind"), a.get_kind_display()),
        (_("product, goods or service"), a.product),
        (_("standard or regulation"), a.standard_code),
        (_("received on"), day(a.received_on)),
    ],
    export_name="cong-bo-hop-chuan-hop-quy",
    **record_import(
        sheet="Công bố",
        columns=ANNOUNCEMENT_COLUMNS,
        form=forms.AnnouncementForm,
        save=record_saver(Announcement, CHANGE),
        help=_(
            "One announcement per row; the organisation is written by its tax code or name, the commune by its "
            "name or code, the kind as hợp chuẩn or hợp quy, dates as dd/mm/yyyy."
        ),
    ),
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
    save=record_saver(Laboratory, CHANGE),
    delete=DELETE,
    detail=lambda x: [
        (_("organisation"), x.organisation),
        (_("commune or ward"), x.unit),
        (_("fields tested or calibrated"), x.fields_covered),
        (_("accreditation number"), x.accreditation),
        (_("accreditation expires on"), day(x.accreditation_expires_on)),
        (_("capacity and investment needs"), x.capacity),
    ],
    export_name="phong-thu-nghiem",
    **record_import(
        sheet="Phòng thử nghiệm",
        columns=LABORATORY_COLUMNS,
        form=forms.LaboratoryForm,
        save=record_saver(Laboratory, CHANGE),
        help=_(
            "One laboratory per row; the organisation is written by its tax code or name, the commune by its "
            "name or code, the accreditation expiry as dd/mm/yyyy."
        ),
    ),
    badges=lambda x: [(str(_("Accreditation expiring")), "text-bg-warning")] if tables.lab_expiring(x) else [],
)

REGISTERS = {r.kind: r for r in (KINDS, INSTRUMENTS, VERIFICATIONS, ANNOUNCEMENTS, LABORATORIES)}
