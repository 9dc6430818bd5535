"""Every write, on pages and API alike, is accepted if and only if the caller's scope allows it.

Issue 12, defect 4. The write endpoints are discovered from the URL resolver and the API
router; each one must have a case in the tables below (a new write endpoint without one fails
`test_every_write_endpoint_has_a_case`). A case builds a fresh target for one unit (and,
where the write names one, one organisation), sends the write, and compares what happened
with an oracle computed here from the caller's grants directly (role, unit in force,
organisation), not through `accounts.scoping`.

Two strengths of case:
- `Create` cases send a complete, valid body naming the unit and organisation: the write
  must be stored if and only if the oracle allows it;
- `Gate` cases act on an existing record of the target unit with a minimal body: when the
  oracle refuses, the answer is a refusal and nothing at all is written (every table's
  row count and history unchanged); when it allows, the answer is not a refusal by scope
  (403/404; the body may still fail validation).
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khcn.accounts.models import RoleGrant
from khcn.accounts.roles import Role
from khcn.accounts.tests.factories import RoleGrantFactory, UserFactory
from khcn.api.urls import router
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.tests.factories import OrganisationFactory
from khcn.meetings.models import MeetingUnit
from khcn.meetings.tests.factories import FollowUpFactory, MeetingFactory, MeetingRoundFactory
from khcn.notifications.models import Notification, NotificationKind
from khcn.products.tests.factories import OcopRatingFactory
from khcn.programs.tests.factories import (
    CrossRuleFactory,
    IndicatorFactory,
    IndicatorGroupFactory,
    ProgramFactory,
    ReportFormFactory,
    ReportingPeriodFactory,
    TargetFactory,
)
from khcn.reporting.tests.factories import ReportFactory
from khcn.research.models import ProgressReport, TaskStatus
from khcn.research.tests.factories import (
    AnnualPlanFactory,
    PlanCallFactory,
    ProposalFactory,
    ResearchTaskFactory,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 9, 15)  # after the 2025 reform; the test call (plan year 2027) is open
JSON = "application/json"
REFUSED = {400, 403, 404, 422}
BY_SCOPE = {403, 404}

DEPT: set[str] = {Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER}
STAFF: set[str] = DEPT | {Role.LOCAL_OFFICER}


# -- the oracle: what the caller's grants allow, worked out without accounts.scoping ------------


def _in_force(unit: AdminUnit | None) -> bool:
    if unit is None:
        return True
    return (unit.valid_from is None or unit.valid_from <= TODAY) and (unit.valid_to is None or unit.valid_to >= TODAY)


@dataclass
class Caller:
    """A persona and what its grants give for writing."""

    name: str
    user: Any
    roles: set[str] = field(default_factory=set)
    paths: list[str] = field(default_factory=list)
    organisation_ids: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, name: str, user: Any) -> "Caller":
        caller = cls(name, user)
        for grant in RoleGrant.objects.filter(user=user).select_related("unit"):
            # Ended grants and grants on a unit no longer in force give no writes.
            if not grant.is_active or not _in_force(grant.unit):
                continue
            caller.roles.add(grant.role)
            if grant.unit is not None:
                caller.paths.append(grant.unit.path)
            if grant.organisation_id:
                caller.organisation_ids.add(grant.organisation_id)
        return caller

    def has(self, roles: set[str]) -> bool:
        return bool(self.roles & roles)

    def covers(self, unit: AdminUnit | None) -> bool:
        return unit is not None and any(unit.path.startswith(p) for p in self.paths)

    def acts_for(self, org: Organisation | None) -> bool:
        return org is not None and (org.pk in self.organisation_ids or self.covers(org.unit))


# -- what "nothing was written" means: no row added, changed (history) or removed anywhere ------


def _fingerprint() -> tuple[Any, ...]:
    """Row count and highest id of every KHCN table, history tables included, in one query."""
    parts = []
    for model in apps.get_models():
        if not model.__module__.startswith("khcn."):
            continue
        table, pk = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({pk}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


# -- the world every case draws from --------------------------------------------------------------


def _commune(name: str) -> AdminUnit:
    return AdminUnit.objects.current().get(name=name, level=UnitLevel.COMMUNE, path__startswith="p01/")


def _persona(name: str, role: str, *, unit: Any = None, organisation: Any = None, active: bool = True) -> Any:
    user = UserFactory.create(username=name, full_name=name)
    RoleGrantFactory.create(user=user, role=role, unit=unit, organisation=organisation, is_active=active)
    return user


@pytest.fixture
def world(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    province = AdminUnit.objects.get(registry_key="P:01")
    ward_a, ward_b, ward_c = _commune("Mê Linh"), _commune("Quang Minh"), _commune("Tiến Thắng")
    district = AdminUnit.objects.get(name="Mê Linh", level=UnitLevel.DISTRICT, valid_to__isnull=False)
    old_commune = AdminUnit.objects.filter(path__startswith=district.path, level=UnitLevel.COMMUNE).first()
    gia_lam = AdminUnit.objects.get(name="Gia Lâm", level=UnitLevel.DISTRICT, valid_to__isnull=False)
    department = OrganisationFactory.create(name="Sở KH&CN Hà Nội", kind=OrganisationKind.DEPARTMENT, unit=province)
    office = OrganisationFactory.create(
        name="Phòng Quản lý khoa học", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=province, parent=department
    )
    ubnd_a = OrganisationFactory.create(name="UBND xã Mê Linh", kind=OrganisationKind.PEOPLES_COMMITTEE, unit=ward_a)
    ubnd_b = OrganisationFactory.create(name="UBND xã Quang Minh", kind=OrganisationKind.PEOPLES_COMMITTEE, unit=ward_b)
    htx_old = OrganisationFactory.create(name="HTX huyện Mê Linh", kind=OrganisationKind.COOPERATIVE, unit=district)
    vnua = OrganisationFactory.create(name="Học viện Nông nghiệp", kind=OrganisationKind.UNIVERSITY, unit=gia_lam)
    institute = OrganisationFactory.create(name="Viện Môi trường", kind=OrganisationKind.INSTITUTE, unit=ward_b)

    commune = _persona("xamelinh", Role.LOCAL_OFFICER, unit=ward_a)
    RoleGrantFactory.create(user=commune, role=Role.LOCAL_OFFICER, organisation=ubnd_a)
    users = {
        "commune_officer": commune,
        "district_history": _persona("huyenmelinh", Role.LOCAL_OFFICER, unit=district),
        "department_officer": _persona("chuyenvien", Role.DEPARTMENT_OFFICER, unit=province, organisation=department),
        "department_leader": _persona("lanhdao", Role.DEPARTMENT_LEADER, unit=province, organisation=department),
        "expert": _persona("chuyengia", Role.EXPERT, organisation=vnua),
        "council_member": _persona("hoidong", Role.COUNCIL_MEMBER, organisation=institute),
        "expired_grant": _persona("hethan", Role.LOCAL_OFFICER, unit=ward_b, active=False),
    }
    program = ProgramFactory.create()
    form = ReportFormFactory.create(program=program)
    return SimpleNamespace(
        province=province,
        units=[ward_a, ward_b, ward_c, district, old_commune, province],
        organisations=[ubnd_a, ubnd_b, htx_old, vnua, department, institute],
        office=office,
        callers={name: Caller.of(name, user) for name, user in users.items()},
        program=program,
        form=form,
        period=ReportingPeriodFactory.create(form=form, year=2026),
        call=PlanCallFactory.create(plan_year=2027),
        round=MeetingRoundFactory.create(),
    )


# -- records a case acts on, made fresh for each example ----------------------------------------


def _meeting(unit: AdminUnit) -> Any:
    meeting = MeetingFactory.create(round=None)
    MeetingUnit.objects.create(meeting=meeting, unit=unit, position=0)
    return meeting


def _task(org: Organisation | None, status: str = TaskStatus.IN_PROGRESS) -> Any:
    return ResearchTaskFactory.create(status=status, host_organisation=org, start_year=2026, end_year=2027)


def _progress(org: Organisation | None) -> ProgressReport:
    return ProgressReport.objects.create(
        task=_task(org), period="6 tháng đầu năm 2026", as_of=date(2026, 6, 30), work_done="Đã khảo sát."
    )


def _account(unit: AdminUnit) -> Any:
    user = UserFactory.create()
    RoleGrantFactory.create(user=user, role=Role.LOCAL_OFFICER, unit=unit)
    return user


# -- the cases ------------------------------------------------------------------------------------

Build = Callable[[SimpleNamespace, AdminUnit, Organisation, Caller], tuple[str, dict[str, Any]]]
Allow = Callable[[Caller, AdminUnit, Organisation], bool]


@dataclass(frozen=True)
class Create:
    method: str
    build: Build
    allowed: Allow
    api: bool = True


@dataclass(frozen=True)
class Gate:
    method: str
    build: Build
    allowed: Allow
    api: bool = True


def dept_only(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    return c.has(DEPT)


def staff_on_unit(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    return c.has(STAFF) and c.covers(unit)


def dept_on_unit(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    return c.has(DEPT) and c.covers(unit)


def proposal_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A draft names a unit in force that the caller writes for, and an organisation it acts for."""
    return c.has(STAFF) and c.covers(unit) and _in_force(unit) and c.acts_for(org)


def organisation_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A new organisation sits in a unit in force of the caller's, under a parent of theirs."""
    return c.has(STAFF) and c.covers(unit) and _in_force(unit) and c.acts_for(org)


