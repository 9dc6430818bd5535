"""Demo: the call for the 2025 plan and proposals on the problems the seeds raise.

The seeds report that the Department asked units to propose tasks "giải quyết những vấn đề
của cơ sở" for the 2025 plan and name the problems: pollution in livestock farming and craft
villages, high-tech agriculture models, preserving rare local breeds and plant varieties,
agri-tourism under urbanisation. The call's dates, the proposals' wording, budgets and the
earlier tasks below are invented (marked demo), plausibly.

`research_execution_demo_load` then carries tasks on, through the services (so the history and
the rules hold), once the demo accounts exist: the 2025 plan also takes Sơn Tây's proposal on the
gà Mía of Đường Lâm (it continues an earlier task) and is approved; its two tasks get a host,
a principal investigator (the `chunhiem` account leads the Mê Linh one), members, a contract,
budget lines and a schedule with one overdue milestone, and run; the Mê Linh task has an
approved and a submitted progress report, a pending extension and an inspection. The earlier
gà Mía task of Sơn Tây is accepted by a council of the demo experts, registered, published
and applied in today's phường Sơn Tây. People, contracts, decisions and figures are invented
(the contract, decision and certificate numbers say "(demo)").
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from khcn.accounts.models import RoleGrant, User
from khcn.accounts.roles import Role
from khcn.core.history import attribute_to
from khcn.demo.accounts import DEMO_PASSWORD
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


@transaction.atomic
def research_demo_load(*, officer: Any) -> int:
    """The 2025 call, its proposals and the earlier tasks; nothing if the call exists."""
    if PlanCall.objects.filter(name=CALL_NAME).exists():
        return 0
    for code, title, kind, field, host, start, end, status in PAST_TASKS:
        ResearchTask.objects.create(
            code=code, title=title, task_type=kind, field=field, host_name=host, start_year=start,
            end_year=end, status=status, is_demo=True, created_by=officer, updated_by=officer,
        )  # fmt: skip
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
        proposal = Proposal.objects.create(
            call=call,
            unit=unit,
            title=title,
            task_type=kind,
            field=field,
            problem=problem,
            rationale="Vấn đề được huyện nêu tại buổi làm việc với Sở tháng 7/2024; cần giải pháp KH&CN phù hợp.",
            objectives="Đề xuất và thử nghiệm giải pháp phù hợp điều kiện của địa phương.",
            products="Quy trình, mô hình trình diễn, báo cáo khoa học.",
            application_place=unit.full_name,
            applying_unit=f"UBND {unit.full_name[:1].lower()}{unit.full_name[1:]}",
            budget_million=Decimal(budget),
            duration_months=months,
            contact="Phòng Kinh tế",
            status=status,
            submitted_at=timezone.make_aware(datetime(2024, 9, 20, 9)) if status != "draft" else None,
            screening_note=NOTES.get(status, ""),
            duplicate_of_task=duplicate_of if status == ProposalStatus.DUPLICATE else None,
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )
        if request:
            items = FollowUp.objects.filter(unit=unit, kind="request", text__icontains=request)
            proposal.followups.set(items)
        count += 1
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
    due_on: date | None  # None: overdue as of today (`overdue_days` ago), and not done
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
    end_date: date
    members: list[tuple[str, str, str, str]]  # name, title, role, works at
    budget: list[tuple[int, str, int, int]]  # year, source, planned, disbursed (million VND)
    milestones: list[DemoMilestone]
    overdue_days: int


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
        budget=[
            (2025, FundingSource.STATE_ST, 800, 800),
            (2026, FundingSource.STATE_ST, 900, 450),
            (2026, FundingSource.OTHER, 400, 150),  # the cooperatives' counterpart funds
            (2027, FundingSource.STATE_ST, 400, 0),
        ],
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
        budget=[
            (2025, FundingSource.STATE_ST, 700, 700),
            (2026, FundingSource.STATE_ST, 600, 300),
            (2027, FundingSource.STATE_ST, 200, 0),
        ],
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
    ),
]


def _organisation(*, officer: Any, name: str, short_name: str, kind: str) -> Organisation:
    """The organisation of that name, created (as a demo record) if it is missing."""
    existing = Organisation.all_objects.filter(name=name).first()
    if existing is not None:
        return existing
    province = province_get()
    return organisation_create(
        user=officer, data={"name": name, "short_name": short_name, "kind": kind, "unit": province, "is_demo": True}
    )


def _pi_account(*, organisation: Organisation) -> Any:
    """The principal investigator's account (refreshed like the other demo accounts)."""
    user, _created = User.objects.get_or_create(username=PI_USERNAME)
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
        plan_add(user=officer, plan=plan, proposal=proposal, mode=SelectionMode.DIRECT)
    if plan.tasks.exists():
        number, day = PLAN_DECISION
        plan_approve(user=officer, plan=plan, number=number, day=day, expected_version=plan.version)
    return plan


