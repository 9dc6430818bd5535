"""Demo: the call for the 2025 plan and proposals on the problems the seeds raise; the call
for next year's plan, open on the day the demo loads.

The seeds report that the Department asked units to propose tasks "giải quyết những vấn đề
của cơ sở" for the 2025 plan and name the problems: pollution in livestock farming and craft
villages, high-tech agriculture models, preserving rare local breeds and plant varieties,
agri-tourism under urbanisation. The call's dates, the proposals' wording, budgets and the
earlier tasks below are invented (marked demo), plausibly.

`research_execution_demo_load` then carries tasks on, through the services (so the history and
the rules hold), once the demo accounts exist: the 2025 plan also takes Sơn Tây's proposal on the
gà Mía of Đường Lâm (it continues an earlier task) and is approved; its two tasks get a host,
a principal investigator (the `chunhiem` account leads the Mê Linh one), members, a contract,
budget lines and a schedule, and run. What is past stays on its invented dates (2024-2026);
what must be current is placed from the day the demo loads: one milestone of each task is
overdue and the final one ahead, the Mê Linh task has a progress report for every half-year
ended (the last one waiting for review), a pending extension and a recent inspection. The
earlier gà Mía task of Sơn Tây is accepted by a council of the demo experts, registered,
published and applied in today's phường Sơn Tây. People, contracts, decisions and figures are
invented (the contract, decision and certificate numbers say "(demo)").
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from khcn.accounts.models import RoleGrant, User
from khcn.accounts.roles import Role
from khcn.core.history import attribute_to
from khcn.demo.accounts import DEMO_PASSWORD, since
from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.selectors import province_get
from khcn.geo.services import organisation_create
from khcn.meetings.models import FollowUp
from khcn.research.models import (
    AnnualPlan,
    BudgetLine,
    ChangeKind,
    ChangeRequest,
    Council,
    FundingSource,
    Inspection,
    InspectionFinding,
    MemberRole,
    Milestone,
    PlanCall,
    ProgressReport,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ResultApplication,
    ScienceField,
    SelectionMode,
    TaskMember,
    TaskMemberRole,
    TaskStatus,
    TaskType,
)
from khcn.research.scales import criteria, sheet_items, uses_grades
from khcn.research.services import proposals
from khcn.research.services.changes import change_request_create
from khcn.research.services.councils import (
    acceptance_council_create,
    council_conclude,
    council_create,
    member_declare,
    sheet_save,
)
from khcn.research.services.plans import plan_add, plan_approve
from khcn.research.services.progress import progress_review, progress_save, progress_submit
from khcn.research.services.results import application_add, result_publish, result_register
from khcn.research.services.tasks import inspection_add, milestone_done, task_start, task_update

CALL_NAME = "Đề xuất đặt hàng nhiệm vụ KH&CN năm 2025 (demo)"

# Earlier tasks of the Department (invented, demo): what new proposals are compared with.
PAST_TASKS: list[tuple[str, str, str, str, str, int, int, str]] = [
    (
        "01C-08/01-2019-2",
        "Nghiên cứu xử lý chất thải chăn nuôi lợn quy mô hộ gia đình bằng đệm lót sinh học tại Hà Nội",
        TaskType.TOPIC,
        ScienceField.AGRICULTURAL,
        "Viện Chăn nuôi",
        2019,
        2021,
        TaskStatus.ACCEPTED,
    ),
    (
        "01C-05/02-2020-1",
        "Xây dựng mô hình sản xuất rau an toàn ứng dụng công nghệ cao tại huyện Đông Anh",
        TaskType.PILOT_PRODUCTION,
        ScienceField.AGRICULTURAL,
        "Học viện Nông nghiệp Việt Nam",
        2020,
        2022,
        TaskStatus.ACCEPTED,
    ),
    (
        "01C-09/03-2021-1",
        "Nghiên cứu giải pháp xử lý nước thải làng nghề chế biến nông sản tại Hà Nội",
        TaskType.TOPIC,
        ScienceField.ENGINEERING,
        "Viện Khoa học và Công nghệ Môi trường",
        2021,
        2023,
        TaskStatus.ACCEPTED,
    ),
    (
        "01C-07/01-2022-2",
        "Bảo tồn và khai thác nguồn gen gà Mía tại thị xã Sơn Tây",
        TaskType.TOPIC,
        ScienceField.AGRICULTURAL,
        "Trung tâm Nghiên cứu gia cầm Thụy Phương",
        2022,
        2024,
        TaskStatus.IN_PROGRESS,
    ),
    (
        "01C-10/02-2023-1",
        "Ứng dụng chuyển đổi số trong quản lý hồ sơ hành chính cấp huyện",
        TaskType.SCIENTIFIC_SCHEME,
        ScienceField.SOCIAL,
        "Học viện Hành chính Quốc gia",
        2023,
        2024,
        TaskStatus.ACCEPTED,
    ),
]

# (unit, title, type, field, problem, status, budget, months, request text it answers)
PROPOSALS: list[tuple[str, str, str, str, str, str, int, int, str]] = [
    (
        "Mê Linh",
        "Nghiên cứu xử lý ô nhiễm môi trường trong chăn nuôi lợn quy mô hộ tại huyện Mê Linh",
        TaskType.TOPIC,
        ScienceField.AGRICULTURAL,
        "Nước thải và chất thải chăn nuôi lợn của các hộ trong khu dân cư chưa được xử lý, gây ô nhiễm kênh mương.",
        ProposalStatus.SUBMITTED,
        1800,
        24,
        "xử lý ô nhiễm môi trường trong chăn nuôi",
    ),
    (
        "Mê Linh",
        "Xây dựng mô hình sản xuất hoa, rau gia vị ứng dụng công nghệ cao tại huyện Mê Linh",
        TaskType.PILOT_PRODUCTION,
        ScienceField.AGRICULTURAL,
        "Sản xuất hoa và rau gia vị còn thủ công, năng suất thấp, khó đáp ứng yêu cầu chất lượng của thị trường.",
        ProposalStatus.ACCEPTED,
        2500,
        30,
        "mô hình sản xuất nông nghiệp ứng dụng công nghệ cao",
    ),
    (
        "Sơn Tây",
        "Bảo tồn và phát triển nguồn gen gà Mía Đường Lâm gắn với du lịch làng cổ",
        TaskType.TOPIC,
        ScienceField.AGRICULTURAL,
        "Đàn gà Mía thuần chủng giảm do lai tạp; giống đặc sản của địa phương có nguy cơ mai một.",
        ProposalStatus.SUBMITTED,
        1500,
        24,
        "bảo tồn, phát triển các giống cây, con đặc sản",
    ),
    (
        "Sơn Tây",
        "Phát triển du lịch nông nghiệp trong quá trình đô thị hóa tại thị xã Sơn Tây",
        TaskType.SCIENTIFIC_SCHEME,
        ScienceField.SOCIAL,
        "Đất nông nghiệp bị thu hẹp do đô thị hóa; mô hình nông nghiệp gắn du lịch chưa có định hướng.",
        ProposalStatus.RETURNED,
        900,
        18,
        "",
    ),
    (
        "Thạch Thất",
        "Nghiên cứu xử lý nước thải làng nghề chế biến nông sản tại huyện Thạch Thất",
        TaskType.TOPIC,
        ScienceField.ENGINEERING,
        "Nước thải làng nghề chế biến nông sản xả trực tiếp ra môi trường, gây mùi và ô nhiễm nguồn nước.",
        ProposalStatus.DUPLICATE,
        2000,
        24,
        "xử lý môi trường làng nghề",
    ),
    (
        "Ứng Hòa",
        "Ứng dụng công nghệ số hỗ trợ người dân sử dụng dịch vụ công trực tuyến tại huyện Ứng Hòa",
        TaskType.SCIENTIFIC_SCHEME,
        ScienceField.SOCIAL,
        "Người dân còn hạn chế kiến thức về dịch vụ công trực tuyến; nhân lực chuyển đổi số cấp xã mỏng.",
        ProposalStatus.DRAFT,
        700,
        12,
        "kinh tế số",
    ),
]


def proposals_by_unit() -> Counter[str]:
    """How many proposals each district sends to the 2025 call (its reports' indicator B2)."""
    return Counter(name for name, *_rest in PROPOSALS)


# The 2025 call's calendar (invented): the earlier tasks entered, the call published, the
# proposals drafted, submitted and screened, the plan drawn up.
TASKS_ENTERED_ON = date(2024, 5, 20)
CALL_PUBLISHED_ON = date(2024, 5, 27)
DRAFTED_ON = date(2024, 9, 10)
SUBMITTED_ON = date(2024, 9, 20)
SCREENED_ON = date(2024, 10, 15)
PLAN_DRAFTED_ON = date(2024, 12, 2)


@transaction.atomic
def research_demo_load(*, officer: Any) -> int:
    """The 2025 call, its proposals and the earlier tasks; nothing if the call exists.

    Proposals go through the services (drafted, submitted before the deadline, returned or
    screened), each step dated on the call's calendar above.
    """
    if PlanCall.objects.filter(name=CALL_NAME).exists():
        return 0
    with happened_at(moment(TASKS_ENTERED_ON)):
        for code, title, kind, field, host, start, end, status in PAST_TASKS:
            ResearchTask.objects.create(
                code=code, title=title, task_type=kind, field=field, host_name=host, start_year=start,
                end_year=end, status=status, is_demo=True, created_by=officer, updated_by=officer,
            )  # fmt: skip
    with happened_at(moment(CALL_PUBLISHED_ON)):
        call = PlanCall.objects.create(
            name=CALL_NAME,
            plan_year=2025,
            opens_on=date(2024, 6, 1),
            closes_on=date(2024, 9, 30),
            description="Các đơn vị nghiên cứu đề xuất đặt hàng các nhiệm vụ KH&CN giải quyết những vấn đề của cơ sở.",
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )
    districts = {
        u.name: u
        for u in AdminUnit.objects.filter(level=UnitLevel.DISTRICT, path__startswith="p01/").exclude(valid_to=None)
    }
    if not districts:
        districts = {u.name: u for u in AdminUnit.objects.filter(level=UnitLevel.DISTRICT)}
    duplicate_of = ResearchTask.objects.get(code="01C-09/03-2021-1")
    count = 0
    for name, title, kind, field, problem, status, budget, months, request in PROPOSALS:
        unit = districts.get(name)
        if unit is None:
            continue
        with happened_at(moment(DRAFTED_ON)):
            proposal = proposals.proposal_create(
                user=officer,
                proposal=Proposal(
                    call=call,
                    unit=unit,
                    title=title,
                    task_type=kind,
                    field=field,
                    problem=problem,
                    rationale="Vấn đề được địa phương nêu tại buổi làm việc với Sở tháng 7/2024; cần giải pháp "
                    "KH&CN phù hợp.",
                    objectives="Đề xuất và thử nghiệm giải pháp phù hợp điều kiện của địa phương.",
                    products="Quy trình, mô hình trình diễn, báo cáo khoa học.",
                    application_place=unit.full_name,
                    applying_unit=f"UBND {unit.full_name[:1].lower()}{unit.full_name[1:]}",
                    budget_million=Decimal(budget),
                    duration_months=months,
                    contact="Phòng Kinh tế",
                    is_demo=True,
                ),
            )
            if request:
                items = FollowUp.objects.filter(
                    unit=unit, kind="request", meeting__isnull=False, text__icontains=request
                )
                proposal.followups.set(items)
        if status != ProposalStatus.DRAFT:
            with happened_at(moment(SUBMITTED_ON)):
                proposals.proposal_submit(user=officer, proposal=proposal, today=SUBMITTED_ON)
        with happened_at(moment(SCREENED_ON, 14)):
            if status == ProposalStatus.RETURNED:
                proposals.proposal_return(user=officer, proposal=proposal, message=NOTES[status])
            elif status in (ProposalStatus.ACCEPTED, ProposalStatus.DUPLICATE):
                proposals.proposal_screen(
                    user=officer,
                    proposal=proposal,
                    decision=status,
                    note=NOTES[status],
                    duplicate_of_task=duplicate_of if status == ProposalStatus.DUPLICATE else None,
                )
        count += 1
    with happened_at(moment(PLAN_DRAFTED_ON)):
        plan = AnnualPlan.objects.create(
            year=2025,
            name="Kế hoạch khoa học, công nghệ và đổi mới sáng tạo năm 2025 (demo)",
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )
        for accepted in Proposal.objects.filter(call=call, status=ProposalStatus.ACCEPTED).order_by("pk"):
            plan_add(user=officer, plan=plan, proposal=accepted, mode=SelectionMode.OPEN_SELECTION)
    return count


def open_call_name(plan_year: int) -> str:
    return f"Đề xuất đặt hàng nhiệm vụ KH&CN năm {plan_year} (demo)"


def open_call_dates(day: date) -> dict[str, Any]:
    """The call for next year's plan, open on `day`: opened three weeks before, closing in six."""
    return {"plan_year": day.year + 1, "opens_on": day - timedelta(days=21), "closes_on": day + timedelta(days=42)}


@transaction.atomic
def research_open_call_load(*, officer: Any) -> PlanCall:
    """The call for next year's plan, open on the day the demo loads.

    Today's communes (and anyone else) can submit proposals to it until its deadline: the
    demo's calls for earlier plans are long closed. Loaded again while the call is open, it
    stays as it is; loaded after its deadline (in the same year), it opens again.
    """
    day = today()
    dates = open_call_dates(day)
    name = open_call_name(dates["plan_year"])
    call = PlanCall.objects.filter(name=name).first()
    if call is not None:
        if not call.is_open(day):
            call.opens_on, call.closes_on = dates["opens_on"], dates["closes_on"]
            call.save(update_fields=["opens_on", "closes_on", "updated_at"])
        return call
    with happened_at(moment(dates["opens_on"] - timedelta(days=5))):
        return PlanCall.objects.create(
            name=name,
            **dates,
            description="Các xã, phường, tổ chức KH&CN đề xuất đặt hàng nhiệm vụ KH&CN giải quyết những vấn đề của "
            "địa phương cho kế hoạch năm sau (đợt đề xuất minh họa, mở theo ngày nạp dữ liệu demo).",
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )


NOTES: dict[str, str] = {
    ProposalStatus.RETURNED: "Đề nghị bổ sung cam kết ứng dụng và dự toán chi tiết.",
    ProposalStatus.DUPLICATE: "Trùng nội dung với nhiệm vụ 01C-09/03-2021-1 đã nghiệm thu; đề nghị "
    "ứng dụng kết quả đã có.",
    ProposalStatus.ACCEPTED: "Đưa vào danh mục đặt hàng năm 2025.",
}


# -- execution, acceptance and publication ----------------------------------------------------

PI_USERNAME = "chunhiem"
PLAN_DECISION = ("215/QĐ-UBND (demo)", date(2025, 1, 20))
VNUA = "Học viện Nông nghiệp Việt Nam"
LIVESTOCK_INSTITUTE = "Viện Chăn nuôi (demo)"
SON_TAY_PROPOSAL = "Bảo tồn và phát triển nguồn gen gà Mía Đường Lâm gắn với du lịch làng cổ"
ACCEPTED_TASK = "01C-07/01-2022-2"


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    products: str
    due_on: date | None  # None: overdue on the day the demo loads (`overdue_days` ago), not done
    done_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class DemoRunningTask:
    title: str  # the plan's task, named after its proposal
    host: str
    pi_name: str
    pi_account: bool
    contract_number: str
    contract_date: date
    start_date: date
    end_date: date  # as contracted: later when the demo loads late (`_schedule`)
    members: list[tuple[str, str, str, str]]  # name, title, role, works at
    state_million: int  # the State S&T budget, spread over the task's years
    other_million: int  # counterpart funds (the cooperatives'), likewise
    milestones: list[DemoMilestone]  # done ones, the overdue one, and last the final report
    overdue_days: int
    final_lead_months: int  # the final milestone is at least this many months ahead


RUNNING_TASKS = [
    DemoRunningTask(
        title="Xây dựng mô hình sản xuất hoa, rau gia vị ứng dụng công nghệ cao tại huyện Mê Linh",
        host=VNUA,
        pi_name="Nguyễn Thị Thu Hằng",
        pi_account=True,
        contract_number="25/2025/HĐ-KHCN (demo)",
        contract_date=date(2025, 3, 10),
        start_date=date(2025, 4, 1),
        end_date=date(2027, 9, 30),
        members=[
            ("Nguyễn Thị Thu Hằng", "TS.", TaskMemberRole.PI, VNUA),
            ("Lê Văn Tùng", "ThS.", TaskMemberRole.SECRETARY, VNUA),
            ("Trần Thị Minh Nguyệt", "PGS.TS.", TaskMemberRole.MEMBER, VNUA),
            ("Đỗ Văn Quyết", "KS.", TaskMemberRole.MEMBER, "Hợp tác xã rau gia vị Tiến Thắng"),
        ],
        state_million=2100,
        other_million=400,
        milestones=[
            DemoMilestone(
                "Khảo sát, lựa chọn giống hoa, rau gia vị và địa điểm xây dựng mô hình",
                "Báo cáo khảo sát; danh mục giống",
                date(2025, 7, 31),
                date(2025, 7, 25),
            ),
            DemoMilestone(
                "Xây dựng nhà màng, hệ thống tưới nhỏ giọt 1 ha tại xã Mê Linh",
                "Nhà màng 1 ha được nghiệm thu",
                date(2025, 12, 31),
                date(2026, 1, 15),
                "Hoàn thành chậm 15 ngày do mặt bằng bàn giao muộn.",
            ),
            DemoMilestone(
                "Trồng thử nghiệm vụ 1, đánh giá năng suất và chất lượng hoa, rau gia vị",
                "Báo cáo kết quả vụ 1",
                None,
            ),
            DemoMilestone(
                "Hoàn thiện quy trình kỹ thuật, tổng kết và nhân rộng mô hình",
                "02 quy trình kỹ thuật; báo cáo tổng hợp",
                date(2027, 8, 31),
            ),
        ],
        overdue_days=25,
        final_lead_months=8,
    ),
    DemoRunningTask(
        title=SON_TAY_PROPOSAL,
        host=LIVESTOCK_INSTITUTE,
        pi_name="Phạm Văn Khoa",
        pi_account=False,
        contract_number="31/2025/HĐ-KHCN (demo)",
        contract_date=date(2025, 3, 20),
        start_date=date(2025, 4, 1),
        end_date=date(2027, 3, 31),
        members=[
            ("Phạm Văn Khoa", "TS.", TaskMemberRole.PI, LIVESTOCK_INSTITUTE),
            ("Nguyễn Thị Hạnh", "ThS.", TaskMemberRole.SECRETARY, LIVESTOCK_INSTITUTE),
            ("Kiều Văn Lâm", "", TaskMemberRole.MEMBER, "Hộ chăn nuôi gà Mía, làng cổ Đường Lâm"),
        ],
        state_million=1500,
        other_million=0,
        milestones=[
            DemoMilestone(
                "Điều tra hiện trạng đàn gà Mía tại Đường Lâm",
                "Báo cáo điều tra",
                date(2025, 8, 31),
                date(2025, 8, 20),
            ),
            DemoMilestone(
                "Chọn lọc, xây dựng đàn hạt nhân gà Mía thuần 500 con",
                "Đàn hạt nhân 500 con",
                date(2026, 3, 31),
                date(2026, 4, 10),
            ),
            DemoMilestone(
                "Xây dựng 02 mô hình chăn nuôi gà Mía gắn với điểm du lịch làng cổ",
                "02 mô hình",
                None,
            ),
            DemoMilestone(
                "Tổng kết, đánh giá cấp cơ sở",
                "Báo cáo tổng hợp",
                date(2027, 2, 28),
            ),
        ],
        overdue_days=40,
        final_lead_months=2,
    ),
]

# The demo's fixed history of the running tasks ends with the last milestone done above
# (10/04/2026) and the progress report on the first half of 2026: loaded earlier, the overdue
# milestone would fall before a milestone done, and only one half-year would be reported.
EARLIEST_LOAD_DAY = date(2026, 7, 1)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _months_later(day: date, months: int) -> date:
    """The end of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return _month_end(date(index // 12, index % 12 + 1, 1))


@dataclass(frozen=True)
class Schedule:
    """A running task's dates on the day the demo loads."""

    milestones: list[tuple[DemoMilestone, date]]  # each with its due date
    end_date: date


def _schedule(spec: DemoRunningTask, day: date) -> Schedule:
    """The contracted schedule, moved on where it must be for the task to be under way on `day`.

    The unfinished milestone is `overdue_days` late; the final one stays at least
    `final_lead_months` ahead and the task ends a month after it. Loaded on 3 December 2026
    the contracted dates hold; loaded later, the end moves on (the extension the PI asks for
    says so).
    """
    final = spec.milestones[-1]
    assert final.due_on is not None
    final_due = max(final.due_on, _months_later(day, spec.final_lead_months))
    dues = []
    for item in spec.milestones:
        if item is final:
            dues.append((item, final_due))
        else:
            dues.append((item, item.due_on or day - timedelta(days=spec.overdue_days)))
    return Schedule(milestones=dues, end_date=max(spec.end_date, _months_later(final_due, 1)))


def _spread(total: int, years: list[int]) -> dict[int, Decimal]:
    """`total` over `years` in steps of 50 million, the remainder in the last year."""
    share = total // len(years) // 50 * 50
    amounts = {year: Decimal(share) for year in years}
    amounts[years[-1]] += Decimal(total - share * len(years))
    return amounts


# The year's money is paid out once the budget is allotted, by mid-February.
PAID_BY = (2, 15)


def _pay_day(year: int, spec: DemoRunningTask) -> date:
    return max(date(year, *PAID_BY), spec.contract_date + timedelta(days=10))


def _disbursed(planned: Decimal, year: int, spec: DemoRunningTask, day: date) -> Decimal:
    """Paid in full for past years, half for the current year once paid out, nothing for later ones."""
    if year < day.year:
        return planned
    return planned / 2 if year == day.year and _pay_day(year, spec) < day else Decimal(0)


def _organisation(*, officer: Any, name: str, short_name: str, kind: str) -> Organisation:
    """The organisation of that name, created (as a demo record) if it is missing."""
    existing = Organisation.all_objects.filter(name=name).first()
    if existing is not None:
        return existing
    province = province_get()
    with happened_at(moment(min(t.contract_date for t in RUNNING_TASKS) - timedelta(days=14))):
        return organisation_create(
            user=officer,
            data={"name": name, "short_name": short_name, "kind": kind, "unit": province, "is_demo": True},
        )


def _pi_account(*, organisation: Organisation) -> Any:
    """The principal investigator's account (refreshed like the other demo accounts)."""
    existing = User.objects.filter(username=PI_USERNAME).first()
    with happened_at(None if existing else since(organisation.unit)):
        user = existing or User(username=PI_USERNAME)
        user.full_name = RUNNING_TASKS[0].pi_name
        user.position = "Giảng viên Khoa Nông học, chủ nhiệm nhiệm vụ KH&CN"
        user.email = f"{PI_USERNAME}@demo.khcn.local"
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.grants.all().delete()
        RoleGrant.objects.create(user=user, role=Role.EXPERT, organisation=organisation)
    return user


def _plan_2025(*, officer: Any) -> AnnualPlan | None:
    """Sơn Tây's gà Mía proposal joins the 2025 plan by direct assignment; the plan is approved."""
    plan = AnnualPlan.objects.filter(year=2025, is_demo=True).first()
    if plan is None or plan.is_approved:
        return plan
    proposal = Proposal.objects.filter(
        call__name=CALL_NAME, title=SON_TAY_PROPOSAL, status=ProposalStatus.SUBMITTED
    ).first()
    if proposal is not None:
        _screening_council(officer=officer, proposal=proposal)
        with happened_at(moment(date(2024, 12, 10))):
            plan_add(user=officer, plan=plan, proposal=proposal, mode=SelectionMode.DIRECT)
    if plan.tasks.exists():
        number, day = PLAN_DECISION
        with happened_at(moment(day, 15)):
            plan_approve(user=officer, plan=plan, number=number, day=day, expected_version=plan.version)
    return plan


SCREENING_DAY = date(2024, 11, 12)


def _screening_council(*, officer: Any, proposal: Proposal) -> None:
    """A screening council scores Sơn Tây's gà Mía proposal (sheets of 84, 72 and 88) and orders it."""
    seats = [("chuyengia", MemberRole.CHAIR), ("hoidong", MemberRole.REVIEWER), (PI_USERNAME, MemberRole.MEMBER)]
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _role in seats])}
    with happened_at(moment(SCREENING_DAY - timedelta(days=12))):
        council = council_create(
            user=officer,
            proposal=proposal,
            name="Hội đồng xác định nhiệm vụ: gà Mía Đường Lâm (demo)",
            members=[(users[name], role) for name, role in seats if name in users],
            meets_on=SCREENING_DAY,
        )
    sheets = {
        "chuyengia": ([18, 13, 12, 8, 16, 17], "Kế thừa tốt kết quả bảo tồn; gắn được với du lịch."),
        "hoidong": ([15, 12, 8, 7, 14, 16], "Cần làm rõ phần khác biệt với nhiệm vụ 01C-07/01-2022-2."),
        PI_USERNAME: ([18, 14, 13, 9, 17, 17], "Địa chỉ ứng dụng rõ, xã cam kết nhân rộng."),
    }
    for member in council.members.select_related("user"):
        with happened_at(moment(SCREENING_DAY, 8)):
            member_declare(user=member.user, member=member, has_conflict=False, note="")
        member.refresh_from_db()
        values, comment = sheets[member.user.username]
        codes = [code for code, _label, _top in criteria(council)]
        with happened_at(moment(SCREENING_DAY, 10)):
            sheet_save(
                user=member.user,
                member=member,
                scores=dict(zip(codes, map(str, values), strict=True)),
                comment=comment,
                submit=True,
            )
    with happened_at(moment(SCREENING_DAY, 11, 30)):
        council_conclude(
            user=officer,
            council=council,
            conclusion="Kế thừa kết quả bảo tồn của nhiệm vụ 01C-07/01-2022-2; tập trung phát triển đàn gà Mía "
            "gắn với du lịch làng cổ Đường Lâm. Đề nghị giao trực tiếp cho tổ chức đã thực hiện bảo tồn.",
            accept=True,
        )