def leads(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """Progress is reported by the Department or by the host organisation of the task."""
    return c.has(DEPT) or org.pk in c.organisation_ids


def _proposal_body(w: SimpleNamespace, unit: AdminUnit, org: Organisation) -> dict[str, Any]:
    return {"call": w.call.pk, "unit": unit.pk, "organisation": org.pk, "title": "Đề xuất thử", "problem": "Ngập"}


def _org_body(unit: AdminUnit, org: Organisation) -> dict[str, Any]:
    return {"name": "Hợp tác xã thử nghiệm", "kind": "cooperative", "unit": unit.pk, "parent": org.pk}


API_CASES: dict[tuple[str, str], Create | Gate] = {
    ("organisation-list", "post"): Create(
        "post", lambda w, u, o, c: ("/api/v1/organisations/", _org_body(u, o)), organisation_allowed
    ),
    ("organisation-detail", "put"): Gate(
        "put",
        lambda w, u, o, c: (
            f"/api/v1/organisations/{OrganisationFactory.create(unit=u).pk}/",
            {"name": "Tổ chức đổi tên", "kind": "cooperative", "unit": u.pk, "version": 1},
        ),
        staff_on_unit,
    ),
    ("organisation-detail", "patch"): Gate(
        "patch",
        lambda w, u, o, c: (f"/api/v1/organisations/{OrganisationFactory.create(unit=u).pk}/", {"version": 1}),
        staff_on_unit,
    ),
    ("organisation-detail", "delete"): Gate(
        "delete",
        lambda w, u, o, c: (f"/api/v1/organisations/{OrganisationFactory.create(unit=u).pk}/", {}),
        dept_on_unit,
    ),
    ("meeting-list", "post"): Create(
        "post",
        lambda w, u, o, c: (
            "/api/v1/meetings/",
            {"title": "Làm việc", "starts_at": "2026-10-01T08:00:00+07:00", "place": "Hội trường", "units": [u.pk]},
        ),
        dept_on_unit,
    ),
    ("followup-list", "post"): Create(
        "post",
        lambda w, u, o, c: ("/api/v1/followups/", {"kind": "request", "unit": u.pk, "text": "Đề nghị hỗ trợ kinh phí"}),
        staff_on_unit,
    ),
    ("followup-respond", "post"): Create(
        "post",
        lambda w, u, o, c: (f"/api/v1/followups/{FollowUpFactory.create(unit=u).pk}/respond/", {"text": "Đã tiếp thu"}),
        staff_on_unit,
    ),
    ("report-save", "post"): Gate(
        "post",
        lambda w, u, o, c: (
            f"/api/v1/reports/{ReportFactory.create(period=w.period, unit=u).pk}/save/",
            {"version": 1},
        ),
        staff_on_unit,
    ),
    ("report-review", "post"): Gate(
        "post",
        lambda w, u, o, c: (
            f"/api/v1/reports/{ReportFactory.create(period=w.period, unit=u).pk}/review/",
            {"action": "approve", "version": 1},
        ),
        dept_on_unit,
    ),
    ("proposal-list", "post"): Create(
        "post", lambda w, u, o, c: ("/api/v1/proposals/", _proposal_body(w, u, o)), proposal_allowed
    ),
    ("proposal-submit", "post"): Create(
        "post",
        lambda w, u, o, c: (f"/api/v1/proposals/{ProposalFactory.create(call=w.call, unit=u).pk}/submit/", {}),
        lambda c, u, o: c.has(STAFF) and c.covers(u),
    ),
    ("progress_report-list", "post"): Create(
        "post",
        lambda w, u, o, c: (
            "/api/v1/progress-reports/",
            {"task": _task(o).pk, "period": "Quý 3/2026", "as_of": "2026-09-01", "work_done": "Đã khảo sát."},
        ),
        leads,
    ),
    ("progress_report-detail", "patch"): Gate(
        "patch",
        lambda w, u, o, c: (f"/api/v1/progress-reports/{_progress(o).pk}/", {"version": 1, "issues": "Chậm"}),
        leads,
    ),
    ("progress_report-submit", "post"): Gate(
        "post", lambda w, u, o, c: (f"/api/v1/progress-reports/{_progress(o).pk}/submit/", {"version": 1}), leads
    ),
    ("progress_report-review", "post"): Gate(
        "post",
        lambda w, u, o, c: (
            f"/api/v1/progress-reports/{_progress(o).pk}/review/",
            {"approve": True, "note": "", "version": 1},
        ),
        dept_only,
    ),
}


def _council(c: Caller, own: bool, unit: AdminUnit | None = None) -> Any:
    from khcn.research.models import Council, CouncilMember

    council = Council.objects.create(name="Hội đồng tư vấn", proposal=ProposalFactory.create(unit=unit))
    return CouncilMember.objects.create(council=council, user=c.user if own else UserFactory.create())


def seat_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """One's own seat (the target is one's own when the unit drawn is a commune), while a
    grant still gives writes."""
    return unit.level == UnitLevel.COMMUNE and bool(c.roles)


def _seat(c: Caller, unit: AdminUnit) -> Any:
    return _council(c, own=unit.level == UnitLevel.COMMUNE)


API_CASES[("review-declare", "post")] = Create(
    "post", lambda w, u, o, c: (f"/api/v1/reviews/{_seat(c, u).pk}/declare/", {"has_conflict": False}), seat_allowed
)
API_CASES[("review-sheet", "post")] = Gate(
    "post", lambda w, u, o, c: (f"/api/v1/reviews/{_seat(c, u).pk}/sheet/", {"scores": {}}), seat_allowed
)


def _notification(user: Any) -> Any:
    return Notification.objects.create(recipient=user, kind=NotificationKind.REPORT_RETURNED, title="Thông báo")


def _others_notification_read(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict]:
    return f"/api/v1/notifications/{_notification(UserFactory.create()).pk}/read/", {}


def _read_all(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict]:
    _notification(c.user)
    _notification(UserFactory.create())
    return "/api/v1/notifications/read-all/", {}


# A notification is its recipient's only: nobody marks another person's (404, nothing written);
# anyone marks all their own (notifications/tests/test_views.py: nobody else's changes).
API_CASES[("notification-read", "post")] = Gate("post", _others_notification_read, lambda c, u, o: False)
API_CASES[("notification-read-all", "post")] = Gate("post", _read_all, lambda c, u, o: True)


def _page(method: str, build: Build, allowed: Allow, *, create: bool = False) -> Create | Gate:
    return (Create if create else Gate)(method, build, allowed, api=False)


def _gate(path: Callable[[SimpleNamespace, AdminUnit, Organisation, Caller], str], allowed: Allow) -> Gate:
    return Gate("post", lambda w, u, o, c: (path(w, u, o, c), {}), allowed, api=False)


_GROUP_CODES = itertools.count(1)


def _group(w: SimpleNamespace) -> Any:
    return IndicatorGroupFactory.create(program=w.program, code=f"G{next(_GROUP_CODES)}")


def _indicator(w: SimpleNamespace) -> Any:
    return IndicatorFactory.create(program=w.program, group=_group(w))


PAGE_CASES: dict[str, Create | Gate] = {
    # accounts: the Department sets up accounts of its province
    "accounts:user_create": _gate(lambda w, u, o, c: "/accounts/users/new/", dept_only),
    "accounts:user_edit": _gate(lambda w, u, o, c: f"/accounts/users/{_account(u).pk}/edit/", dept_only),
    "accounts:user_password": _gate(lambda w, u, o, c: f"/accounts/users/{_account(u).pk}/password/", dept_only),
    "accounts:user_deactivate": _gate(lambda w, u, o, c: f"/accounts/users/{_account(u).pk}/deactivate/", dept_only),
    "accounts:user_reactivate": _gate(lambda w, u, o, c: f"/accounts/users/{_account(u).pk}/reactivate/", dept_only),
    "accounts:grant_add": _gate(lambda w, u, o, c: f"/accounts/users/{_account(u).pk}/grants/", dept_only),
    "accounts:grant_end": _gate(
        lambda w, u, o, c: f"/accounts/users/grants/{_account(u).grants.get().pk}/end/", dept_only
    ),
    # geo
    "geo:organisation_create": _page(
        "post",
        lambda w, u, o, c: ("/geo/organisations/new/", _org_body(u, o)),
        organisation_allowed,
        create=True,
    ),
    "geo:organisation_edit": _gate(
        lambda w, u, o, c: f"/geo/organisations/{OrganisationFactory.create(unit=u).pk}/edit/", staff_on_unit
    ),
    "geo:organisation_delete": _gate(
        lambda w, u, o, c: f"/geo/organisations/{OrganisationFactory.create(unit=u).pk}/delete/", dept_on_unit
    ),
    # programs: setting up the reporting cycle is the Department's
    "programs:program_create": _gate(lambda w, u, o, c: "/programs/new/", dept_only),
    "programs:program_edit": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/edit/", dept_only),
    "programs:program_copy": _gate(lambda w, u, o, c: f"/programs/{ProgramFactory.create().pk}/copy/", dept_only),
    "programs:group_create": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/groups/new/", dept_only),
    "programs:indicator_create": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/indicators/new/", dept_only),
    "programs:target_create": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/targets/new/", dept_only),
    "programs:target_import": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/targets/import/", dept_only),
    "programs:form_create": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/forms/new/", dept_only),
    "programs:period_create": _gate(lambda w, u, o, c: f"/programs/{w.program.pk}/periods/new/", dept_only),
    "programs:group_edit": _gate(lambda w, u, o, c: f"/programs/groups/{_group(w).pk}/edit/", dept_only),
    "programs:group_move": _gate(lambda w, u, o, c: f"/programs/groups/{_group(w).pk}/move/", dept_only),
    "programs:indicator_edit": _gate(lambda w, u, o, c: f"/programs/indicators/{_indicator(w).pk}/edit/", dept_only),
    "programs:indicator_move": _gate(lambda w, u, o, c: f"/programs/indicators/{_indicator(w).pk}/move/", dept_only),
    "programs:target_edit": _gate(
        lambda w, u, o, c: f"/programs/targets/{_target(w, u).pk}/edit/",
        dept_on_unit,
    ),
    "programs:target_delete": _gate(
        lambda w, u, o, c: f"/programs/targets/{_target(w, u).pk}/delete/",
        dept_on_unit,
    ),
    "programs:form_edit": _gate(lambda w, u, o, c: f"/programs/forms/{w.form.pk}/edit/", dept_only),
    "programs:form_items": _gate(lambda w, u, o, c: f"/programs/forms/{w.form.pk}/indicators/", dept_only),
    "programs:rule_add": _gate(lambda w, u, o, c: f"/programs/forms/{w.form.pk}/rules/", dept_only),
    "programs:rule_delete": _gate(
        lambda w, u, o, c: f"/programs/rules/{_rule(w).pk}/delete/",
        dept_only,
    ),
    "programs:period_edit": _gate(
        lambda w, u, o, c: f"/programs/periods/{ReportingPeriodFactory.create(form=w.form, year=2027).pk}/edit/",
        dept_only,
    ),
    "programs:period_close": _gate(
        lambda w, u, o, c: f"/programs/periods/{ReportingPeriodFactory.create(form=w.form, year=2027).pk}/close/",
        dept_only,
    ),
    "programs:period_delete": _gate(
        lambda w, u, o, c: f"/programs/periods/{ReportingPeriodFactory.create(form=w.form, year=2027).pk}/delete/",
        dept_only,
    ),
    # reporting: a unit fills its own report, the Department reviews
    "reporting:report_open": _gate(
        lambda w, u, o, c: f"/reporting/periods/{w.period.pk}/units/{u.pk}/open/", staff_on_unit
    ),
    "reporting:period_remind": _gate(lambda w, u, o, c: f"/reporting/periods/{w.period.pk}/remind/", dept_only),
    "reporting:period_import": _gate(
        lambda w, u, o, c: f"/reporting/periods/{w.period.pk}/import/", lambda c, u, o: c.has(STAFF)
    ),
    "reporting:attachment_upload": _gate(
        lambda w, u, o, c: f"/reporting/reports/{ReportFactory.create(period=w.period, unit=u).pk}/attachments/",
        staff_on_unit,
    ),
    "reporting:attachment_delete": _gate(
        lambda w, u, o, c: f"/reporting/attachments/{_attachment(w, u).pk}/delete/", staff_on_unit
    ),
    "reporting:report_save": _gate(
        lambda w, u, o, c: f"/reporting/reports/{ReportFactory.create(period=w.period, unit=u).pk}/save/",
        staff_on_unit,
    ),
    "reporting:report_review": _gate(
        lambda w, u, o, c: f"/reporting/reports/{ReportFactory.create(period=w.period, unit=u).pk}/review/",
        dept_on_unit,
    ),
    "reporting:value_reopen": _gate(
        lambda w, u, o, c: f"/reporting/reports/{ReportFactory.create(period=w.period, unit=u).pk}/reopen-value/",
        dept_on_unit,
    ),
    "reporting:report_comment": _gate(
        lambda w, u, o, c: f"/reporting/reports/{ReportFactory.create(period=w.period, unit=u).pk}/comment/",
        dept_on_unit,
    ),
    # meetings: the Department runs sessions; units raise and answer their own items
    "meetings:meeting_create": _gate(lambda w, u, o, c: "/meetings/new/", dept_only),
    "meetings:meeting_edit": _gate(lambda w, u, o, c: f"/meetings/{_meeting(u).pk}/edit/", dept_on_unit),
    "meetings:attendee_add": _gate(lambda w, u, o, c: f"/meetings/{_meeting(u).pk}/attendees/", dept_on_unit),
    "meetings:attendance": _gate(lambda w, u, o, c: f"/meetings/{_meeting(u).pk}/attendance/", dept_on_unit),
    "meetings:minutes": _gate(lambda w, u, o, c: f"/meetings/{_meeting(u).pk}/minutes/", dept_on_unit),
    "meetings:item_add": _page(
        "post",
        lambda w, u, o, c: (
            f"/meetings/{_meeting(u).pk}/items/",
            {
                "item-unit": u.pk,
                "item-kind": "request",
                "item-text": "Đề nghị hỗ trợ kinh phí xây dựng mô hình",
                "item-assignee_kind": "office",
                "item-assignee_office": w.office.pk,
            },
        ),
        staff_on_unit,
        create=True,
    ),
    "meetings:item_import": _gate(lambda w, u, o, c: "/meetings/items/import/", lambda c, u, o: c.has(STAFF)),
    "meetings:item_respond": _page(
        "post",
        lambda w, u, o, c: (f"/meetings/items/{FollowUpFactory.create(unit=u).pk}/respond/", {"text": "Đã tiếp thu"}),
        staff_on_unit,
        create=True,
    ),
    # the open directives of a former unit go to its successors (ward A succeeded the Mê Linh district)
    "meetings:items_move": _page(
        "post",
        lambda w, u, o, c: (
            f"/meetings/items/move/{u.pk}/",
            {
                "items": [FollowUpFactory.create(unit=u, kind="directive", assignee_kind="unit").pk],
                "successors": [w.units[0].pk],
            },
        ),
        dept_on_unit,
    ),
    "meetings:round_create": _gate(lambda w, u, o, c: "/meetings/rounds/new/", dept_only),
    "meetings:round_edit": _gate(
        lambda w, u, o, c: f"/meetings/rounds/{MeetingRoundFactory.create().pk}/edit/", dept_only
    ),
    "meetings:round_delete": _gate(
        lambda w, u, o, c: f"/meetings/rounds/{MeetingRoundFactory.create().pk}/delete/", dept_only
    ),
    # research
    "research:proposal_create": _page(
        "post",
        lambda w, u, o, c: ("/research/proposals/new/", _proposal_body(w, u, o)),
        proposal_allowed,
        create=True,
    ),
    "research:proposal_edit": _gate(
        lambda w, u, o, c: f"/research/proposals/{ProposalFactory.create(call=w.call, unit=u).pk}/edit/",
        staff_on_unit,
    ),
    "research:proposal_action": _page(
        "post",
        lambda w, u, o, c: (
            f"/research/proposals/{ProposalFactory.create(call=w.call, unit=u).pk}/action/",
            {"action": "submit"},
        ),
        staff_on_unit,
    ),
    "research:council_create": _gate(
        lambda w, u, o, c: f"/research/proposals/{ProposalFactory.create(call=w.call, unit=u).pk}/council/",
        dept_on_unit,
    ),
    "research:council_conclude": _gate(
        lambda w, u, o, c: f"/research/councils/{_council(c, own=False, unit=u).council_id}/conclude/", dept_on_unit
    ),
    "research:task_edit": _gate(lambda w, u, o, c: f"/research/tasks/{_task(o).pk}/edit/", dept_only),
    "research:task_action": _gate(lambda w, u, o, c: f"/research/tasks/{_task(o).pk}/action/", leads),
    "research:progress_create": _gate(lambda w, u, o, c: f"/research/tasks/{_task(o).pk}/progress/new/", leads),
    "research:progress_edit": _gate(lambda w, u, o, c: f"/research/progress/{_progress(o).pk}/edit/", leads),
    "research:progress_action": _gate(lambda w, u, o, c: f"/research/progress/{_progress(o).pk}/action/", leads),
    "research:plan_action": _gate(
        lambda w, u, o, c: f"/research/plans/{AnnualPlanFactory.create().pk}/action/", dept_only
    ),
    "research:seat_detail": _page(
        "post",
        lambda w, u, o, c: (f"/research/reviews/{_seat(c, u).pk}/", {"step": "declare", "has_conflict": "0"}),
        seat_allowed,
        create=True,
    ),
    "research:call_create": _gate(lambda w, u, o, c: "/research/calls/new/", dept_only),
    "research:call_edit": _gate(
        lambda w, u, o, c: f"/research/calls/{PlanCallFactory.create(plan_year=2028).pk}/edit/", dept_only
    ),
    "research:call_close": _gate(
        lambda w, u, o, c: f"/research/calls/{PlanCallFactory.create(plan_year=2028).pk}/close/", dept_only
    ),
    "research:call_delete": _gate(
        lambda w, u, o, c: f"/research/calls/{PlanCallFactory.create(plan_year=2028).pk}/delete/", dept_only
    ),
}


def _rule(w: SimpleNamespace) -> Any:
    return CrossRuleFactory.create(form=w.form, left=_indicator(w), right=_indicator(w))


def _target(w: SimpleNamespace, unit: AdminUnit) -> Any:
    return TargetFactory.create(indicator=_indicator(w), unit=unit, value=Decimal(5))


def _attachment(w: SimpleNamespace, unit: AdminUnit) -> Any:
    from khcn.reporting.models import Attachment

    report = ReportFactory.create(period=w.period, unit=unit)
    # Only the row: the file itself is never read by the refusal or the deletion.
    return Attachment.objects.create(report=report, name="bien-ban.pdf", size=9, file="write-scope/bien-ban.pdf")


# Pages that only read (or act on the signed-in user's own session), so they take no case.
READ_ONLY_PAGES = {
    "home:home",
    "core:healthz",
    "core:favicon",
    "core:language",  # sets the visitor's language cookie, writes nothing
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:user_list",
    "accounts:user_detail",
    # The caller's own API tokens: rows of no unit, refused for anyone else's token
    # (test_tokens.py::test_nobody_revokes_another_persons_token).
    "accounts:token_list",
    "accounts:token_revoke",
    # The caller's own notifications and e-mail choices: rows of no unit, another person's is a
    # 404 (notifications/tests/test_views.py::test_nobody_opens_or_marks_another_persons_notification).
    "notifications:notification_list",
    "notifications:notification_open",
    "notifications:notification_read",
    "notifications:notification_read_all",
    "notifications:preferences",
    # The audit log is read by the administrator only (audit/tests/test_audit.py).
    "audit:event_list",
    # An import job's progress, shown to whoever started it (test_import_jobs.py).
    "reporting:period_import_job",
    "geo:unit_tree",
    "geo:unit_detail",
    "geo:unit_children",
    "geo:organisation_list",
    "geo:organisation_detail",
    "programs:program_list",
    "programs:program_detail",
    "programs:target_list",
    "programs:target_template",
    "programs:form_detail",
    "programs:period_list",
    "programs:period_detail",
    "reporting:period_list",
    "reporting:period_board",
    "reporting:period_aggregate",
    "reporting:indicator_breakdown",
    "reporting:period_workbook",
    "reporting:indicator_series",
    "reporting:report_detail",
    "reporting:report_docx",
    "reporting:report_pdf",
    "reporting:period_summary_pdf",
    "reporting:period_summary_docx",
    "reporting:attachment_download",
    "meetings:meeting_list",
    "meetings:meeting_detail",
    "meetings:notice_docx",
    "meetings:invitation_docx",
    "meetings:item_list",
    "meetings:item_detail",
    "meetings:response_file",
    "meetings:board",
    "meetings:unit_page",
    "meetings:round_list",
    "meetings:round_detail",
    "meetings:public_tracker",
    # The products board reads only, through the scoped querysets (products/tests/test_board.py).
    "products:board",
    "research:proposal_list",
    "research:proposal_detail",
    "research:proposal_file",
    "research:council_detail",
    "research:council_minutes",
    "research:task_list",
    "research:national_export",
    "research:task_board",
    "research:task_council_detail",
    "research:task_detail",
    "research:progress_detail",
    "research:progress_file",
    "research:application_dossier",
    "research:result_list",
    "research:result_detail",
    "research:plan_list",
    "research:plan_detail",
    "research:plan_docx",
    "research:my_reviews",
    "research:call_list",
    "research:call_detail",
}


# ---- products: catalogue (issue 14) ----
def catalogue_create_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A new producer or product names a commune of today that the caller writes for."""
    return c.has(STAFF) and c.covers(unit) and unit.level == UnitLevel.COMMUNE and _in_force(unit)


def producer_api_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """Through the API a producer also names an organisation, which the caller must act for."""
    return catalogue_create_allowed(c, unit, org) and c.acts_for(org)


def _producer(unit: AdminUnit) -> Any:
    from khcn.products.tests.factories import ProducerFactory

    return ProducerFactory.create(unit=unit)


def _certification(unit: AdminUnit) -> Any:
    from khcn.products.models import Certification

    return Certification.objects.create(producer=_producer(unit), kind="vietgap", number="VG-1")


def _photo(unit: AdminUnit) -> Any:
    from khcn.products.models import ProductPhoto

    # Only the row (its size given, so the file is never opened); deleting a missing file is a no-op.
    return ProductPhoto.objects.create(
        product=_product(unit), image="write-scope/anh.jpg", width=10, height=10, position=1
    )


def _product_page_body(unit: AdminUnit, **extra: Any) -> dict[str, Any]:
    return {"name": "Bưởi đỏ thử", "category": "food", "unit": unit.pk, **extra}


def _producer_page_body(unit: AdminUnit, **extra: Any) -> dict[str, Any]:
    return {"name": "Hợp tác xã thử", "kind": "cooperative", "unit": unit.pk, **extra}


PAGE_CASES.update(
    {
        "products:product_create": _page(
            "post", lambda w, u, o, c: ("/products/new/", _product_page_body(u)), catalogue_create_allowed, create=True
        ),
        "products:product_edit": _page(
            "post",
            lambda w, u, o, c: (f"/products/{_product(u).pk}/edit/", _product_page_body(u, loaded_version=1)),
            staff_on_unit,
        ),
        "products:product_publish": _gate(lambda w, u, o, c: f"/products/{_product(u).pk}/publish/", staff_on_unit),
        "products:product_delete": _gate(lambda w, u, o, c: f"/products/{_product(u).pk}/delete/", dept_on_unit),
        "products:photo_add": _gate(lambda w, u, o, c: f"/products/{_product(u).pk}/photos/new/", staff_on_unit),
        "products:photo_delete": _gate(lambda w, u, o, c: f"/products/photos/{_photo(u).pk}/delete/", staff_on_unit),
        "products:producer_create": _page(
            "post",
            lambda w, u, o, c: ("/products/producers/new/", _producer_page_body(u)),
            catalogue_create_allowed,
            create=True,
        ),
        "products:producer_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/products/producers/{_producer(u).pk}/edit/",
                _producer_page_body(u, loaded_version=1),
            ),
            staff_on_unit,
        ),
        "products:producer_delete": _gate(
            lambda w, u, o, c: f"/products/producers/{_producer(u).pk}/delete/", dept_on_unit
        ),
        "products:certification_add": _page(
            "post",
            lambda w, u, o, c: (
                f"/products/producers/{_producer(u).pk}/certifications/new/",
                {"cert-kind": "vietgap", "cert-number": "VG-2"},
            ),
            staff_on_unit,
        ),
        "products:certification_remove": _gate(
            lambda w, u, o, c: f"/products/producers/certifications/{_certification(u).pk}/delete/", staff_on_unit
        ),
        # Every row of a workbook goes through the services above (products/tests/test_catalogue_import.py).
        "products:import": _gate(lambda w, u, o, c: "/products/import/", lambda c, u, o: c.has(STAFF)),
    }
)
READ_ONLY_PAGES |= {
    "products:product_list",
    "products:product_detail",
    "products:producer_list",
    "products:producer_detail",
    # A photo's file: public once its product is published, else read within scope.
    "products:photo",
}
API_CASES.update(
    {
        ("producer-list", "post"): Create(
            "post",
            lambda w, u, o, c: (
                "/api/v1/producers/",
                {"name": "Hợp tác xã thử", "kind": "cooperative", "unit": u.pk, "organisation": o.pk},
            ),
            producer_api_allowed,
        ),
        ("producer-detail", "patch"): Gate(
            "patch",
            lambda w, u, o, c: (f"/api/v1/producers/{_producer(u).pk}/", {"address": "Thôn Bắc", "version": 1}),
            staff_on_unit,
        ),
        ("product-list", "post"): Create(
            "post",
            lambda w, u, o, c: ("/api/v1/products/", {"name": "Bưởi đỏ thử", "category": "food", "unit": u.pk}),
            catalogue_create_allowed,
        ),
        ("product-detail", "patch"): Gate(
            "patch",
            lambda w, u, o, c: (f"/api/v1/products/{_product(u).pk}/", {"season": "Tháng 12", "version": 1}),
            staff_on_unit,
        ),
    }
)
# ---- products: batches, QR codes, labels and the public traceability pages (issue 14) ----
# ---- Local products: IP dossiers and OCOP ratings ----
READ_ONLY_PAGES |= {"products:ip_list", "products:ip_detail", "products:ip_document_file", "products:ocop_list"}


def _ip(unit: AdminUnit) -> Any:
    from khcn.products.tests.factories import IpAssetFactory

    return IpAssetFactory.create(unit=unit)


def _product(unit: AdminUnit) -> Any:
    from khcn.products.tests.factories import ProductFactory

    return ProductFactory.create(unit=unit)


def _batch(unit: AdminUnit) -> Any:
    from khcn.products.tests.factories import BatchFactory

    return BatchFactory.create(product=_product(unit))


def _batch_check(unit: AdminUnit) -> Any:
    from khcn.products.models import BatchCheck

    return BatchCheck.objects.create(batch=_batch(unit), kind="test", on=date(2026, 9, 1), by="Lab", result="Đạt")


_BATCH_PAGE_BODY = {"lot": "L-1", "produced_on": "10/09/2026", "is_published": "on"}
PAGE_CASES.update(
    {
        "products:batch_create": _page(
            "post",
            lambda w, u, o, c: (f"/products/{_product(u).pk}/batches/new/", _BATCH_PAGE_BODY),
            staff_on_unit,
            create=True,
        ),
        "products:batch_edit": _gate(lambda w, u, o, c: f"/products/batches/{_batch(u).pk}/edit/", staff_on_unit),
        "products:batch_delete": _gate(lambda w, u, o, c: f"/products/batches/{_batch(u).pk}/delete/", staff_on_unit),
        "products:batch_check_add": _gate(
            lambda w, u, o, c: f"/products/batches/{_batch(u).pk}/checks/", staff_on_unit
        ),
        "products:batch_check_delete": _gate(
            lambda w, u, o, c: (lambda ch: f"/products/batches/{ch.batch_id}/checks/{ch.pk}/delete/")(_batch_check(u)),
            staff_on_unit,
        ),
    }
)
READ_ONLY_PAGES |= {
    "products:batch_list",
    "products:batch_detail",
    "products:product_qr",
    "products:batch_qr",
    "products:labels_pdf",
    # The public pages only read (a scan count is not a record anyone keeps).
    "products_public:product",
    "products_public:product_json",
    "products_public:batch",
    "products_public:batch_json",
    "products_public:gs1_product",
    "products_public:gs1_batch",
}
API_CASES.update(
    {
        ("batch-list", "post"): Create(
            "post",
            lambda w, u, o, c: (
                "/api/v1/batches/",
                {"product": _product(u).pk, "lot": "L-1", "produced_on": "2026-09-10"},
            ),
            staff_on_unit,
        ),
        ("batch-detail", "patch"): Gate(
            "patch", lambda w, u, o, c: (f"/api/v1/batches/{_batch(u).pk}/", {"version": 1}), staff_on_unit
        ),
        ("batch-detail", "delete"): Gate(
            "delete", lambda w, u, o, c: (f"/api/v1/batches/{_batch(u).pk}/", {}), staff_on_unit
        ),
        ("batch-checks", "post"): Gate(
            "post", lambda w, u, o, c: (f"/api/v1/batches/{_batch(u).pk}/checks/", {}), staff_on_unit
        ),
        ("batch-check-remove", "delete"): Gate(
            "delete",
            lambda w, u, o, c: (lambda ch: (f"/api/v1/batches/{ch.batch_id}/checks/{ch.pk}/", {}))(_batch_check(u)),
            staff_on_unit,
        ),
    }
)


def ip_create_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A new dossier names a commune of today the caller writes for, and an owner it acts for."""
    return c.has(DEPT) and c.covers(unit) and unit.level == UnitLevel.COMMUNE and _in_force(unit) and c.acts_for(org)


PAGE_CASES.update(
    {
        "products:ip_create": _gate(lambda w, u, o, c: "/products/ip/new/", dept_only),
        "products:ip_edit": _gate(lambda w, u, o, c: f"/products/ip/{_ip(u).pk}/edit/", dept_on_unit),
        "products:ip_move": _gate(lambda w, u, o, c: f"/products/ip/{_ip(u).pk}/stage/", dept_on_unit),
        "products:ip_renew": _gate(lambda w, u, o, c: f"/products/ip/{_ip(u).pk}/renew/", dept_on_unit),
        "products:ip_document_add": _gate(lambda w, u, o, c: f"/products/ip/{_ip(u).pk}/documents/", staff_on_unit),
        "products:ocop_add": _gate(lambda w, u, o, c: f"/products/{_product(u).pk}/ocop/new/", dept_on_unit),
        "products:ocop_edit": _gate(
            lambda w, u, o, c: f"/products/ocop/{OcopRatingFactory.create(product=_product(u)).pk}/edit/", dept_on_unit
        ),
    }
)
API_CASES.update(
    {
        ("ip-asset-list", "post"): Create(
            "post",
            lambda w, u, o, c: (
                "/api/v1/ip-assets/",
                {
                    "name": "Nhãn hiệu thử",
                    "kind": "collective_mark",
                    "unit": u.pk,
                    "owner_name": "Hội sản xuất",
                    "owner_organisation": o.pk,
                    "stage_since": "2026-09-01",
                },
            ),
            ip_create_allowed,
        ),
        ("ip-asset-move", "post"): Gate(
            "post",
            lambda w, u, o, c: (f"/api/v1/ip-assets/{_ip(u).pk}/move/", {"to_stage": "dossier", "on": "2026-09-01"}),
            dept_on_unit,
        ),
        ("ip-asset-renew", "post"): Gate(
            "post", lambda w, u, o, c: (f"/api/v1/ip-assets/{_ip(u).pk}/renew/", {"on": "2026-09-01"}), dept_on_unit
        ),
        ("ocop-rating-list", "post"): Create(
            "post",
            lambda w, u, o, c: (
                "/api/v1/ocop-ratings/",
                {
                    "product": _product(u).pk,
                    "stars": 4,
                    "score": "75",
                    "rating_year": 2026,
                    "decision_number": "1/QĐ-UBND",
                    "decision_date": "2026-09-01",
                },
            ),
            dept_on_unit,
        ),
    }
)


def _connection_body(unit: AdminUnit) -> dict[str, Any]:
    """A connection for a new demand of `unit`, naming a new expert (experts, issue 15)."""
    from khcn.experts.tests.factories import DemandFactory, ExpertFactory

    return {
        "demand": DemandFactory.create(unit=unit).pk,
        "expert": ExpertFactory.create().pk,
        "introduced_on": "2025-09-01",
    }


API_CASES[("connection-list", "post")] = Create(
    "post", lambda w, u, o, c: ("/api/v1/connections/", _connection_body(u)), dept_on_unit
)


# ---- experts: the registry, technology offers, demands (issue 15) ----


def demand_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A demand names a commune or ward in force that the caller writes for."""
    return c.has(STAFF) and c.covers(unit) and _in_force(unit) and unit.level == UnitLevel.COMMUNE


def _expert_patch(w: SimpleNamespace, unit: AdminUnit, org: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.experts.tests.factories import ExpertFactory

    return f"/api/v1/experts/{ExpertFactory.create().pk}/", {"profile": "Hồ sơ cập nhật"}


API_CASES.update(
    {
        # Only the Department keeps the registry (an expert edits their own profile only; the
        # personas here own none).
        ("expert-list", "post"): Create(
            "post",
            lambda w, u, o, c: ("/api/v1/experts/", {"full_name": "Trần Văn Bình", "field": "agricultural"}),
            lambda c, u, o: c.has(DEPT),
        ),
        ("expert-detail", "patch"): Gate("patch", _expert_patch, lambda c, u, o: c.has(DEPT)),
        # An expert offers under their own profile; the personas have none, so only the
        # Department's offer is stored.
        ("technology-list", "post"): Create(
            "post",
            lambda w, u, o, c: (
                "/api/v1/technologies/",
                {
                    "title": "Xử lý nước thải làng nghề bằng đệm vi sinh",
                    "summary": "Giảm mùi và COD của nước thải chế biến.",
                    "field": "engineering",
                    "maturity": 6,
                },
            ),
            lambda c, u, o: c.has(DEPT),
        ),
        ("demand-list", "post"): Create(
            "post",
            lambda w, u, o, c: (
                "/api/v1/demands/",
                {"title": "Xử lý chất thải chăn nuôi", "problem": "Mùi hôi từ các trại lợn.", "unit": u.pk},
            ),
            demand_allowed,
        ),
    }
)


# ---- experts: the pages of the registry, technology offers, demands and connections (issue 15) ----
# The roles that keep an own profile and make offers (accounts.permissions.is_expert).
EXPERTISH: set[str] = {Role.EXPERT, Role.COUNCIL_MEMBER}


def _own(unit: AdminUnit) -> bool:
    """A profile or offer acted on is the caller's own when the unit drawn is a commune (the
    registry and the offers belong to people, not units)."""
    return unit.level == UnitLevel.COMMUNE


def keeps_profile(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department keeps every profile and offer; an expert their own."""
    return c.has(DEPT) or (c.has(EXPERTISH) and _own(unit))