def _screening_council(*, officer: Any, proposal: Proposal) -> None:
    """A screening council scores Sơn Tây's gà Mía proposal (sheets of 84, 72 and 88) and orders it."""
    seats = [("chuyengia", MemberRole.CHAIR), ("hoidong", MemberRole.REVIEWER), (PI_USERNAME, MemberRole.MEMBER)]
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _role in seats])}
    council = council_create(
        user=officer,
        proposal=proposal,
        name="Hội đồng xác định nhiệm vụ: gà Mía Đường Lâm (demo)",
        members=[(users[name], role) for name, role in seats if name in users],
        meets_on=date(2024, 11, 12),
    )
    sheets = {
        "chuyengia": ([18, 13, 12, 8, 16, 17], "Kế thừa tốt kết quả bảo tồn; gắn được với du lịch."),
        "hoidong": ([15, 12, 8, 7, 14, 16], "Cần làm rõ phần khác biệt với nhiệm vụ 01C-07/01-2022-2."),
        PI_USERNAME: ([18, 14, 13, 9, 17, 17], "Địa chỉ ứng dụng rõ, xã cam kết nhân rộng."),
    }
    for member in council.members.select_related("user"):
        member_declare(user=member.user, member=member, has_conflict=False, note="")
        member.refresh_from_db()
        values, comment = sheets[member.user.username]
        codes = [code for code, _label, _top in criteria(council)]
        sheet_save(
            user=member.user,
            member=member,
            scores=dict(zip(codes, map(str, values), strict=True)),
            comment=comment,
            submit=True,
        )
    council_conclude(
        user=officer,
        council=council,
        conclusion="Kế thừa kết quả bảo tồn của nhiệm vụ 01C-07/01-2022-2; tập trung phát triển đàn gà Mía "
        "gắn với du lịch làng cổ Đường Lâm. Đề nghị giao trực tiếp cho tổ chức đã thực hiện bảo tồn.",
        accept=True,
    )


def _start(*, officer: Any, task: ResearchTask, spec: DemoRunningTask, host: Organisation, pi: Any) -> None:
    """The task sheet, members, budget and schedule, then the contract starts the task."""
    task.host_organisation, task.host_name = host, host.name
    task.pi_name, task.pi_user = spec.pi_name, pi if spec.pi_account else None
    task.contract_number, task.contract_date = spec.contract_number, spec.contract_date
    task.start_date, task.end_date = spec.start_date, spec.end_date
    task_update(user=officer, task=task, expected_version=task.version)
    for name, title, role, works_at in spec.members:
        _record(TaskMember(task=task, name=name, title=title, role=role, organisation=works_at), officer)
    for year, source, planned, disbursed in spec.budget:
        line = BudgetLine(
            task=task, year=year, source=source, planned_million=Decimal(planned), disbursed_million=Decimal(disbursed)
        )
        _record(line, officer)
    today = date.today()
    milestones = []
    for item in spec.milestones:
        due = item.due_on or today - timedelta(days=spec.overdue_days)
        milestones.append((Milestone(task=task, title=item.title, products=item.products, due_on=due), item))
        _record(milestones[-1][0], officer)
    task_start(user=officer, task=task, expected_version=task.version)
    task.refresh_from_db()
    for milestone, item in milestones:
        if item.done_on is not None:
            author = pi if spec.pi_account else officer
            milestone_done(user=author, milestone=milestone, day=item.done_on, note=item.note)


def _record(obj: Any, user: Any) -> None:
    """A row with no service of its own (members, budget lines, milestones), saved with its history's author."""
    attribute_to(obj, user)
    obj.save()