def _start(
    *, officer: Any, task: ResearchTask, spec: DemoRunningTask, schedule: Schedule, host: Organisation, pi: Any
) -> None:
    """The task sheet, members, budget and schedule, the contract that starts the task, then
    the money paid out year by year and the milestones reached."""
    day = today()
    signed = moment(spec.contract_date, 14)
    with happened_at(signed):
        task.host_organisation, task.host_name = host, host.name
        task.pi_name, task.pi_user = spec.pi_name, pi if spec.pi_account else None
        task.contract_number, task.contract_date = spec.contract_number, spec.contract_date
        task.start_date, task.end_date = spec.start_date, schedule.end_date
        task_update(user=officer, task=task, expected_version=task.version)
        for name, title, role, works_at in spec.members:
            _record(TaskMember(task=task, name=name, title=title, role=role, organisation=works_at), officer)
        years = list(range(spec.start_date.year, schedule.end_date.year + 1))
        lines = []
        for source, total in ((FundingSource.STATE_ST, spec.state_million), (FundingSource.OTHER, spec.other_million)):
            if total:
                for year, planned in _spread(total, years).items():
                    lines.append(BudgetLine(task=task, year=year, source=source, planned_million=planned))
                    _record(lines[-1], officer)
        milestones = []
        for item, due in schedule.milestones:
            milestones.append((Milestone(task=task, title=item.title, products=item.products, due_on=due), item))
            _record(milestones[-1][0], officer)
        task_start(user=officer, task=task, expected_version=task.version)
    for line in lines:
        paid = _disbursed(line.planned_million, line.year, spec, day)
        if paid:
            with happened_at(moment(_pay_day(line.year, spec))):
                line.disbursed_million = paid
                _record(line, officer)
    task.refresh_from_db()
    for milestone, item in milestones:
        if item.done_on is not None:
            author = pi if spec.pi_account else officer
            with happened_at(moment(item.done_on, 16)):
                milestone_done(user=author, milestone=milestone, day=item.done_on, note=item.note)


