"""Inspections and sanction decisions as `khcn.registers` sees them."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.enforcement import filters, forms, tables
from khcn.enforcement.links import records_named
from khcn.enforcement.models import Decision, Inspection, RemedyState
from khcn.registers.pages import Register, Section
from khcn.registers.services import record_delete, record_save

VIEW, CHANGE = "enforcement.view_registry", "enforcement.change_record"


def _day(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _link(obj: Any) -> Any:
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj)


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _saver(model: type) -> Any:
    def save(*, user: Any, instance: Any, expected_version: int | None, fields: dict[str, Any]) -> Any:
        return record_save(
            user=user, model=model, perm=CHANGE, instance=instance, expected_version=expected_version, fields=fields
        )

    return save


def _delete(*, user: Any, instance: Any) -> None:
    record_delete(user=user, perm=CHANGE, instance=instance)


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
        (_("starts on"), _day(x.starts_on)),
        (_("ends on"), _day(x.ends_on)),
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
                [_link(d), _day(d.issued_on), _money(d.fine_vnd), RemedyState(d.remedy_state(today)).label]
                for d in inspection.decisions.all()
            ],
            add if user.has_perm(CHANGE, inspection) else "",
        )
    )
    return sections


def _decision_badges(d: Decision) -> list[tuple[str, str]]:
    state = d.remedy_state(timezone.localdate())
    return [(str(RemedyState(state).label), tables.REMEDY_CSS[state])]


def _initial_inspection(request: Any) -> dict[str, Any]:
    value = request.GET.get("inspection", "")
    return {"inspection": value} if value.isdigit() and len(value) < 19 else {}


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
    save=_saver(Inspection),
    delete=_delete,
    detail=_inspection_detail,
    export_name="thanh-tra-kiem-tra",
    sections=_inspection_sections,
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
    save=_saver(Decision),
    delete=_delete,
    detail=lambda d: [
        (_("inspection or check"), _link(d.inspection)),
        (_("organisation"), d.inspection.organisation),
        (_("issued on"), _day(d.issued_on)),
        (_("violation"), d.violation),
        (_("fine (VND)"), _money(d.fine_vnd)),
        (_("remedial measures"), d.remedies),
        (_("remedy deadline"), _day(d.remedy_due_on)),
        (_("remedied on"), _day(d.remedy_done_on)),
    ],
    export_name="quyet-dinh-xu-phat",
    badges=_decision_badges,
    form_initial=_initial_inspection,
)

REGISTERS = {r.kind: r for r in (INSPECTIONS, DECISIONS)}