def expert_me_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """People/me/: an expert's own profile, made on the first visit if they have none; someone
    else whose account the Department linked to a profile edits it only as Department staff."""
    return c.has(EXPERTISH) or (_own(unit) and c.has(DEPT))


def expert_create_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department records an expert based in a province or commune in force."""
    return c.has(DEPT) and _in_force(unit) and unit.level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE)


def offer_create_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """An offer is recorded by the Department or by an expert with a profile (the caller has one
    when the unit drawn is a commune), in the name of an organisation the caller acts for."""
    return (c.has(DEPT) or (c.has(EXPERTISH) and _own(unit))) and c.acts_for(org)


def ask_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """Anyone signed in asks about a listed technology for a commune or ward in force."""
    return unit.level == UnitLevel.COMMUNE and _in_force(unit)


def _profile(c: Caller, unit: AdminUnit, **fields: Any) -> Any:
    from khcn.experts.tests.factories import ExpertFactory

    return ExpertFactory.create(user=c.user if _own(unit) else None, **fields)


def _offer(c: Caller, unit: AdminUnit, status: str = "draft") -> Any:
    from khcn.experts.tests.factories import TechnologyFactory

    return TechnologyFactory.create(owner_expert=_profile(c, unit, draft=True), status=status)


def _offer_file(c: Caller, unit: AdminUnit) -> Any:
    from khcn.experts.models import TechnologyFile

    # Only the row: the refusal never reads the file, and deleting a missing file is a no-op.
    return TechnologyFile.objects.create(technology=_offer(c, unit), file="write-scope/so-do.pdf", caption="Sơ đồ")


def _demand(unit: AdminUnit) -> Any:
    from khcn.experts.tests.factories import DemandFactory

    return DemandFactory.create(unit=unit)


def _expert_connection(unit: AdminUnit) -> Any:
    from khcn.experts.tests.factories import ConnectionFactory

    return ConnectionFactory.create(demand=_demand(unit))


def _connection_file(unit: AdminUnit) -> Any:
    from khcn.experts.models import ConnectionFile

    # Only the row, as for the offers' files.
    return ConnectionFile.objects.create(
        connection=_expert_connection(unit), file="write-scope/bien-ban.pdf", caption="Biên bản"
    )


_PROFILE_BODY = {
    "full_name": "Trần Văn Bình",
    "field": "agricultural",
    "subfields": ["401"],
    "keywords": "giống lúa, phân bón hữu cơ",
    "availability": "available",
    "email": "binh@example.vn",
}
_OFFER_BODY = {
    "title": "Xử lý nước thải làng nghề bằng đệm vi sinh",
    "summary": "Giảm mùi và COD của nước thải chế biến.",
    "field": "engineering",
    "maturity": 6,
    "ip_status": "none",
}
_DEMAND_BODY = {
    "title": "Xử lý chất thải chăn nuôi",
    "problem": "Mùi hôi từ các trại lợn.",
    "requester_kind": "commune",
    "field": "agricultural",
}


def _me(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    """The caller's own profile (one exists when the unit drawn is a commune)."""
    if _own(u):
        _profile(c, u, draft=True)
    return "/experts/people/me/", {**_PROFILE_BODY, "loaded_version": 1}