def _record(obj: Any, user: Any) -> None:
    """A row with no service of its own (members, budget lines, milestones), saved with its history's author."""
    attribute_to(obj, user)
    obj.save()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _halves(start: date, day: date) -> list[tuple[str, date]]:
    """The half-years a task reports on: from the first one ending more than three months
    after its start, to the last one ended before `day`."""
    halves = []
    for year in range(start.year, day.year + 1):
        for label, as_of in (
            (f"6 tháng đầu năm {year}", date(year, 6, 30)),
            (f"6 tháng cuối năm {year}", date(year, 12, 31)),
        ):
            if _months_later(start, 3) <= as_of < day:
                halves.append((label, as_of))
    return halves


def _follow_up(*, officer: Any, task: ResearchTask, pi: Any, spec: DemoRunningTask, schedule: Schedule) -> None:
    """What the PI and the Department did on the Mê Linh task since it started.

    A progress report for every half-year that has ended (approved, the last one submitted
    and waiting), each telling the milestones reached in it and using the money paid out for
    it; the PI's request for a three-month extension; the Department's inspection.
    """
    day = today()
    halves = _halves(spec.start_date, day)
    paid = {
        year: sum(line.disbursed_million for line in task.budget_lines.filter(year=year))
        for year in {as_of.year for _label, as_of in halves}
    }
    per_year = Counter(as_of.year for _label, as_of in halves)
    since = spec.start_date
    for number, (label, as_of) in enumerate(halves, start=1):
        last = number == len(halves)
        reached = [item for item, _due in schedule.milestones if item.done_on and since < item.done_on <= as_of]
        pending = next(item for item, _due in schedule.milestones if not item.done_on or item.done_on > as_of)
        if reached:
            work = "Hoàn thành: " + "; ".join(_lower_first(item.title) for item in reached) + "."
        else:
            work = f"Triển khai nội dung: {_lower_first(pending.title)}."
        issues = " ".join(item.note for item in reached if item.note)
        if last:
            issues = (issues + " Vụ thử nghiệm thứ nhất xuống giống muộn hai tháng so với tiến độ.").strip()
        submitted = min(moment(as_of + timedelta(days=15)), moment(day - timedelta(days=1)))
        with happened_at(submitted):
            report = progress_save(
                user=pi,
                report=ProgressReport(
                    task=task,
                    period=label,
                    as_of=as_of,
                    work_done=work,
                    products_done="; ".join(item.products for item in reached),
                    spent_million=paid[as_of.year] / per_year[as_of.year],
                    issues=issues,
                    next_steps="Đánh giá kết quả vụ 1; đề nghị gia hạn 3 tháng."
                    if last
                    else f"Tiếp tục: {_lower_first(pending.title)}.",
                ),
            )
            progress_submit(user=pi, report=report, expected_version=report.version)
        if not last:
            with happened_at(submitted + timedelta(days=10)):
                progress_review(
                    user=officer,
                    report=report,
                    approve=True,
                    note="Đạt yêu cầu (demo).",
                    expected_version=report.version,
                )
        since = as_of
    extended = _months_later(schedule.end_date, 3)
    with happened_at(moment(day - timedelta(days=20))):
        change_request_create(
            user=pi,
            change=ChangeRequest(
                task=task,
                kind=ChangeKind.EXTENSION,
                reason="Mặt bằng xây dựng nhà màng tại xã Mê Linh bàn giao chậm sau khi sắp xếp đơn vị hành chính, "
                "vụ trồng thử nghiệm thứ nhất lùi hai tháng; đề nghị gia hạn đến "
                f"{extended:%d/%m/%Y} (demo).",
                new_end_date=extended,
            ),
        )
    held_on = day - timedelta(days=14)
    with happened_at(moment(held_on + timedelta(days=1), 10)):
        inspection_add(
            user=officer,
            inspection=Inspection(
                task=task,
                held_on=held_on,
                inspectors="Phòng Quản lý khoa học, Sở KH&CN (demo)",
                finding=InspectionFinding.BEHIND,
                findings="Nhà màng, hệ thống tưới đã hoàn thành; vụ thử nghiệm thứ nhất chậm khoảng hai tháng.",
                actions="Bổ sung kế hoạch bù tiến độ; báo cáo kết quả vụ 1 trước khi xem xét gia hạn.",
            ),
        )


