"""Demo: technology appraisals of investment projects (issue 18, item 4).

Seed 004 says Hà Nội ranks first in the country for the number of investment projects whose
technology the Department appraised; it gives no count and names no project. Every dossier
below is invented and flagged `is_demo`: this year's dossiers show each state against the time
limit (answered on time, answered late, waiting and due soon, late without an opinion), and
last year's give the board a figure to compare. Dates are counted from the day the demo loads.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from khcn.appraisal.models import Appraisal, Conclusion, Sector
from khcn.appraisal.services import appraisal_create, appraisal_opinion_issue, consultation_add
from khcn.demo.clock import happened_at, moment, today
from khcn.experts.models import Expert
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.geo.selectors import province_get

SENDER = "Sở Kế hoạch và Đầu tư Hà Nội"
# (project, investor, commune, sector, capital in million VND, technology, origin, equipment,
#  received days ago, answered days after receipt or None, conclusion)
DOSSIERS: list[tuple[Any, ...]] = [
    (
        "Nhà máy sản xuất linh kiện điện tử chính xác (demo)",
        "Công ty TNHH Điện tử Quang Minh (demo)",
        "Quang Minh",
        Sector.INDUSTRY,
        Decimal("850000"),
        "Dây chuyền dập, ép nhựa và lắp ráp linh kiện tự động; kiểm tra quang học tự động (AOI).",
        "Nhật Bản",
        "Máy ép nhựa điều khiển số; máy SMT; hệ thống AOI.",
        70,
        12,
        Conclusion.AGREE,
    ),
    (
        "Nhà máy xử lý chất thải rắn sinh hoạt phát điện (demo)",
        "Công ty CP Năng lượng Xanh Thủ đô (demo)",
        "Sóc Sơn",
        Sector.ENVIRONMENT,
        Decimal("3200000"),
        "Đốt chất thải rắn sinh hoạt trên ghi lò cơ học, thu hồi nhiệt phát điện; xử lý khí thải bán khô.",
        "Trung Quốc, thiết bị lọc khí thải của châu Âu",
        "Lò đốt ghi cơ học; tua bin hơi 15 MW; hệ thống lọc bụi túi vải.",
        60,
        21,
        Conclusion.CONDITIONAL,
    ),
    (
        "Trang trại chăn nuôi bò sữa công nghệ cao (demo)",
        "Công ty CP Sữa Ba Vì (demo)",
        "Ba Vì",
        Sector.AGRICULTURE,
        Decimal("420000"),
        "Chuồng trại khép kín, vắt sữa tự động, quản lý đàn bằng chip nhận dạng.",
        "Israel",
        "Hệ thống vắt sữa tự động; phần mềm quản lý đàn.",
        45,
        10,
        Conclusion.AGREE,
    ),
    (
        "Nhà máy sản xuất gạch không nung (demo)",
        "Công ty TNHH Vật liệu Mê Linh (demo)",
        "Mê Linh",
        Sector.CONSTRUCTION,
        Decimal("95000"),
        "Ép rung bê tông cốt liệu xỉ, tro bay; dưỡng hộ tự nhiên.",
        "Việt Nam",
        "Máy ép rung thủy lực; trạm trộn.",
        30,
        14,
        Conclusion.DISAGREE,
    ),
    (
        "Trung tâm dữ liệu vùng phía Bắc (demo)",
        "Công ty CP Hạ tầng số Hòa Lạc (demo)",
        "Hòa Lạc",
        Sector.ICT,
        Decimal("1500000"),
        "Trung tâm dữ liệu chuẩn Tier III, làm mát bằng nước lạnh.",
        "Hoa Kỳ",
        "Máy làm lạnh nước; UPS; tủ rack.",
        12,
        None,
        "",
    ),
    (
        "Xưởng chế biến rau quả sấy lạnh (demo)",
        "Hợp tác xã Nông sản Tiến Thắng (demo)",
        "Tiến Thắng",
        Sector.AGRICULTURE,
        Decimal("18000"),
        "Sấy lạnh bơm nhiệt, đóng gói hút chân không.",
        "Việt Nam",
        "Máy sấy bơm nhiệt 500 kg/mẻ.",
        25,
        None,
        "",
    ),
    (
        "Nhà máy sản xuất dược phẩm dạng viên (demo)",
        "Công ty CP Dược phẩm Thường Tín (demo)",
        "Thường Tín",
        Sector.HEALTH,
        Decimal("610000"),
        "Dây chuyền bào chế viên nén, viên nang đạt GMP-WHO.",
        "Hàn Quốc",
        "Máy dập viên; máy đóng nang; hệ thống HVAC phòng sạch.",
        400,
        13,
        Conclusion.AGREE,
    ),
]


def _unit(name: str) -> AdminUnit:
    unit = AdminUnit.objects.current().filter(name=name, level=UnitLevel.COMMUNE).order_by("pk").first()
    return unit or province_get()  # type: ignore[return-value]


def appraisal_demo_load(*, officer: Any) -> int:
    """The invented dossiers, through the services; nothing if loaded. Returns how many it made."""
    if Appraisal.all_objects.filter(is_demo=True).exists():
        return 0
    day = today()
    experts = list(Expert.objects.filter(is_demo=True).order_by("pk")[:3])
    made = 0
    for index, row in enumerate(DOSSIERS):
        name, investor, commune, sector, capital, technology, origin, equipment, ago, answered, conclusion = row
        received = day - timedelta(days=ago)
        with happened_at(moment(received, 10)):
            appraisal = appraisal_create(
                user=officer,
                sending_body=SENDER,
                incoming_number=f"{1200 + index * 37}/KHĐT-DN",
                received_on=received,
                project_name=name,
                investor_name=investor,
                unit=_unit(commune),
                address="",
                capital_million=capital,
                sector=sector,
                technology=technology,
                origin=origin,
                equipment=equipment,
            )
            Appraisal.all_objects.filter(pk=appraisal.pk).update(is_demo=True)
        if experts:
            expert = experts[index % len(experts)]
            with happened_at(moment(received + timedelta(days=2), 14)):
                consultation_add(
                    user=officer,
                    appraisal=appraisal,
                    expert=expert,
                    asked_on=received + timedelta(days=1),
                    answered_on=min(received + timedelta(days=6), day),
                    opinion="Công nghệ phù hợp quy mô dự án; đề nghị làm rõ phương án xử lý chất thải (demo).",
                )
        if answered is not None:
            issued = received + timedelta(days=answered)
            appraisal.refresh_from_db()
            with happened_at(moment(issued, 16)):
                appraisal_opinion_issue(
                    user=officer,
                    appraisal=appraisal,
                    opinion_number=f"{300 + index * 11}/SKHCN-QLCN",
                    opinion_date=issued,
                    conclusion=conclusion,
                    conditions=(
                        "Bổ sung giải trình hiệu suất thu hồi năng lượng và cam kết chuẩn khí thải (demo)."
                        if conclusion == Conclusion.CONDITIONAL
                        else ""
                    ),
                    expected_version=appraisal.version,
                )
        made += 1
    return made