def _new_offer(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    """An offer naming the organisation drawn as owner (the caller has a profile when the unit
    drawn is a commune)."""
    if _own(u):
        _profile(c, u, draft=True)
    return "/experts/technologies/new/", {**_OFFER_BODY, "owner_organisation": o.pk}


def _asked(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.experts.tests.factories import TechnologyFactory

    listed = TechnologyFactory.create(status="published")
    body = {"unit": u.pk, "requester_kind": "household", "requester_name": "Hộ ông Hòa", "problem": "Sấy vải thiều"}
    return f"/experts/catalogue/technologies/{listed.pk}/ask/", body


def _from_followup(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    return f"/experts/demands/from-item/{FollowUpFactory.create(unit=u).pk}/", {**_DEMAND_BODY, "unit": u.pk}


def _connection_page_body(**extra: Any) -> dict[str, Any]:
    from khcn.experts.tests.factories import ExpertFactory

    return {"expert": ExpertFactory.create().pk, "introduced_on": "01/09/2026", "outcome": "meeting", **extra}


PAGE_CASES.update(
    {
        # the registry: the Department keeps it, an expert edits their own profile
        "experts:expert_create": _page(
            "post",
            lambda w, u, o, c: ("/experts/people/new/", {**_PROFILE_BODY, "unit": u.pk}),
            expert_create_allowed,
            create=True,
        ),
        "experts:expert_me": _page("post", _me, expert_me_allowed, create=True),
        "experts:expert_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/experts/people/{_profile(c, u).pk}/edit/",
                {**_PROFILE_BODY, "loaded_version": 1},
            ),
            keeps_profile,
            create=True,
        ),
        "experts:expert_validate": _gate(
            lambda w, u, o, c: f"/experts/people/{_profile(c, u, status='submitted').pk}/validate/", dept_only
        ),
        "experts:expert_return": _gate(
            lambda w, u, o, c: f"/experts/people/{_profile(c, u, status='submitted').pk}/return/", dept_only
        ),
        "experts:expert_delete": _gate(lambda w, u, o, c: f"/experts/people/{_profile(c, u).pk}/delete/", dept_only),
        # Every row of a workbook goes through the services (experts/tests/test_experts_import.py).
        "experts:expert_import": _gate(lambda w, u, o, c: "/experts/people/import/", dept_only),
        "experts:technology_import": _gate(lambda w, u, o, c: "/experts/technologies/import/", dept_only),
        # technology offers: kept by their owner and the Department, reviewed by the Department
        "experts:technology_create": _page("post", _new_offer, offer_create_allowed, create=True),
        "experts:technology_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/experts/technologies/{_offer(c, u).pk}/edit/",
                {**_OFFER_BODY, "loaded_version": 1},
            ),
            keeps_profile,
            create=True,
        ),
        "experts:technology_submit": _gate(
            lambda w, u, o, c: f"/experts/technologies/{_offer(c, u).pk}/submit/", keeps_profile
        ),
        "experts:technology_review": _gate(
            lambda w, u, o, c: f"/experts/technologies/{_offer(c, u, 'submitted').pk}/review/", dept_only
        ),
        "experts:technology_confirm": _gate(
            lambda w, u, o, c: f"/experts/technologies/{_offer(c, u, 'published').pk}/confirm/", keeps_profile
        ),
        "experts:technology_withdraw": _gate(
            lambda w, u, o, c: f"/experts/technologies/{_offer(c, u).pk}/withdraw/", keeps_profile
        ),
        "experts:technology_file_add": _gate(
            lambda w, u, o, c: f"/experts/technologies/{_offer(c, u).pk}/files/", keeps_profile
        ),
        "experts:technology_file_delete": _gate(
            lambda w, u, o, c: f"/experts/technologies/files/{_offer_file(c, u).pk}/delete/", keeps_profile
        ),
        # asking about a listed technology from the public catalogue
        "experts:technology_ask": _page("post", _asked, ask_allowed, create=True),
        # demands: Department staff for any commune, a commune's officer for their own
        "experts:demand_create": _page(
            "post",
            lambda w, u, o, c: ("/experts/demands/new/", {**_DEMAND_BODY, "unit": u.pk}),
            demand_allowed,
            create=True,
        ),
        "experts:demand_from_followup": _page("post", _from_followup, demand_allowed, create=True),
        "experts:demand_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/experts/demands/{_demand(u).pk}/edit/",
                {**_DEMAND_BODY, "unit": u.pk, "loaded_version": 1},
            ),
            demand_allowed,
            create=True,
        ),
        "experts:demand_close": _page(
            "post",
            lambda w, u, o, c: (f"/experts/demands/{_demand(u).pk}/close/", {"reason": "Xã đã tự xử lý"}),
            staff_on_unit,
            create=True,
        ),
        # connections: the Department, for requests of units it writes for
        "experts:connection_create": _page(
            "post",
            lambda w, u, o, c: ("/experts/connections/new/", _connection_page_body(demand=_demand(u).pk)),
            dept_on_unit,
            create=True,
        ),
        "experts:connection_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/experts/connections/{_expert_connection(u).pk}/edit/",
                _connection_page_body(loaded_version=1),
            ),
            dept_on_unit,
            create=True,
        ),
        "experts:connection_file_add": _gate(
            lambda w, u, o, c: f"/experts/connections/{_expert_connection(u).pk}/files/", dept_on_unit
        ),
        "experts:connection_file_delete": _gate(
            lambda w, u, o, c: f"/experts/connections/files/{_connection_file(u).pk}/delete/", dept_on_unit
        ),
    }
)