ACCEPTANCE_DAY = date(2025, 3, 18)


def _accept_and_publish(*, officer: Any, task: ResearchTask) -> None:
    """The earlier gà Mía task of Sơn Tây: acceptance council, registration, publication, application."""
    with happened_at(moment(ACCEPTANCE_DAY - timedelta(days=20))):
        task.pi_name = "Đào Văn Khánh"
        task.contract_number, task.contract_date = "18/2022/HĐ-KHCN (demo)", date(2022, 3, 15)
        task.start_date, task.end_date = date(2022, 4, 1), date(2024, 12, 31)
        task_update(user=officer, task=task, expected_version=task.version)
    seats = [("chuyengia", MemberRole.CHAIR), ("hoidong", MemberRole.REVIEWER), (PI_USERNAME, MemberRole.REVIEWER)]
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _role in seats])}
    with happened_at(moment(ACCEPTANCE_DAY - timedelta(days=14))):
        council = acceptance_council_create(
            user=officer,
            task=task,
            name=f"Hội đồng nghiệm thu nhiệm vụ {ACCEPTED_TASK} (demo)",
            members=[(users[name], role) for name, role in seats if name in users],
            meets_on=ACCEPTANCE_DAY,
        )
    # (grade or points per criterion and overall, comment), one sheet per member.
    sheets = {
        "chuyengia": ("excellent", "Hoàn thành đầy đủ sản phẩm; đàn hạt nhân ổn định, có giá trị bảo tồn cao."),
        "hoidong": ("pass", "Đạt yêu cầu; cần bổ sung số liệu theo dõi đàn sau nghiệm thu."),
        PI_USERNAME: ("excellent", "Quy trình chăn nuôi rõ ràng, dễ chuyển giao cho các hộ."),
    }
    for member in council.members.select_related("user"):
        with happened_at(moment(ACCEPTANCE_DAY, 8)):
            member_declare(user=member.user, member=member, has_conflict=False, note="")
        member.refresh_from_db()
        grade, comment = sheets[member.user.username]
        scores = {code: _demo_score(code, top, grade, council) for code, _label, top in sheet_items(council)}
        with happened_at(moment(ACCEPTANCE_DAY, 10)):
            sheet_save(user=member.user, member=member, scores=scores, comment=comment, submit=True)
    with happened_at(moment(ACCEPTANCE_DAY, 11, 30)):
        council_conclude(
            user=officer,
            council=council,
            conclusion="Nhiệm vụ hoàn thành đầy đủ khối lượng và sản phẩm theo hợp đồng; đề nghị công nhận kết quả.",
            accept=True,
            required_fixes="Bổ sung số liệu theo dõi đàn hạt nhân năm 2024 vào báo cáo tổng hợp.",
            final_products="Đàn hạt nhân gà Mía thuần 300 con; quy trình chăn nuôi gà Mía sinh sản; báo cáo tổng hợp.",
            day=ACCEPTANCE_DAY,
        )
    task.refresh_from_db()
    registered_on = date(2025, 4, 8)
    with happened_at(moment(registered_on)):
        result_register(
            user=officer,
            task=task,
            number="12/2025/ĐKKQ-SKHCN (demo)",
            day=registered_on,
            expected_version=task.version,
        )
    task.refresh_from_db()
    with happened_at(moment(date(2025, 4, 15))):
        task.public_summary = (
            "Nhiệm vụ đã điều tra, đánh giá hiện trạng và chọn lọc đàn gà Mía thuần tại Sơn Tây, xây dựng "
            "đàn hạt nhân và quy trình chăn nuôi gà Mía sinh sản phù hợp quy mô nông hộ."
        )
        task.public_products = "Đàn hạt nhân gà Mía thuần 300 con; quy trình chăn nuôi gà Mía sinh sản."
        task.public_application = "Các hộ chăn nuôi tại làng cổ Đường Lâm, phường Sơn Tây."
        task.public_contact = "Chủ nhiệm nhiệm vụ: Đào Văn Khánh, Trung tâm Nghiên cứu gia cầm Thụy Phương (demo)"
        result_publish(user=officer, task=task, expected_version=task.version)
    province = province_get()
    son_tay = (
        AdminUnit.objects.current()
        .filter(path__startswith=province.path if province else "p01/", level=UnitLevel.COMMUNE, name="Sơn Tây")
        .first()
    )
    applied_on = date(2025, 9, 1)
    with happened_at(moment(applied_on + timedelta(days=4))):
        application_add(
            user=officer,
            application=ResultApplication(
                task=task,
                unit=son_tay,
                place="Làng cổ Đường Lâm, phường Sơn Tây",
                applied_on=applied_on,
                scale="12 hộ, khoảng 1.500 con gà Mía thuần (demo)",
                effect="Giữ được giống thuần; gà Mía bán cho khách du lịch với giá cao hơn gà lai khoảng 30% (demo).",
            ),
        )