def _follow_up(*, officer: Any, task: ResearchTask, pi: Any) -> None:
    """What the PI and the Department did on the Mê Linh task since it started."""
    approved = progress_save(
        user=pi,
        report=ProgressReport(
            task=task,
            period="6 tháng cuối năm 2025",
            as_of=date(2025, 12, 31),
            work_done="Khảo sát 12 hộ, 2 hợp tác xã; chọn 5 giống hoa và 4 loại rau gia vị; thi công nhà màng 1 ha.",
            products_done="Báo cáo khảo sát; danh mục giống.",
            spent_million=Decimal(860),
            issues="Mặt bằng xây dựng nhà màng bàn giao chậm.",
            next_steps="Hoàn thành nhà màng, trồng thử nghiệm vụ 1.",
        ),
    )
    progress_submit(user=pi, report=approved, expected_version=approved.version)
    progress_review(
        user=officer, report=approved, approve=True, note="Đạt yêu cầu (demo).", expected_version=approved.version
    )
    pending = progress_save(
        user=pi,
        report=ProgressReport(
            task=task,
            period="6 tháng đầu năm 2026",
            as_of=date(2026, 6, 30),
            work_done="Hoàn thành nhà màng và hệ thống tưới; trồng vụ 1 trên 0,6 ha.",
            products_done="Nhà màng 1 ha được nghiệm thu.",
            spent_million=Decimal(540),
            issues="Vụ 1 xuống giống muộn hai tháng so với tiến độ.",
            next_steps="Đánh giá vụ 1; đề nghị gia hạn 3 tháng.",
        ),
    )
    progress_submit(user=pi, report=pending, expected_version=pending.version)
    change_request_create(
        user=pi,
        change=ChangeRequest(
            task=task,
            kind=ChangeKind.EXTENSION,
            reason="Mặt bằng xây dựng nhà màng tại xã Mê Linh bàn giao chậm sau khi sắp xếp đơn vị hành chính, "
            "vụ trồng thử nghiệm thứ nhất lùi hai tháng; đề nghị gia hạn đến 31/12/2027 (demo).",
            new_end_date=date(2027, 12, 31),
        ),
    )
    inspection_add(
        user=officer,
        inspection=Inspection(
            task=task,
            held_on=date(2026, 9, 15),
            inspectors="Phòng Quản lý khoa học, Sở KH&CN (demo)",
            finding=InspectionFinding.BEHIND,
            findings="Nhà màng, hệ thống tưới đã hoàn thành; vụ thử nghiệm thứ nhất chậm khoảng hai tháng.",
            actions="Bổ sung kế hoạch bù tiến độ; báo cáo kết quả vụ 1 trước khi xem xét gia hạn.",
        ),
    )


def _accept_and_publish(*, officer: Any, task: ResearchTask) -> None:
    """The earlier gà Mía task of Sơn Tây: acceptance council, registration, publication, application."""
    task.pi_name = "Đào Văn Khánh"
    task.contract_number, task.contract_date = "18/2022/HĐ-KHCN (demo)", date(2022, 3, 15)
    task.start_date, task.end_date = date(2022, 4, 1), date(2024, 12, 31)
    task_update(user=officer, task=task, expected_version=task.version)
    seats = [("chuyengia", MemberRole.CHAIR), ("hoidong", MemberRole.REVIEWER), (PI_USERNAME, MemberRole.REVIEWER)]
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _role in seats])}
    council = acceptance_council_create(
        user=officer,
        task=task,
        name=f"Hội đồng nghiệm thu nhiệm vụ {ACCEPTED_TASK} (demo)",
        members=[(users[name], role) for name, role in seats if name in users],
        meets_on=date(2025, 3, 18),
    )
    # (grade or points per criterion and overall, comment), one sheet per member.
    sheets = {
        "chuyengia": ("excellent", "Hoàn thành đầy đủ sản phẩm; đàn hạt nhân ổn định, có giá trị bảo tồn cao."),
        "hoidong": ("pass", "Đạt yêu cầu; cần bổ sung số liệu theo dõi đàn sau nghiệm thu."),
        PI_USERNAME: ("excellent", "Quy trình chăn nuôi rõ ràng, dễ chuyển giao cho các hộ."),
    }
    for member in council.members.select_related("user"):
        member_declare(user=member.user, member=member, has_conflict=False, note="")
        member.refresh_from_db()
        grade, comment = sheets[member.user.username]
        scores = {code: _demo_score(code, top, grade, council) for code, _label, top in sheet_items(council)}
        sheet_save(user=member.user, member=member, scores=scores, comment=comment, submit=True)
    council_conclude(
        user=officer,
        council=council,
        conclusion="Nhiệm vụ hoàn thành đầy đủ khối lượng và sản phẩm theo hợp đồng; đề nghị công nhận kết quả.",
        accept=True,
        required_fixes="Bổ sung số liệu theo dõi đàn hạt nhân năm 2024 vào báo cáo tổng hợp.",
        final_products="Đàn hạt nhân gà Mía thuần 300 con; quy trình chăn nuôi gà Mía sinh sản; báo cáo tổng hợp.",
        day=date(2025, 3, 18),
    )
    task.refresh_from_db()
    result_register(
        user=officer,
        task=task,
        number="12/2025/ĐKKQ-SKHCN (demo)",
        day=date(2025, 4, 8),
        expected_version=task.version,
    )
    task.refresh_from_db()
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
    application_add(
        user=officer,
        application=ResultApplication(
            task=task,
            unit=son_tay,
            place="Làng cổ Đường Lâm, phường Sơn Tây",
            applied_on=date(2025, 9, 1),
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
            _start(officer=officer, task=task, spec=spec, host=hosts[spec.host], pi=pi)
            if spec.pi_account:
                _follow_up(officer=officer, task=task, pi=pi)
    return [f"{PI_USERNAME:12} {DEMO_PASSWORD}  {Role(Role.EXPERT).label}"]