def _ingest_confirm_body(unit: AdminUnit) -> dict[str, Any]:
    """A confirmed draft: a session with `unit`, one figure and one request of it."""
    sentence = "Huyện đề nghị Sở hỗ trợ tập huấn; tỷ lệ hồ sơ đúng hạn đạt 100%."
    body: dict[str, Any] = {
        "source": sentence,
        "title": "Làm việc với đơn vị (nhập từ bài viết)",
        "starts_at": "19/07/2024 08:30",
        "place": "Trụ sở UBND",
        "units-TOTAL_FORMS": 1,
        "units-INITIAL_FORMS": 0,
        "units-0-include": "on",
        "units-0-written": unit.name,
        "units-0-source_text": sentence,
        "units-0-unit": unit.pk,
        "people-TOTAL_FORMS": 0,
        "people-INITIAL_FORMS": 0,
        "figures-TOTAL_FORMS": 1,
        "figures-INITIAL_FORMS": 0,
        "figures-0-include": "on",
        "figures-0-value": "100%",
        "figures-0-unit": unit.pk,
        "figures-0-source_text": sentence,
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-0-include": "on",
        "items-0-kind": "request",
        "items-0-unit": unit.pk,
        "items-0-topic": "training",
        "items-0-text": "Đề nghị Sở hỗ trợ tập huấn",
        "items-0-source_text": sentence,
    }
    return body