def _demo_score(code: str, top: int, grade: str, council: Council) -> str:
    """A member's grade for one item, or on the points scale a score matching that grade."""
    if uses_grades(council):
        return "pass" if code == "report" else grade  # the overall grade is the member's own
    share = Decimal("0.9") if grade == "excellent" else Decimal("0.8")
    return str(int(top * share))


@transaction.atomic
def research_execution_demo_load(*, officer: Any) -> list[str]:
    """Tasks under way, accepted and published (module docstring); the account lines to print.

    Needs the demo accounts and `research_demo_load`. Each step runs only from the state it
    starts from (a planned task, an unapproved plan, a task in progress), so running it again
    adds nothing; only the `chunhiem` account is refreshed, as the other demo accounts are.
    """
    vnua = _organisation(officer=officer, name=VNUA, short_name="VNUA", kind=OrganisationKind.UNIVERSITY)
    institute = _organisation(
        officer=officer, name=LIVESTOCK_INSTITUTE, short_name="Viện Chăn nuôi", kind=OrganisationKind.INSTITUTE
    )
    pi = _pi_account(organisation=vnua)
    hosts = {VNUA: vnua, LIVESTOCK_INSTITUTE: institute}
    accepted = ResearchTask.objects.filter(code=ACCEPTED_TASK, is_demo=True).first()
    if accepted is not None and accepted.status == TaskStatus.IN_PROGRESS and not accepted.acceptance_councils.exists():
        _accept_and_publish(officer=officer, task=accepted)
    plan = _plan_2025(officer=officer)
    if plan is not None and plan.is_approved:
        for spec in RUNNING_TASKS:
            task = plan.tasks.filter(title=spec.title, status=TaskStatus.PLANNED, contract_number="").first()
            if task is None:
                continue
            schedule = _schedule(spec, today())
            _start(officer=officer, task=task, spec=spec, schedule=schedule, host=hosts[spec.host], pi=pi)
            if spec.pi_account:
                _follow_up(officer=officer, task=task, pi=pi, spec=spec, schedule=schedule)
    return [f"{PI_USERNAME:12} {DEMO_PASSWORD}  {Role(Role.EXPERT).label}"]


