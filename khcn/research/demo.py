"""Demo: the call for the 2025 plan and proposals on the problems the seeds raise.

The seeds report that the Department asked units to propose tasks "giải quyết những vấn đề
của cơ sở" for the 2025 plan and name the problems: pollution in livestock farming and craft
villages, high-tech agriculture models, preserving rare local breeds and plant varieties,
agri-tourism under urbanisation. The call's dates, the proposals' wording, budgets and the
earlier tasks below are invented (marked demo), plausibly.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.meetings.models import FollowUp
from khcn.research.models import (
    AnnualPlan,
    PlanCall,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ScienceField,
    SelectionMode,
    TaskStatus,
    TaskType,
)
from khcn.research.plans import plan_add

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