def session_unit_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A session gathers units the Department writes for: a district (of either era, for the
    sessions held before 1 July 2025) or a commune in force (meetings.forms.cluster_units)."""
    session_unit = unit.level == UnitLevel.DISTRICT or (unit.level == UnitLevel.COMMUNE and _in_force(unit))
    return dept_on_unit(c, unit, org) and session_unit


# ingest: an article becomes a session of the Department's, with items of the units it names
PAGE_CASES.update(
    {
        "ingest:start": _gate(lambda w, u, o, c: "/ingest/", dept_only),
        "ingest:confirm": _page(
            "post", lambda w, u, o, c: ("/ingest/confirm/", _ingest_confirm_body(u)), session_unit_allowed, create=True
        ),
    }
)
READ_ONLY_PAGES |= {"ingest:session_result"}
READ_ONLY_PAGES |= {
    "experts:expert_list",
    "experts:expert_detail",
    "experts:expert_history",
    "experts:expert_import_template",
    "experts:technology_list",
    "experts:technology_detail",
    "experts:technology_file",
    "experts:technology_import_template",
    "experts:demand_list",
    "experts:demand_detail",
    # The ranked suggestions only read (experts/tests/test_matching_views.py).
    "experts:demand_matches",
    "experts:followup_matches",
    "experts:proposal_matches",
    "experts:connection_list",
    "experts:connection_board",
    "experts:connection_detail",
    "experts:connection_file",
    # GET only: the <option>s of the search-as-you-type selects.
    "experts:connection_lookup",
    # The public catalogue and public profiles only read.
    "experts:catalogue",
    "experts:technology_public",
    "experts:expert_public_list",
    "experts:expert_public",
}

# ---- initiatives: applications, the unit's decision, the city round (issue 16) ----


def _initiative(unit: AdminUnit, status: str = "draft") -> Any:
    from khcn.initiatives.tests.factories import AuthorFactory, InitiativeFactory

    initiative = InitiativeFactory.create(unit=unit, status=status)
    AuthorFactory.create(initiative=initiative)
    return initiative


def _initiative_file(unit: AdminUnit) -> Any:
    from khcn.initiatives.models import InitiativeFile

    # Only the row, as for the offers' files.
    return InitiativeFile.objects.create(initiative=_initiative(unit), file="write-scope/minh-chung.pdf", name="a.pdf")


def _initiative_body(unit: AdminUnit, org: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "unit": unit.pk,
        "organisation": org.pk,
        "title": "Ứng dụng mã QR tại bộ phận một cửa",
        "field": "administration",
        "problem": "Người dân chờ lâu.",
        "influence_scope": "city",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-full_name": "Nguyễn Văn An",
        "authors-0-share": "100",
        **extra,
    }


PAGE_CASES.update(
    {
        # An application names a unit in force the caller writes for and an organisation it
        # acts for, as a task proposal does.
        "initiatives:initiative_create": _page(
            "post", lambda w, u, o, c: ("/initiatives/new/", _initiative_body(u, o)), proposal_allowed, create=True
        ),
        "initiatives:initiative_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/initiatives/{_initiative(u).pk}/edit/",
                _initiative_body(u, o, loaded_version=1),
            ),
            proposal_allowed,
            create=True,
        ),
        # The moves: staff of the owning unit, or the Department.
        "initiatives:initiative_submit": _gate(
            lambda w, u, o, c: f"/initiatives/{_initiative(u).pk}/submit/", staff_on_unit
        ),
        "initiatives:initiative_recognise": _gate(
            lambda w, u, o, c: f"/initiatives/{_initiative(u, 'submitted').pk}/recognise/", staff_on_unit
        ),
        "initiatives:initiative_city_submit": _gate(
            lambda w, u, o, c: f"/initiatives/{_initiative(u, 'base_recognised').pk}/city-round/", staff_on_unit
        ),
        # The city's evaluation council: the Department, on initiatives of its province.
        "initiatives:city_council_create": _gate(
            lambda w, u, o, c: f"/initiatives/{_initiative(u, 'city_submitted').pk}/city-council/", dept_on_unit
        ),
        "initiatives:initiative_file_add": _gate(
            lambda w, u, o, c: f"/initiatives/{_initiative(u).pk}/files/", staff_on_unit
        ),
        "initiatives:initiative_file_delete": _gate(
            lambda w, u, o, c: f"/initiatives/files/{_initiative_file(u).pk}/delete/", staff_on_unit
        ),
    }
)


def _initiative_api_body(unit: AdminUnit, org: Organisation) -> dict[str, Any]:
    return {
        "unit": unit.pk,
        "organisation": org.pk,
        "title": "Ứng dụng mã QR tại bộ phận một cửa",
        "field": "administration",
        "problem": "Người dân chờ lâu.",
        "authors": [{"full_name": "Nguyễn Văn An", "share": "100"}],
    }


# The same writes through /api/v1/initiatives/ (issue 17): a draft names a unit and an
# organisation the caller writes for; the moves are for staff of the owning unit.
API_CASES.update(
    {
        ("initiative-list", "post"): Create(
            "post", lambda w, u, o, c: ("/api/v1/initiatives/", _initiative_api_body(u, o)), proposal_allowed
        ),
        ("initiative-detail", "patch"): Gate(
            "patch",
            lambda w, u, o, c: (f"/api/v1/initiatives/{_initiative(u).pk}/", {"version": 1, "costs": "Không"}),
            staff_on_unit,
        ),
        ("initiative-submit", "post"): Gate(
            "post",
            lambda w, u, o, c: (f"/api/v1/initiatives/{_initiative(u).pk}/submit/", {"version": 1}),
            staff_on_unit,
        ),
        ("initiative-detail", "delete"): Gate(
            "delete", lambda w, u, o, c: (f"/api/v1/initiatives/{_initiative(u).pk}/", {}), staff_on_unit
        ),
    }
)
READ_ONLY_PAGES |= {
    "initiatives:initiative_list",
    "initiatives:initiative_detail",
    "initiatives:initiative_statistics",
    "initiatives:initiative_file",
    "initiatives:city_decision_docx",
    "initiatives:council_detail",  # research's council page (its own scope and permission)
    "initiatives:certificate_docx",
    "initiatives:recognised_list",  # public
}

# ---- appraisal: technology appraisals of investment projects (issue 18) ----


def _appraisal(unit: AdminUnit) -> Any:
    from khcn.appraisal.tests.factories import AppraisalFactory

    return AppraisalFactory.create(unit=unit)


def _consultation(unit: AdminUnit) -> Any:
    from khcn.appraisal.models import Consultation
    from khcn.experts.tests.factories import ExpertFactory

    return Consultation.objects.create(appraisal=_appraisal(unit), expert=ExpertFactory.create())


def _appraisal_body(unit: AdminUnit, org: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "sending_body": "Sở Kế hoạch và Đầu tư",
        "incoming_number": "12/KHĐT",
        "received_on": "01/09/2026",
        "project_name": "Nhà máy sản xuất bao bì",
        "investor_name": "Công ty CP Bao bì",
        "investor": org.pk,
        "unit": unit.pk,
        "sector": "industry",
        "technology": "In ống đồng.",
        **extra,
    }


def _workbook_body(sheet: str, headers: list[str], cells: dict[str, Any]) -> dict[str, Any]:
    """A multipart body uploading a real .xlsx: the header row and one row of `cells`."""
    from khcn.registers.tests.workbooks import xlsx

    return {"file": xlsx(sheet, [headers, [cells.get(h) for h in headers]])}


def _appraisal_import(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.appraisal.excel import COLUMNS, SHEET

    cells = {
        "Cơ quan gửi": "Sở Tài chính",
        "Số văn bản": "12/STC",
        "Ngày nhận": "01/09/2026",
        "Tên dự án": "Nhà máy sản xuất bao bì",
        "Nhà đầu tư": "Công ty CP Bao bì",
        "Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)": o.name,
        "Xã/phường": u.code,
        "Lĩnh vực": "industry",
        "Công nghệ": "In ống đồng.",
    }
    return "/appraisal/import/", _workbook_body(SHEET, [col.header for col in COLUMNS], cells)


def appraisal_create_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department records a dossier of a project located in a unit in force it writes
    for, naming an investor of the registry it acts for."""
    return dept_on_unit(c, unit, org) and _in_force(unit) and c.acts_for(org)


PAGE_CASES.update(
    {
        "appraisal:appraisal_create": _page(
            "post",
            lambda w, u, o, c: ("/appraisal/new/", _appraisal_body(u, o)),
            appraisal_create_allowed,
            create=True,
        ),
        "appraisal:appraisal_edit": _page(
            "post",
            lambda w, u, o, c: (f"/appraisal/{_appraisal(u).pk}/edit/", _appraisal_body(u, o, loaded_version=1)),
            lambda c, u, o: dept_on_unit(c, u, o) and c.acts_for(o),
            create=True,
        ),
        # Every row of a workbook goes through appraisal_create (appraisal/tests/test_import.py).
        "appraisal:appraisal_import": _page("post", _appraisal_import, appraisal_create_allowed, create=True),
        "appraisal:appraisal_opinion": _gate(
            lambda w, u, o, c: f"/appraisal/{_appraisal(u).pk}/opinion/", dept_on_unit
        ),
        "appraisal:appraisal_delete": _gate(lambda w, u, o, c: f"/appraisal/{_appraisal(u).pk}/delete/", dept_on_unit),
        "appraisal:consultation_add": _gate(lambda w, u, o, c: f"/appraisal/{_appraisal(u).pk}/experts/", dept_on_unit),
        "appraisal:consultation_remove": _gate(
            lambda w, u, o, c: f"/appraisal/experts/{_consultation(u).pk}/remove/", dept_on_unit
        ),
    }
)
READ_ONLY_PAGES |= {"appraisal:appraisal_list", "appraisal:appraisal_detail", "appraisal:appraisal_import_template"}


# ---- research: tasks without state budget, programmes of tasks (issue 18) ----


def _selffunded(org: Organisation, **extra: Any) -> Any:
    from khcn.research.models import SelfFundedTask

    fields = {"title": "Quy trình sấy nông sản", "field": "agricultural", "received_on": date(2026, 9, 1)}
    return SelfFundedTask.objects.create(organisation=org, summary="Kết quả.", **{**fields, **extra})


def _selffunded_member(org: Organisation) -> Any:
    from khcn.research.models import SelfFundedCouncilMember

    return SelfFundedCouncilMember.objects.create(task=_selffunded(org), name="Nguyễn Văn An", role="member")


def _selffunded_body(org: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": org.pk,
        "title": "Quy trình sấy nông sản",
        "field": "agricultural",
        "received_on": "01/09/2026",
        "summary": "Kết quả của nhiệm vụ.",
        **extra,
    }


def selffunded_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department records the request of an organisation it acts for."""
    return c.has(DEPT) and c.acts_for(org)


def _programme() -> Any:
    from khcn.research.models import TaskProgramme

    return TaskProgramme.objects.create(code=f"P-{next(_GROUP_CODES)}", name="Chương trình thử")


def _programme_member() -> Any:
    from khcn.research.models import ProgrammeBoardMember

    return ProgrammeBoardMember.objects.create(programme=_programme(), name="Trần Văn Bình", role="member")


def _programme_task_remove(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> str:
    programme = _programme()
    task = _task(o)
    task.programme = programme
    task.save()
    return f"/research/programmes/{programme.pk}/tasks/{task.pk}/remove/"


PAGE_CASES.update(
    {
        "research:selffunded_create": _page(
            "post",
            lambda w, u, o, c: ("/research/self-funded/new/", _selffunded_body(o)),
            selffunded_allowed,
            create=True,
        ),
        "research:selffunded_edit": _page(
            "post",
            lambda w, u, o, c: (
                f"/research/self-funded/{_selffunded(o).pk}/edit/",
                _selffunded_body(o, loaded_version=1),
            ),
            selffunded_allowed,
            create=True,
        ),
        "research:selffunded_decide": _gate(
            lambda w, u, o, c: f"/research/self-funded/{_selffunded(o, council_meets_on=date(2026, 9, 5)).pk}/outcome/",
            selffunded_allowed,
        ),
        "research:selffunded_member_add": _gate(
            lambda w, u, o, c: f"/research/self-funded/{_selffunded(o).pk}/members/", selffunded_allowed
        ),
        "research:selffunded_member_remove": _gate(
            lambda w, u, o, c: f"/research/self-funded/members/{_selffunded_member(o).pk}/remove/", selffunded_allowed
        ),
        "research:selffunded_file_add": _gate(
            lambda w, u, o, c: f"/research/self-funded/{_selffunded(o).pk}/files/", selffunded_allowed
        ),
        "research:programme_create": _page(
            "post",
            lambda w, u, o, c: ("/research/programmes/new/", {"code": "20-CT/TU", "name": "Chương trình trọng điểm"}),
            dept_only,
            create=True,
        ),
        "research:programme_edit": _gate(lambda w, u, o, c: f"/research/programmes/{_programme().pk}/edit/", dept_only),
        "research:board_member_add": _gate(
            lambda w, u, o, c: f"/research/programmes/{_programme().pk}/board/", dept_only
        ),
        "research:board_member_remove": _gate(
            lambda w, u, o, c: f"/research/programmes/board/{_programme_member().pk}/remove/", dept_only
        ),
        "research:programme_task_add": _gate(
            lambda w, u, o, c: f"/research/programmes/{_programme().pk}/tasks/", dept_only
        ),
        "research:programme_task_remove": _gate(_programme_task_remove, dept_only),
    }
)
READ_ONLY_PAGES |= {
    "research:selffunded_list",
    "research:selffunded_detail",
    "research:selffunded_file",
    "research:programme_list",
    "research:programme_detail",
}


# -- quality (issue 16: ISO 9001 and training) ----------------------------------------------------


def _local_administration(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    return unit.level != UnitLevel.PROVINCE


def qms_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department keeps the QMS record and inspections of any local administration."""
    return dept_on_unit(c, unit, org) and _local_administration(c, unit, org)