# ---- Tasks without state budget and programmes of tasks (issue 18, items 2 and 3) ----
#
# Seed 004: Hà Nội led the country in evaluating S&T tasks not using the state budget, "cụ thể
# là 7 nhiệm vụ" (figures of 2018, the year the seed's other figures are given for). The seven
# tasks, their organisations, councils and decisions are invented and flagged `is_demo`; their
# decisions fall in 2018 so the city's figure for 2018 reads 7. Two requests of this year show
# the work under way. Programme 20-CT/TU of 13/02/2018 (the city party committee's standing
# board; the city's key S&T research programme, the Department its standing body) is from the
# seed; its board members, objectives' wording and budget are invented.

SELF_FUNDED_2018: list[tuple[str, str, str, bool]] = [
    (
        "Quy trình sản xuất chế phẩm vi sinh xử lý phụ phẩm nông nghiệp (demo)",
        "Công ty CP Công nghệ sinh học Thăng Long (demo)",
        "agricultural",
        True,
    ),
    ("Hệ thống quản lý bãi đỗ xe thông minh (demo)", "Công ty CP Giải pháp đô thị số (demo)", "engineering", True),
    (
        "Dây chuyền sản xuất gạch ốp lát từ xỉ thải (demo)",
        "Công ty TNHH Vật liệu xanh Hà Nội (demo)",
        "engineering",
        True,
    ),
    ("Quy trình nhân giống lan hồ điệp nuôi cấy mô (demo)", "Hợp tác xã Hoa lan Mê Linh (demo)", "agricultural", True),
    ("Phần mềm quản lý hồ sơ bệnh án điện tử (demo)", "Công ty CP Y tế số Thủ đô (demo)", "medical", True),
    (
        "Thiết bị lọc nước sinh hoạt quy mô hộ gia đình (demo)",
        "Công ty TNHH Nước sạch Sông Hồng (demo)",
        "engineering",
        True,
    ),
    ("Quy trình chế biến trà hoa vàng (demo)", "Công ty CP Dược liệu Ba Vì (demo)", "medical", False),
]
PROGRAMME_20 = "20-CT/TU"


