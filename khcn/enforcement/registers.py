"""Inspections and sanction decisions as `khcn.registers` sees them."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.enforcement import filters, forms, tables
from khcn.enforcement.links import records_named
from khcn.enforcement.models import Area, Decision, Inspection, InspectionKind, RemedyState
from khcn.registers.describe import day, initial_from_query, link, money, record_deleter, record_saver
from khcn.registers.imports import ORGANISATION, UNIT, Column, choice, lookup, record_import
from khcn.registers.pages import Register, Section

VIEW, CHANGE = "enforcement.view_registry", "enforcement.change_record"
DELETE = record_deleter(CHANGE)


def _record(user: Any, inspection: Inspection) -> Any:
    if not inspection.record_id:
        return ""
    named = records_named(user, [(inspection.area, inspection.record_id)]).get((inspection.area, inspection.record_id))
    if named is None:
        return f"#{inspection.record_id}"
    return format_html('<a href="{}">{}</a>', named[1], named[0])


def _inspection_detail(x: Inspection) -> list[tuple[Any, Any]]:
    return [
        (_("organisation inspected"), x.organisation),
        (_("commune or ward"), x.unit),
        (_("area"), x.get_area_display()),
        (_("kind"), x.get_kind_display()),
        (_("decision setting up the team"), x.decision_number),
        (_("starts on"), day(x.starts_on)),
        (_("ends on"), day(x.ends_on)),
        (_("team"), x.team),
        (_("findings"), x.findings),
    ]


def _inspection_sections(user: Any, inspection: Inspection) -> list[Section]:
    today = timezone.localdate()
    record = _record(user, inspection)
    sections = []
    if record:
        sections.append(Section(_("Record inspected"), [_("Record inspected")], [[record]]))
    add = reverse("enforcement:record_create", args=["decisions"]) + f"?inspection={inspection.pk}"
    sections.append(
        Section(
            _("Sanction decisions"),
            [_("Decision number"), _("Issued on"), _("Fine (VND)"), _("Remedy")],
            [
                [link(d), day(d.issued_on), money(d.fine_vnd), RemedyState(d.remedy_state(today)).label]
                for d in inspection.decisions.all()
            ],
            add if user.has_perm(CHANGE, inspection) else "",
        )
    )
    return sections


def inspections_section(user: Any, *, area: str, record_id: int) -> Section:
    """The inspections of one record of another register (a facility, an instrument) that the
    user may see, for that record's detail page."""
    from khcn.enforcement.selectors import inspections_of

    return Section(
        _("Inspections and checks"),
        [_("Starts on"), _("Kind"), _("Findings")],
        [
            [link(x), x.get_kind_display(), x.findings]
            for x in inspections_of(user=user, area=area, record_id=record_id)
        ],
    )


def _decision_badges(d: Decision) -> list[tuple[str, str]]:
    state = d.remedy_state(timezone.localdate())
    return [(str(RemedyState(state).label), tables.REMEDY_CSS[state])]


def _inspections(user: Any) -> Any:
    return visible(Inspection.objects.exclude(decision_number=""), user, action="change")


INSPECTION_COLUMNS = [
    Column("Tổ chức được thanh tra, kiểm tra", "organisation", ORGANISATION, required=True),
    Column("Xã/phường", "unit", UNIT, required=True),
    Column("Lĩnh vực", "area", choice(Area), required=True),
    Column("Hình thức", "kind", choice(InspectionKind), required=True),
    Column("Số quyết định thành lập đoàn", "decision_number"),
    Column("Ngày bắt đầu", "starts_on", required=True),
    Column("Ngày kết thúc", "ends_on"),
    Column("Thành phần đoàn", "team"),
    Column("Kết quả, phát hiện", "findings"),
]
DECISION_COLUMNS = [
    Column(
        "Số quyết định thành lập đoàn",
        "inspection",
        lookup(
            _inspections,
            field="decision_number",
            message="Không có cuộc thanh tra, kiểm tra theo quyết định “%(value)s” trong phạm vi của bạn "
            "(hoặc có nhiều hơn một).",
        ),
        required=True,
    ),
    Column("Số quyết định xử phạt", "number", required=True),
    Column("Ngày ban hành", "issued_on", required=True),
    Column("Hành vi vi phạm", "violation", required=True),
    Column("Số tiền phạt (đồng)", "fine_vnd", required=True),
    Column("Biện pháp khắc phục", "remedies"),
    Column("Hạn khắc phục", "remedy_due_on"),
    Column("Ngày đã khắc phục", "remedy_done_on"),
]

INSPECTIONS = Register(
    app="enforcement",
    kind="inspections",
    model=Inspection,
    title=_("Inspections and checks"),
    singular=_("inspection or check"),
    lead=_(
        "Inspections and checks of organisations in metrology, quality, radiation safety, S&T tasks, IP and the fund."
    ),
    icon="clipboard-check",
    queryset=lambda: Inspection.objects.select_related("organisation", "unit").prefetch_related("decisions"),
    filterset=filters.InspectionFilter,
    table=tables.InspectionTable,
    form=forms.InspectionForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=record_saver(Inspection, CHANGE),
    delete=DELETE,
    detail=_inspection_detail,
    export_name="thanh-tra-kiem-tra",
    sections=_inspection_sections,
    **record_import(
        sheet="Thanh tra, kiểm tra",
        columns=INSPECTION_COLUMNS,
        form=forms.InspectionForm,
        save=record_saver(Inspection, CHANGE),
        help=_(
            "One inspection or check per row; the organisation is written by its tax code or name, the commune "
            "by its name or code, the area and the kind as written on the list (or their codes), dates as dd/mm/yyyy."
        ),
    ),
)

DECISIONS = Register(
    app="enforcement",
    kind="decisions",
    model=Decision,
    title=_("Sanction decisions"),
    singular=_("sanction decision"),
    lead=_(
        "Decisions on administrative sanctions: the violation, the fine and the remedial measures "
        "followed up to their deadline."
    ),
    icon="hammer",
    queryset=lambda: Decision.objects.select_related("inspection__organisation", "inspection__unit"),
    filterset=filters.DecisionFilter,
    table=tables.DecisionTable,
    form=forms.DecisionForm,
    view_perm=VIEW,
    change_perm=CHANGE,
    save=record_saver(Decision, CHANGE),
    delete=DELETE,
    detail=lambda d: [
        (_("inspection or check"), link(d.inspection)),
        (_("organisation"), d.inspection.organisation),
        (_("issued on"), day(d.issued_on)),
        (_("violation"), d.violation),
        (_("fine (VND)"), money(d.fine_vnd)),
        (_("remedial measures"), d.remedies),
        (_("remedy deadline"), day(d.remedy_due_on)),
        (_("remedied on"), day(d.remedy_done_on)),
    ],
    export_name="quyet-dinh-xu-phat",
    badges=_decision_badges,
    form_initial=initial_from_query("inspection"),
    **record_import(
        sheet="Quyết định xử phạt",
        columns=DECISION_COLUMNS,
        form=forms.DecisionForm,
        save=record_saver(Decision, CHANGE),
        help=_(
            "One sanction decision per row; the inspection is named by the number of the decision that set up "
            "its team, the fine in whole đồng, dates as dd/mm/yyyy."
        ),
    ),
)

REGISTERS = {r.kind: r for r in (INSPECTIONS, DECISIONS)}