def selfreport_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """A self-report is sent for a unit in force the caller writes for."""
    return staff_on_unit(c, unit, org) and _in_force(unit) and _local_administration(c, unit, org)


def course_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department organises courses; the units invited are communes in force in its scope."""
    return dept_on_unit(c, unit, org) and _in_force(unit) and unit.level == UnitLevel.COMMUNE


def _course(unit: AdminUnit) -> Any:
    from khcn.quality.tests.factories import CourseFactory

    return CourseFactory.create(units=[unit])


def _self_report(unit: AdminUnit) -> Any:
    from khcn.quality.tests.factories import SelfReportFactory

    return SelfReportFactory.create(unit=unit)


def _participant(unit: AdminUnit) -> Any:
    from khcn.quality.tests.factories import ParticipantFactory

    return ParticipantFactory.create(course=_course(unit))


def _training_request(unit: AdminUnit) -> Any:
    from khcn.meetings.models import Topic

    return FollowUpFactory.create(unit=unit, topic=Topic.TRAINING)


_QMS_BODY = {
    "scope": "UBND",
    "mode": "none",
    "procedures_total": "10",
    "procedures_in_iso": "10",
    "open_corrective_actions": "0",
    "loaded_version": "",
}
_COURSE_BODY = {"title": "Tập huấn ISO 9001", "kind": "training", "starts_on": "05/10/2026", "ends_on": "05/10/2026"}


def _course_edit(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    course = _course(u)
    return f"/quality/courses/{course.pk}/edit/", {**_COURSE_BODY, "units_invited": [u.pk], "loaded_version": 1}


def _link(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    return f"/quality/courses/{_course(u).pk}/answers/", {"followup": _training_request(u).pk}


def _attendance(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    person = _participant(u)
    return f"/quality/courses/{person.course_id}/attendance/", {"attended": [person.pk]}


PAGE_CASES.update(
    {
        "quality:qms_edit": _page(
            "post", lambda w, u, o, c: (f"/quality/iso/units/{u.pk}/edit/", dict(_QMS_BODY)), qms_allowed, create=True
        ),
        "quality:selfreport_submit": _page(
            "post",
            lambda w, u, o, c: (
                f"/quality/iso/units/{u.pk}/self-report/",
                {k: v for k, v in _QMS_BODY.items() if k not in ("scope", "loaded_version")},
            ),
            selfreport_allowed,
            create=True,
        ),
        "quality:inspection_create": _page(
            "post",
            lambda w, u, o, c: (
                f"/quality/iso/units/{u.pk}/inspections/new/",
                {"inspected_on": "10/09/2026", "inspector": "Sở KH&CN", "findings": "Chưa xem xét của lãnh đạo."},
            ),
            qms_allowed,
            create=True,
        ),
        "quality:selfreport_review": Gate(
            "post",
            lambda w, u, o, c: (f"/quality/iso/self-reports/{_self_report(u).pk}/review/", {"decision": "accept"}),
            dept_on_unit,
            api=False,
        ),
        "quality:course_create": _page(
            "post",
            lambda w, u, o, c: ("/quality/courses/new/", {**_COURSE_BODY, "units_invited": [u.pk]}),
            course_allowed,
            create=True,
        ),
        "quality:course_edit": _page("post", _course_edit, course_allowed, create=True),
        "quality:participant_add": Gate(
            "post",
            lambda w, u, o, c: (f"/quality/courses/{_course(u).pk}/participants/", {"name": "Nguyễn Văn An"}),
            dept_only,
            api=False,
        ),
        "quality:attendance_record": Gate("post", _attendance, dept_only, api=False),
        # Only an attendee evaluates, and none of the personas attended (quality/tests/test_services.py).
        "quality:evaluation_submit": Gate(
            "post",
            lambda w, u, o, c: (f"/quality/courses/{_course(u).pk}/evaluation/", {"rating": "5"}),
            lambda c, u, o: False,
            api=False,
        ),
        "quality:course_file_add": _gate(lambda w, u, o, c: f"/quality/courses/{_course(u).pk}/files/", dept_only),
        "quality:course_link": Gate("post", _link, dept_on_unit, api=False),
    }
)
READ_ONLY_PAGES |= {
    "quality:board",
    "quality:unit_detail",
    "quality:course_list",
    "quality:course_detail",
    "quality:course_file",
    "quality:my_courses",
}

# -- metrology, radiation, enforcement (issue 18, items 7 to 9) -----------------------------------


def register_create_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department records a register entry for a unit in force it writes for and an
    organisation it acts for."""
    return c.has(DEPT) and c.covers(unit) and _in_force(unit) and c.acts_for(org)


def _facility(unit: AdminUnit, org: Organisation) -> Any:
    from khcn.radiation.tests.factories import FacilityFactory

    return FacilityFactory.create(unit=unit, organisation=org)


def _instrument(unit: AdminUnit, org: Organisation) -> Any:
    from khcn.metrology.models import Instrument, InstrumentKind

    kind = InstrumentKind.objects.create(name=f"Cân {next(_GROUP_CODES)}", cycle_months=12)
    return Instrument.objects.create(kind=kind, serial="C-1", organisation=org, unit=unit)


def _inspection(unit: AdminUnit, org: Organisation) -> Any:
    from khcn.enforcement.models import Inspection

    return Inspection.objects.create(organisation=org, unit=unit, area="metrology", starts_on=date(2026, 8, 1))