def _enterprise(*, officer: Any, name: str) -> Organisation:
    existing = Organisation.all_objects.filter(name=name).first()
    if existing is not None:
        return existing
    with happened_at(moment(date(2017, 11, 1))):
        return organisation_create(
            user=officer,
            data={
                "name": name,
                "short_name": "",
                "kind": OrganisationKind.ENTERPRISE,
                "unit": province_get(),
                "is_demo": True,
            },
        )


def _selffunded_one(
    *, officer: Any, title: str, org: Organisation, field: str, received: date, decide: bool | None
) -> None:
    from khcn.research.models import MemberRole, SelfFundedTask
    from khcn.research.services.selffunded import selffunded_create, selffunded_decide, selffunded_member_add

    meets = received + timedelta(days=30)
    with happened_at(moment(received, 10)):
        task = selffunded_create(
            user=officer,
            organisation=org,
            title=title,
            field=field,
            pi_name="Chủ nhiệm nhiệm vụ (demo)",
            funding_million=Decimal("850"),
            funding_source="Vốn tự có của tổ chức",
            start_date=received - timedelta(days=600),
            end_date=received - timedelta(days=40),
            received_on=received,
            summary="Báo cáo tổng hợp kết quả và sản phẩm của nhiệm vụ do tổ chức tự đầu tư (demo).",
            council_decision_number=f"{received.day}{received.month}/QĐ-SKHCN" if decide is not None else "",
            council_meets_on=meets if decide is not None else None,
            council_conclusion="Hội đồng đánh giá kết quả đạt yêu cầu (demo)." if decide else "",
        )
        SelfFundedTask.objects.filter(pk=task.pk).update(is_demo=True)
        for name, role in (
            ("Chủ tịch hội đồng (demo)", MemberRole.CHAIR),
            ("Ủy viên phản biện (demo)", MemberRole.REVIEWER),
            ("Thư ký khoa học (demo)", MemberRole.SECRETARY),
        ):
            selffunded_member_add(user=officer, task=task, name=name, role=role, organisation="Viện nghiên cứu (demo)")
    if decide is not None and meets + timedelta(days=10) <= today():
        task.refresh_from_db()
        issued = meets + timedelta(days=10)
        with happened_at(moment(issued, 15)):
            selffunded_decide(
                user=officer,
                task=task,
                recognised=decide,
                decision_number=f"{issued.day}{issued.month}/QĐ-SKHCN-CN",
                decision_date=issued,
                outcome_note="" if decide else "Kết quả chưa đủ căn cứ để công nhận (demo).",
                expected_version=task.version,
            )


def selffunded_demo_load(*, officer: Any) -> int:
    """The seed's seven tasks without state budget evaluated in 2018, and two of this year's
    requests; nothing if loaded. Returns how many it made."""
    from khcn.research.models import SelfFundedTask

    if SelfFundedTask.objects.filter(is_demo=True).exists():
        return 0
    made = 0
    for index, (title, org_name, field, recognised) in enumerate(SELF_FUNDED_2018):
        received = date(2018, 2 + index, 5)
        org = _enterprise(officer=officer, name=org_name)
        _selffunded_one(officer=officer, title=title, org=org, field=field, received=received, decide=recognised)
        made += 1
    day = today()
    current = [
        (
            "Robot kiểm tra đường ống thoát nước (demo)",
            "Công ty CP Cơ điện tử Hòa Lạc (demo)",
            "engineering",
            day - timedelta(days=50),
            None,
        ),
        (
            "Chế phẩm sinh học bảo quản rau sau thu hoạch (demo)",
            "Công ty CP Công nghệ sinh học Thăng Long (demo)",
            "agricultural",
            day - timedelta(days=20),
            None,
        ),
    ]
    for title, org_name, field, received, decide in current:
        _selffunded_one(
            officer=officer,
            title=title,
            org=_enterprise(officer=officer, name=org_name),
            field=field,
            received=received,
            decide=decide,
        )
        made += 1
    return made


def programme_demo_load(*, officer: Any) -> int:
    """Programme 20-CT/TU with an invented board and a few of the demo tasks; nothing if loaded."""
    from khcn.research.models import BoardRole, ResearchTask, TaskProgramme
    from khcn.research.services.programmes import board_member_add, programme_create, programme_task_add

    if TaskProgramme.objects.filter(code=PROGRAMME_20).exists():
        return 0
    with happened_at(moment(date(2018, 3, 1))):
        programme = programme_create(
            user=officer,
            code=PROGRAMME_20,
            name="Chương trình nghiên cứu khoa học trọng điểm thành phố Hà Nội",
            issued_by="Ban Thường vụ Thành ủy Hà Nội",
            document="Chương trình số 20-CT/TU",
            issued_on=date(2018, 2, 13),
            start_year=2018,
            objectives=(
                "Nghiên cứu, ứng dụng khoa học và công nghệ giải quyết các vấn đề trọng điểm của Thủ đô "
                "(nội dung chi tiết: demo)."
            ),
            budget_million=Decimal("50000"),
            standing_body="Sở Khoa học và Công nghệ Hà Nội",
        )
        TaskProgramme.objects.filter(pk=programme.pk).update(is_demo=True)
        for name, position, role in (
            ("Trưởng ban (demo)", "Lãnh đạo Thành ủy", BoardRole.HEAD),
            ("Phó Trưởng ban (demo)", "Giám đốc Sở Khoa học và Công nghệ", BoardRole.DEPUTY),
            ("Ủy viên thường trực (demo)", "Phó Giám đốc Sở Khoa học và Công nghệ", BoardRole.STANDING),
            ("Thư ký (demo)", "Trưởng phòng Quản lý khoa học", BoardRole.SECRETARY),
        ):
            board_member_add(user=officer, programme=programme, name=name, position=position, role=role)
    from django.db.models import Case, IntegerField, Value, When

    from khcn.research.models import RUNNING

    # The tasks under way first (they have budget lines and milestones to follow), then the latest.
    running_first = Case(When(status__in=RUNNING, then=Value(0)), default=Value(1), output_field=IntegerField())
    candidates = ResearchTask.objects.filter(programme__isnull=True)
    with happened_at(moment(today() - timedelta(days=1))):  # history dated before loading (test_dates)
        for task in candidates.order_by(running_first, "-start_year", "pk")[:4]:
            programme_task_add(user=officer, programme=programme, task=task)
    return 1