def _facility_import(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.radiation.registers import FACILITY_COLUMNS

    cells = {"Tên cơ sở": "Phòng X-quang", "Tổ chức": o.name, "Xã/phường": u.code, "Loại": "medical_xray"}
    headers = [col.header for col in FACILITY_COLUMNS]
    return "/radiation/facilities/import/", _workbook_body("Cơ sở", headers, cells)


def _laboratory_import(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.metrology.registers import LABORATORY_COLUMNS

    cells = {
        "Tên phòng thử nghiệm, hiệu chuẩn": "Phòng thử nghiệm VLXD",
        "Tổ chức": o.name,
        "Xã/phường": u.code,
        "Lĩnh vực thử nghiệm, hiệu chuẩn": "Vật liệu xây dựng",
    }
    headers = [col.header for col in LABORATORY_COLUMNS]
    return "/metrology/laboratories/import/", _workbook_body("Phòng thử nghiệm", headers, cells)


def _inspection_import(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.enforcement.registers import INSPECTION_COLUMNS

    cells = {
        "Tổ chức được thanh tra, kiểm tra": o.name,
        "Xã/phường": u.code,
        "Lĩnh vực": "radiation",
        "Hình thức": "check",
        "Ngày bắt đầu": "10/09/2026",
    }
    headers = [col.header for col in INSPECTION_COLUMNS]
    return "/enforcement/inspections/import/", _workbook_body("Thanh tra, kiểm tra", headers, cells)


def _instrument_body(w: SimpleNamespace, u: AdminUnit, o: Organisation, c: Caller) -> tuple[str, dict[str, Any]]:
    from khcn.metrology.models import InstrumentKind

    kind = InstrumentKind.objects.create(name=f"Công tơ {next(_GROUP_CODES)}", cycle_months=60)
    body = {"kind": kind.pk, "serial": "CT-9", "organisation": o.pk, "unit": u.pk, "status": "in_use"}
    return "/metrology/instruments/new/", body


PAGE_CASES.update(
    {
        "radiation:record_create": _page(
            "post",
            lambda w, u, o, c: (
                "/radiation/facilities/new/",
                {"name": "Phòng X-quang", "organisation": o.pk, "unit": u.pk, "kind": "medical_xray"},
            ),
            register_create_allowed,
            create=True,
        ),
        "radiation:record_edit": Gate(
            "post",
            lambda w, u, o, c: (f"/radiation/facilities/{_facility(u, o).pk}/edit/", {"loaded_version": 1}),
            dept_on_unit,
            api=False,
        ),
        "radiation:record_delete": _gate(
            lambda w, u, o, c: f"/radiation/facilities/{_facility(u, o).pk}/delete/", dept_on_unit
        ),
        "radiation:record_import": _page("post", _facility_import, register_create_allowed, create=True),
        "metrology:record_create": _page("post", _instrument_body, register_create_allowed, create=True),
        "metrology:record_edit": Gate(
            "post",
            lambda w, u, o, c: (f"/metrology/instruments/{_instrument(u, o).pk}/edit/", {"loaded_version": 1}),
            dept_on_unit,
            api=False,
        ),
        "metrology:record_delete": _gate(
            lambda w, u, o, c: f"/metrology/instruments/{_instrument(u, o).pk}/delete/", dept_on_unit
        ),
        "metrology:record_import": _page("post", _laboratory_import, register_create_allowed, create=True),
        "enforcement:record_create": _page(
            "post",
            lambda w, u, o, c: (
                "/enforcement/inspections/new/",
                {"organisation": o.pk, "unit": u.pk, "area": "radiation", "kind": "check", "starts_on": "10/09/2026"},
            ),
            register_create_allowed,
            create=True,
        ),
        "enforcement:record_edit": Gate(
            "post",
            lambda w, u, o, c: (f"/enforcement/inspections/{_inspection(u, o).pk}/edit/", {"loaded_version": 1}),
            dept_on_unit,
            api=False,
        ),
        "enforcement:record_delete": _gate(
            lambda w, u, o, c: f"/enforcement/inspections/{_inspection(u, o).pk}/delete/", dept_on_unit
        ),
        "enforcement:record_import": _page("post", _inspection_import, register_create_allowed, create=True),
    }
)
READ_ONLY_PAGES |= {
    "radiation:facilities_list",
    "radiation:sources_list",
    "radiation:licences_list",
    "radiation:incidents_list",
    "radiation:record_detail",
    "radiation:record_import_template",
    "metrology:kinds_list",
    "metrology:instruments_list",
    "metrology:verifications_list",
    "metrology:announcements_list",
    "metrology:laboratories_list",
    "metrology:record_detail",
    "metrology:record_import_template",
    "enforcement:inspections_list",
    "enforcement:decisions_list",
    "enforcement:record_detail",
    "enforcement:record_import_template",
}

# -- fund and S&T enterprises (issue 18, items 5 and 6) -----------------------------------------


def fund_allowed(c: Caller, unit: AdminUnit, org: Organisation) -> bool:
    """The Department keeps the fund and the register, for organisations in its write scope."""
    return c.has(DEPT) and c.acts_for(org)


def _application(org: Organisation, **extra: Any) -> Any:
    from khcn.fund.tests.factories import FundApplicationFactory

    return FundApplicationFactory.create(organisation=org, **extra)


def _loan_repayment(org: Organisation) -> Any:
    from khcn.fund.tests.factories import RepaymentFactory

    return RepaymentFactory.create(application=_application(org, approved=True, kind="loan"))


def _fund_call() -> Any:
    from khcn.fund.tests.factories import FundCallFactory

    return FundCallFactory.create()


_CERTIFICATE_NUMBERS = itertools.count(1)


def _certificate(org: Organisation) -> Any:
    from khcn.enterprises.tests.factories import CertificateFactory

    return CertificateFactory.create(organisation=org, number=f"WS-{next(_CERTIFICATE_NUMBERS)}")


_CALL_BODY = {"number": "02/2026/QPTKHCN", "title": "Đợt thử", "opens_on": "01/09/2026", "closes_on": "30/09/2026"}
_APPLICATION_BODY = {"title": "Dự án thử", "kind": "grant", "amount_requested": "1000000", "received_on": "01/09/2026"}


def _certificate_body(org: Organisation) -> dict[str, Any]:
    return {
        "number": f"WS-NEW-{next(_CERTIFICATE_NUMBERS)}",
        "issued_on": "01/09/2026",
        "organisation": org.pk,
        "results": "Sáng chế",
    }


PAGE_CASES.update(
    {
        "fund:call_create": _page(
            "post", lambda w, u, o, c: ("/fund/calls/new/", dict(_CALL_BODY)), dept_only, create=True
        ),
        "fund:call_edit": _gate(lambda w, u, o, c: f"/fund/calls/{_fund_call().pk}/edit/", dept_only),
        "fund:application_create": _page(
            "post",
            lambda w, u, o, c: ("/fund/applications/new/", {**_APPLICATION_BODY, "organisation": o.pk}),
            fund_allowed,
            create=True,
        ),
        "fund:application_edit": _gate(
            lambda w, u, o, c: f"/fund/applications/{_application(o).pk}/edit/", fund_allowed
        ),
        "fund:application_decide": _gate(
            lambda w, u, o, c: f"/fund/applications/{_application(o).pk}/decide/", fund_allowed
        ),
        "fund:application_delete": _gate(
            lambda w, u, o, c: f"/fund/applications/{_application(o).pk}/delete/", fund_allowed
        ),
        "fund:plan_set": _gate(
            lambda w, u, o, c: f"/fund/applications/{_application(o, approved=True).pk}/plan/", fund_allowed
        ),
        "fund:disbursement_add": _gate(
            lambda w, u, o, c: f"/fund/applications/{_application(o, approved=True).pk}/disbursements/", fund_allowed
        ),
        "fund:repayment_add": _gate(
            lambda w, u, o, c: f"/fund/applications/{_application(o, approved=True, kind='loan').pk}/repayments/",
            fund_allowed,
        ),
        "fund:repayment_receive": _gate(
            lambda w, u, o, c: f"/fund/repayments/{_loan_repayment(o).pk}/receive/", fund_allowed
        ),
        "fund:application_import": _gate(lambda w, u, o, c: "/fund/applications/import/", dept_only),
        "enterprises:certificate_create": _page(
            "post",
            lambda w, u, o, c: ("/enterprises/certificates/new/", _certificate_body(o)),
            fund_allowed,
            create=True,
        ),
        "enterprises:certificate_edit": _gate(
            lambda w, u, o, c: f"/enterprises/certificates/{_certificate(o).pk}/edit/", fund_allowed
        ),
        "enterprises:certificate_revoke": _gate(
            lambda w, u, o, c: f"/enterprises/certificates/{_certificate(o).pk}/revoke/", fund_allowed
        ),
        "enterprises:incentive_add": _gate(
            lambda w, u, o, c: f"/enterprises/certificates/{_certificate(o).pk}/incentives/", fund_allowed
        ),
        "enterprises:amendment_add": _gate(
            lambda w, u, o, c: f"/enterprises/certificates/{_certificate(o).pk}/changes/", fund_allowed
        ),
        "enterprises:certificate_import": _gate(lambda w, u, o, c: "/enterprises/certificates/import/", dept_only),
    }
)
READ_ONLY_PAGES |= {
    "fund:overview",
    "fund:call_list",
    "fund:call_detail",
    "fund:application_list",
    "fund:application_detail",
    "fund:application_import_template",
    "fund:disbursement_list",
    "fund:repayment_list",
    "enterprises:certificate_list",
    "enterprises:certificate_detail",
    "enterprises:certificate_import_template",
}

READ_ONLY_PAGES |= {
    "portal:open_data",
    "portal:open_data_file",
    "portal:open_data_schema",
    "portal:products",
    "portal:robots",
    "portal:sitemap",
}


def _city_report() -> Any:
    from khcn.citywork.models import CityReport

    return CityReport.objects.create(year=2025, title="Báo cáo kết quả năm 2025")


# The Department's work with the city: its own business, kept by its staff (citywork/tests).
PAGE_CASES.update(
    {
        "citywork:report_create": _gate(lambda w, u, o, c: "/city/reports/new/", dept_only),
        "citywork:report_edit": _gate(lambda w, u, o, c: f"/city/reports/{_city_report().pk}/edit/", dept_only),
        "citywork:report_delete": _gate(lambda w, u, o, c: f"/city/reports/{_city_report().pk}/delete/", dept_only),
        "citywork:rank_edit": _gate(lambda w, u, o, c: "/city/board/citywork.directives_on_time/2025/rank/", dept_only),
    }
)
READ_ONLY_PAGES |= {
    "citywork:overview",
    "citywork:board",
    "citywork:report_list",
    "citywork:report_detail",
    "citywork:report_docx",
}

_IP_ROWS = itertools.count(0)


def _ip_statistic() -> Any:
    from khcn.ipstats.tests.factories import IpStatisticFactory

    n = next(_IP_ROWS)
    return IpStatisticFactory.create(year=2000 + n % 101, kind=("patent", "trademark")[n // 101 % 2])


def _ip_statistic_body() -> dict[str, Any]:
    """A new year and kind each time (one row per year and kind)."""
    n = next(_IP_ROWS)
    kind = ("utility_solution", "industrial_design", "geographical_indication")[n // 101 % 3]
    return {"year": str(2000 + n % 101), "kind": kind, "applications": "12", "grants": "3"}


# The province's IP statistics (issue 18, item 10): the Department's own figures.
PAGE_CASES.update(
    {
        "ipstats:statistic_create": _page(
            "post", lambda w, u, o, c: ("/ipstats/new/", _ip_statistic_body()), dept_only, create=True
        ),
        "ipstats:statistic_edit": _gate(lambda w, u, o, c: f"/ipstats/{_ip_statistic().pk}/edit/", dept_only),
        "ipstats:statistic_delete": _gate(lambda w, u, o, c: f"/ipstats/{_ip_statistic().pk}/delete/", dept_only),
        "ipstats:statistic_import": _gate(lambda w, u, o, c: "/ipstats/import/", dept_only),
    }
)
READ_ONLY_PAGES |= {"ipstats:statistic_list", "ipstats:statistic_detail", "ipstats:statistic_import_template"}

# The site-wide search reads only, each kind through its visible queryset (search/tests).
READ_ONLY_PAGES |= {"search:search", "search:suggest"}

# Outside the project's pages: Django's admin (superusers only) and the language switch.
FOREIGN_NAMESPACES = {"admin", "api"}


def _page_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in FOREIGN_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and namespace:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return names


def _api_writes() -> set[tuple[str, str]]:
    """(URL name, method) of every API route that writes, from the router itself; a method the
    viewset does not serve (not in its `http_method_names`, answered 405) is no write."""
    writes = set()
    for _prefix, viewset, basename in router.registry:
        for route in router.get_routes(viewset):
            for method, action in route.mapping.items():
                served = method in getattr(viewset, "http_method_names", ())
                if method in {"post", "put", "patch", "delete"} and served and hasattr(viewset, action):
                    writes.add((route.name.format(basename=basename), method))
    return writes


def test_every_write_endpoint_has_a_case() -> None:
    """A new page or API write fails here until it has a case (or is listed as read-only)."""
    pages = _page_names()
    assert pages - READ_ONLY_PAGES - set(PAGE_CASES) == set(), "page without a write-scope case"
    assert set(PAGE_CASES) - pages == set(), "case for a page that no longer exists"
    assert READ_ONLY_PAGES - pages == set()
    assert _api_writes() == set(API_CASES)


def _case(kind: str, name: str, method: str) -> Create | Gate:
    return API_CASES[(name, method)] if kind == "api" else PAGE_CASES[name]


# -- the property ---------------------------------------------------------------------------------

ENDPOINTS = sorted([("api", *key) for key in API_CASES] + [("page", name, "post") for name in PAGE_CASES])
CREATES = [e for e in ENDPOINTS if isinstance(_case(*e), Create)]
GATES = [e for e in ENDPOINTS if isinstance(_case(*e), Gate)]
CALLERS = [
    "commune_officer",
    "district_history",
    "department_officer",
    "department_leader",
    "expert",
    "council_member",
    "expired_grant",
]


def _send(client: Any, case: Create | Gate, url: str, body: dict[str, Any]) -> Any:
    if case.api:
        return getattr(client, case.method)(url, body, content_type=JSON)
    return client.post(url, body)


def _check(client: Any, world: SimpleNamespace, endpoint: tuple[str, str, str], data: Any, caller_name: str) -> None:
    case = _case(*endpoint)
    caller = world.callers[caller_name]
    unit = data.draw(st.sampled_from(world.units), label="unit")
    org = data.draw(st.sampled_from(world.organisations), label="organisation")
    # Each example runs in a savepoint rolled back at its end, so examples do not see each other.
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False), transaction.atomic():
        url, body = case.build(world, unit, org, caller)
        client.force_login(caller.user)
        before = _fingerprint()
        response = _send(client, case, url, body)
        wrote = _fingerprint() != before
        transaction.set_rollback(True)
    allowed = case.allowed(caller, unit, org)
    status = response.status_code
    where = f"{caller.name} {case.method.upper()} {url} ({unit}, {org}) -> {status}"
    assert status < 500, where
    if isinstance(case, Create):
        assert wrote == allowed, where
        assert (status in REFUSED) != allowed, where
    elif allowed:
        assert status not in BY_SCOPE, where
    else:
        assert status in REFUSED and not wrote, where


BOUNDED = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is stable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", CREATES, ids="-".join)
@settings(BOUNDED, max_examples=6)
@given(data=st.data())
def test_a_write_naming_a_unit_or_organisation_is_stored_iff_the_scope_allows_it(  # type: ignore[no-untyped-def]
    client, world, endpoint, caller, data
) -> None:
    _check(client, world, endpoint, data, caller)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", GATES, ids="-".join)
@settings(BOUNDED, max_examples=6)
@given(data=st.data())
def test_a_write_on_a_record_is_refused_iff_the_scope_forbids_it(  # type: ignore[no-untyped-def]
    client, world, endpoint, data
) -> None:
    _check(client, world, endpoint, data, data.draw(st.sampled_from(CALLERS), label="caller"))
