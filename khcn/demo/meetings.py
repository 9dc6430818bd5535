"""Demo: the July 2024 round of working sessions the seed articles describe.

Dates, places, chairs, attendees named by role, the units' requests and the leaders'
directives come from the seeds (5, 17 and 19 July 2024). The session with Phúc Thọ has no
date or place in the seeds: both are invented and its title says "(demo)". The answers to
items, their deadlines and their states are invented too; every record made here is flagged
`is_demo`. Sessions and items go through the real services, each step dated on the day it
describes; the requests the districts wrote in their 1H 2024 reports are transferred to the
session that took them up.

A second round (invented, "(demo)") is under way on the day the demo loads: Department
sessions with today's communes on the next year's proposals and the open reporting period,
one held three weeks ago (its items due ahead, one overdue, one done) and one ahead.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import Organisation, OrganisationKind, UnitLevel
from khcn.meetings import services
from khcn.meetings.models import (
    AssigneeKind,
    Attendee,
    AttendeeKind,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Meeting,
    MeetingRound,
    Topic,
)
from khcn.programs.models import ReportingPeriod
from khcn.reporting.selectors import period_expected_units

ROUND_NAME = "Làm việc với các huyện, thị xã về kế hoạch KH&CN năm 2025 và Chương trình 07-CTr/TU (tháng 7/2024)"
PURPOSE = (
    "định hướng, hướng dẫn đề xuất kế hoạch khoa học, công nghệ và đổi mới sáng tạo năm 2025 và kiểm tra "
    "thực hiện Chương trình số 07-CTr/TU của Thành ủy Hà Nội"
)
QLKH = "Phòng Quản lý khoa học"
QLCN = "Phòng Quản lý công nghệ và Thị trường công nghệ"
SHTT = "Phòng Sở hữu trí tuệ"
VP = "Văn phòng Sở"


@dataclass
class Item:
    unit: str
    kind: str
    text: str
    topic: str
    due: date
    office: str | None = None
    assignee: str = AssigneeKind.OFFICE
    raised_by: str = ""
    # (days after the session, status, response text, resolution)
    answers: list[tuple[int, str, str, str]] = field(default_factory=list)
    reason: str = ""
    public: bool = False


@dataclass
class Session:
    day: date
    hour: int
    title: str
    place: str
    host: str
    units: list[str]
    chair: str
    co_chair: str
    attendees: list[tuple[str, str, str, str | None]]  # kind, name, position, unit
    conclusion: str
    items: list[Item]
    minutes: str = ""
    prepare: str = (
        "Báo cáo kết quả thực hiện Chương trình 07-CTr/TU 6 tháng đầu năm 2024; đề xuất nhiệm vụ KH&CN năm 2025; "
        "khó khăn, kiến nghị."
    )


def _directives(
    units: list[str], texts: list[tuple[str, str]], due: date, done: dict[str, str] | None = None
) -> list[Item]:
    """The same directives to every unit of a cluster; `done` maps a unit to its answer."""
    done = done or {}
    return [
        Item(
            unit=u,
            kind=FollowUpKind.DIRECTIVE,
            text=t,
            topic=topic,
            due=due,
            assignee=AssigneeKind.UNIT,
            answers=[(24 + i, FollowUpStatus.DONE, done[u], "")] if u in done and i == 0 else [],
        )
        for u in units
        for i, (t, topic) in enumerate(texts)
    ]


SESSIONS = [
    Session(
        day=date(2024, 7, 5),
        hour=8,
        title="Làm việc với UBND các huyện Ứng Hòa, Phú Xuyên, Thanh Oai, Mỹ Đức",
        place="Trụ sở UBND huyện Ứng Hòa (địa điểm minh họa)",
        host="Ứng Hòa",
        units=["Ứng Hòa", "Phú Xuyên", "Thanh Oai", "Mỹ Đức"],
        chair="Nguyễn Quốc Hà, Phó Giám đốc Sở",
        co_chair="",
        attendees=[
            (AttendeeKind.DEPARTMENT_LEADER, "Nguyễn Quốc Hà", "Phó Giám đốc Sở Khoa học và Công nghệ", None),
            (AttendeeKind.DEPARTMENT_OFFICE, "Lãnh đạo các phòng, đơn vị thuộc Sở", "", None),
            (AttendeeKind.UNIT_LEADER, "Nguyễn Tiến Thiết", "Chủ tịch UBND huyện Ứng Hòa", "Ứng Hòa"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND huyện Phú Xuyên", "", "Phú Xuyên"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND huyện Thanh Oai", "", "Thanh Oai"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND huyện Mỹ Đức", "", "Mỹ Đức"),
        ],
        conclusion=(
            "Đề nghị các huyện đẩy mạnh thông tin tuyên truyền về Chương trình số 07-CTr/TU.\n"
            "Thực hiện nghiêm việc báo cáo định kỳ và nâng cao chất lượng báo cáo.\n"
            "Quan tâm chỉ đạo giải quyết những tồn tại trong các lĩnh vực: cải cách thủ tục hành chính, chuyển "
            "đổi số, bảo vệ môi trường, phát triển làng nghề.\n"
            "Nghiên cứu đề xuất đặt hàng các nhiệm vụ khoa học và công nghệ giải quyết những vấn đề của địa "
            "phương; đẩy mạnh ứng dụng và chuyển giao công nghệ vào sản xuất, thúc đẩy đổi mới sáng tạo và phong "
            "trào phát huy sáng kiến Thủ đô."
        ),
        minutes="Các huyện báo cáo kết quả thực hiện Chương trình số 07-CTr/TU 6 tháng đầu năm 2024.",
        items=[
            Item(
                unit="Ứng Hòa",
                kind=FollowUpKind.REQUEST,
                text="Bổ sung chỉ tiêu biên chế cho cán bộ, công chức chuyên trách về khoa học và công nghệ",
                topic=Topic.STAFFING,
                due=date(2024, 9, 30),
                office=VP,
                raised_by="Nguyễn Tiến Thiết, Chủ tịch UBND huyện Ứng Hòa",
                answers=[(20, FollowUpStatus.TRANSFERRED, "Sở đã chuyển kiến nghị đến Sở Nội vụ.", "")],
                reason="Thuộc thẩm quyền của Sở Nội vụ; Sở đã có văn bản chuyển kiến nghị.",
                public=True,
            ),
            Item(
                unit="Ứng Hòa",
                kind=FollowUpKind.REQUEST,
                text="Cho cán bộ tham gia các lớp tập huấn nâng cao nghiệp vụ, tham quan học hỏi các mô hình hiệu "
                "quả ở các địa phương khác",
                topic=Topic.TRAINING,
                due=date(2024, 10, 31),
                office=QLKH,
                raised_by="Nguyễn Tiến Thiết, Chủ tịch UBND huyện Ứng Hòa",
                answers=[
                    (30, FollowUpStatus.IN_PROGRESS, "Sở đưa huyện vào danh sách lớp tập huấn quý IV/2024.", ""),
                    (
                        95,
                        FollowUpStatus.DONE,
                        "Đã tổ chức lớp tập huấn ngày 10/10/2024 cho cán bộ các huyện phía Nam.",
                        "Lớp tập huấn nghiệp vụ quản lý KH&CN cấp huyện, tháng 10/2024",
                    ),
                ],
                public=True,
            ),
            Item(
                unit="Ứng Hòa",
                kind=FollowUpKind.REQUEST,
                text="Hỗ trợ bố trí kinh phí, nhân lực, vật lực để phát triển kinh tế số",
                topic=Topic.FUNDING,
                due=date(2024, 12, 31),
                office=QLCN,
                raised_by="Nguyễn Tiến Thiết, Chủ tịch UBND huyện Ứng Hòa",
            ),
            *_directives(
                ["Ứng Hòa", "Phú Xuyên", "Thanh Oai", "Mỹ Đức"],
                [
                    ("Thực hiện nghiêm việc báo cáo định kỳ và nâng cao chất lượng báo cáo", Topic.REPORTING),
                    (
                        "Nghiên cứu đề xuất đặt hàng các nhiệm vụ KH&CN giải quyết những vấn đề của địa phương cho "
                        "kế hoạch năm 2025",
                        Topic.POLICY,
                    ),
                ],
                due=date(2024, 8, 31),
                done={
                    "Ứng Hòa": "Huyện đã ban hành quy chế báo cáo định kỳ về KH&CN.",
                    "Thanh Oai": "Huyện gửi báo cáo 6 tháng đúng hạn, đủ chỉ tiêu.",
                },
            ),
        ],
    ),
    Session(
        day=date(2024, 7, 17),
        hour=8,
        title="Làm việc với UBND các huyện Hoài Đức, Đan Phượng, Thạch Thất và thị xã Sơn Tây",
        place="Trụ sở UBND thị xã Sơn Tây",
        host="Sơn Tây",
        units=["Hoài Đức", "Đan Phượng", "Thạch Thất", "Sơn Tây"],
        chair="Nguyễn Hồng Sơn, Giám đốc Sở",
        co_chair="Phùng Huy Vinh, Phó Chủ tịch UBND thị xã Sơn Tây",
        attendees=[
            (
                AttendeeKind.DEPARTMENT_LEADER,
                "Nguyễn Hồng Sơn",
                "Thành ủy viên, Giám đốc Sở Khoa học và Công nghệ",
                None,
            ),
            (AttendeeKind.DEPARTMENT_OFFICE, "Lãnh đạo các phòng chuyên môn của Sở", "", None),
            (AttendeeKind.UNIT_LEADER, "Phùng Huy Vinh", "Phó Chủ tịch UBND thị xã Sơn Tây", "Sơn Tây"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo, Phòng Kinh tế huyện Hoài Đức", "", "Hoài Đức"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo, Phòng Kinh tế huyện Đan Phượng", "", "Đan Phượng"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo, Phòng Kinh tế huyện Thạch Thất", "", "Thạch Thất"),
            (AttendeeKind.EXPERT, "Các chuyên gia, nhà khoa học", "Thành viên Đoàn công tác của Sở", None),
            (AttendeeKind.PRESS, "Phóng viên các cơ quan báo chí Hà Nội", "", None),
        ],
        conclusion=(
            "Các địa phương đã xây dựng các chương trình, kế hoạch thực hiện Chương trình 07-CTr/TU đầy đủ, bài "
            "bản và đạt kết quả bước đầu đáng ghi nhận.\n"
            "Các địa phương cần tăng cường trao đổi, cung cấp thông tin về những vấn đề cần giải quyết; Sở Khoa "
            "học và Công nghệ là đầu mối chia sẻ, kết nối giữa địa phương với các chuyên gia, nhà khoa học.\n"
            "Quan tâm xây dựng, bảo hộ, quản lý và phát triển nhãn hiệu tập thể, sản phẩm làng nghề.\n"
            "Quan tâm hơn nữa đến hoạt động sáng kiến ở cấp cơ sở, tại các doanh nghiệp, đơn vị sản xuất."
        ),
        items=[
            Item(
                unit="Sơn Tây",
                kind=FollowUpKind.REQUEST,
                text="Nghiên cứu bảo tồn, phát triển các giống cây, con đặc sản và những vấn đề phát sinh trong quá "
                "trình đô thị hóa, kết hợp nông nghiệp - du lịch - dịch vụ",
                topic=Topic.AGRICULTURE,
                due=date(2024, 10, 15),
                office=QLKH,
                raised_by="Phùng Huy Vinh, Phó Chủ tịch UBND thị xã Sơn Tây",
                answers=[
                    (
                        40,
                        FollowUpStatus.ANSWERED,
                        "Sở hướng dẫn thị xã lập đề xuất đặt hàng nhiệm vụ KH&CN năm 2025 về bảo tồn nguồn gen.",
                        "Đề xuất đặt hàng nhiệm vụ KH&CN năm 2025 của thị xã Sơn Tây",
                    )
                ],
                public=True,
            ),
            Item(
                unit="Hoài Đức",
                kind=FollowUpKind.REQUEST,
                text="Hỗ trợ xây dựng, bảo hộ và phát triển nhãn hiệu tập thể các sản phẩm làng nghề truyền thống",
                topic=Topic.IP,
                due=date(2024, 12, 31),
                office=SHTT,
                answers=[(25, FollowUpStatus.IN_PROGRESS, "Sở khảo sát sản phẩm làng nghề của huyện.", "")],
            ),
            Item(
                unit="Thạch Thất",
                kind=FollowUpKind.REQUEST,
                text="Ứng dụng KH&CN để cải tiến, nâng cao chất lượng sản phẩm OCOP",
                topic=Topic.TECHNOLOGY,
                due=date(2024, 11, 30),
                office=QLCN,
            ),
            Item(
                unit="Đan Phượng",
                kind=FollowUpKind.REQUEST,
                text="Hướng dẫn chính sách hỗ trợ đổi mới công nghệ, chuyển giao ứng dụng tiến bộ KH&CN vào sản "
                "xuất kinh doanh",
                topic=Topic.POLICY,
                due=date(2024, 9, 15),
                office=QLCN,
                answers=[
                    (
                        21,
                        FollowUpStatus.DONE,
                        "Sở đã gửi văn bản hướng dẫn chính sách hỗ trợ đổi mới công nghệ.",
                        "Văn bản hướng dẫn của Sở về hỗ trợ đổi mới công nghệ",
                    )
                ],
            ),
            Item(
                unit="Thạch Thất",
                kind=FollowUpKind.REQUEST,
                text="Hỗ trợ xử lý môi trường làng nghề",
                topic=Topic.ENVIRONMENT,
                due=date(2024, 12, 31),
                office=QLCN,
            ),
            *_directives(
                ["Hoài Đức", "Đan Phượng", "Thạch Thất", "Sơn Tây"],
                [("Tăng cường trao đổi, cung cấp thông tin về những vấn đề cần KH&CN giải quyết", Topic.COMMUNICATION)],
                due=date(2024, 8, 31),
            ),
        ],
    ),
    Session(
        day=date(2024, 7, 19),
        hour=8,
        title="Làm việc với UBND các huyện Mê Linh, Đông Anh, Sóc Sơn, Gia Lâm",
        place="Trụ sở UBND huyện Mê Linh",
        host="Mê Linh",
        units=["Mê Linh", "Đông Anh", "Sóc Sơn", "Gia Lâm"],
        chair="Nguyễn Quốc Hà, Phó Giám đốc Sở",
        co_chair="",
        attendees=[
            (AttendeeKind.DEPARTMENT_LEADER, "Nguyễn Quốc Hà", "Phó Giám đốc Sở Khoa học và Công nghệ", None),
            (AttendeeKind.UNIT_LEADER, "Lê Văn Khương", "Huyện ủy viên, Phó Chủ tịch UBND huyện Mê Linh", "Mê Linh"),
            (AttendeeKind.UNIT_LEADER, "Nguyễn Thị Thanh Tám", "Trưởng Phòng Kinh tế huyện Mê Linh", "Mê Linh"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND huyện Đông Anh", "", "Đông Anh"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND huyện Sóc Sơn", "", "Sóc Sơn"),
            (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND huyện Gia Lâm", "", "Gia Lâm"),
            (AttendeeKind.EXPERT, "Các chuyên gia, nhà khoa học", "", None),
        ],
        conclusion=(
            "Đánh giá cao hoạt động khoa học, công nghệ và kết quả thực hiện Chương trình số 07-CTr/TU của các "
            "huyện Mê Linh, Đông Anh, Sóc Sơn, Gia Lâm.\n"
            "Các huyện cần đẩy mạnh thông tin tuyên truyền, triển khai có hiệu quả các nội dung Chương trình số "
            "07-CTr/TU của Thành ủy.\n"
            "Tập trung giải quyết tình trạng ô nhiễm môi trường, nhất là tại các làng nghề, khu công nghiệp.\n"
            "Quan tâm xây dựng, nhân rộng các mô hình sản xuất nông nghiệp ứng dụng công nghệ cao; chú trọng "
            "xây dựng nhãn hiệu cho các sản phẩm chủ lực; duy trì, phát triển, nâng cao giá trị các sản phẩm OCOP."
        ),
        minutes="Đồng chí Nguyễn Thị Thanh Tám, Trưởng Phòng Kinh tế huyện Mê Linh báo cáo kết quả thực hiện.",
        items=[
            Item(
                unit="Mê Linh",
                kind=FollowUpKind.REQUEST,
                text="Tổ chức tập huấn, bồi dưỡng nâng cao chuyên môn nghiệp vụ cho đội ngũ cán bộ, công chức về "
                "lĩnh vực khoa học và công nghệ",
                topic=Topic.TRAINING,
                due=date(2024, 10, 31),
                office=QLKH,
                raised_by="Nguyễn Thị Thanh Tám, Trưởng Phòng Kinh tế huyện Mê Linh",
                answers=[
                    (
                        88,
                        FollowUpStatus.DONE,
                        "Cán bộ huyện đã tham dự lớp tập huấn tháng 10/2024.",
                        "Lớp tập huấn nghiệp vụ quản lý KH&CN cấp huyện, tháng 10/2024",
                    )
                ],
                public=True,
            ),
            Item(
                unit="Mê Linh",
                kind=FollowUpKind.REQUEST,
                text="Hỗ trợ thực hiện mô hình sản xuất nông nghiệp ứng dụng công nghệ cao",
                topic=Topic.AGRICULTURE,
                due=date(2024, 12, 31),
                office=QLKH,
                raised_by="Nguyễn Thị Thanh Tám, Trưởng Phòng Kinh tế huyện Mê Linh",
                answers=[(45, FollowUpStatus.IN_PROGRESS, "Kết nối huyện với Học viện Nông nghiệp Việt Nam.", "")],
                public=True,
            ),
            Item(
                unit="Mê Linh",
                kind=FollowUpKind.REQUEST,
                text="Hỗ trợ xử lý ô nhiễm môi trường trong chăn nuôi, các khu công nghiệp, làng nghề",
                topic=Topic.ENVIRONMENT,
                due=date(2024, 11, 30),
                office=QLCN,
                raised_by="Nguyễn Thị Thanh Tám, Trưởng Phòng Kinh tế huyện Mê Linh",
            ),
            *_directives(
                ["Mê Linh", "Đông Anh", "Sóc Sơn", "Gia Lâm"],
                [
                    ("Đẩy mạnh thông tin tuyên truyền về Chương trình số 07-CTr/TU", Topic.COMMUNICATION),
                    ("Tập trung giải quyết ô nhiễm môi trường tại các làng nghề, khu công nghiệp", Topic.ENVIRONMENT),
                ],
                due=date(2024, 9, 30),
                done={"Mê Linh": "Huyện đã ban hành kế hoạch tuyên truyền Chương trình 07-CTr/TU năm 2024."},
            ),
            Item(
                unit="Mê Linh",
                kind=FollowUpKind.DIRECTIVE,
                text="Chú trọng xây dựng nhãn hiệu cho các sản phẩm chủ lực; hoàn thiện hồ sơ nhãn hiệu tập thể bánh "
                "đa nem và mỳ bún xã Tiến Thịnh",
                topic=Topic.IP,
                due=date(2024, 12, 31),
                assignee=AssigneeKind.UNIT,
                answers=[(60, FollowUpStatus.IN_PROGRESS, "Huyện đang phối hợp khảo sát, lập hồ sơ.", "")],
            ),
        ],
    ),
    Session(
        day=date(2024, 7, 24),
        hour=14,
        title="Làm việc với UBND huyện Phúc Thọ (demo)",
        place="Trụ sở UBND huyện Phúc Thọ (ngày giờ, địa điểm minh họa)",
        host="Phúc Thọ",
        units=["Phúc Thọ"],
        chair="Nguyễn Quốc Hà, Phó Giám đốc Sở",
        co_chair="Kiều Trọng Sỹ, Phó Chủ tịch UBND huyện Phúc Thọ",
        attendees=[
            (AttendeeKind.DEPARTMENT_LEADER, "Nguyễn Quốc Hà", "Phó Giám đốc Sở Khoa học và Công nghệ", None),
            (AttendeeKind.UNIT_LEADER, "Kiều Trọng Sỹ", "Phó Chủ tịch UBND huyện Phúc Thọ", "Phúc Thọ"),
        ],
        conclusion=(
            "Ghi nhận huyện đã có 7 sản phẩm được xây dựng hệ thống truy xuất nguồn gốc theo mã QR và 7 sản phẩm "
            "được hỗ trợ đăng ký nhãn hiệu.\nTiếp tục nhân rộng truy xuất nguồn gốc và phát triển tài sản trí tuệ."
        ),
        items=[
            Item(
                unit="Phúc Thọ",
                kind=FollowUpKind.REQUEST,
                text="Tiếp tục phối hợp triển khai dự án hỗ trợ xây dựng và phát triển 5 nhãn hiệu",
                topic=Topic.IP,
                due=date(2024, 12, 31),
                office=SHTT,
                raised_by="Kiều Trọng Sỹ, Phó Chủ tịch UBND huyện Phúc Thọ",
                answers=[(50, FollowUpStatus.IN_PROGRESS, "Sở và huyện thống nhất kế hoạch triển khai.", "")],
            ),
            Item(
                unit="Phúc Thọ",
                kind=FollowUpKind.REQUEST,
                text="Hỗ trợ kinh phí mở rộng truy xuất nguồn gốc bằng mã QR cho toàn bộ sản phẩm OCOP của huyện",
                topic=Topic.FUNDING,
                due=date(2024, 9, 30),
                office=SHTT,
                answers=[(30, FollowUpStatus.REJECTED, "Không thuộc danh mục hỗ trợ năm 2024.", "")],
                reason="Nội dung không thuộc danh mục hỗ trợ của kế hoạch năm 2024; đề nghị huyện đề xuất cho năm "
                "2025.",
            ),
            *_directives(
                ["Phúc Thọ"],
                [("Nhân rộng truy xuất nguồn gốc sản phẩm theo mã QR", Topic.TECHNOLOGY)],
                due=date(2024, 12, 31),
            ),
        ],
    ),
]


def _transfer_report_requests(*, officer: Any, meeting: Meeting, when: datetime) -> None:
    """The units' requests raised in their 1H 2024 reports are taken up as the session's items."""
    day = f"{timezone.localtime(meeting.starts_at):%d/%m/%Y}"
    raised = FollowUp.objects.filter(
        unit__in=meeting.units.all(), source_report__isnull=False, status=FollowUpStatus.OPEN
    ).order_by("pk")
    for item in raised:
        services.item_respond(
            user=officer,
            item=item,
            text=f"Kiến nghị được xem xét tại buổi làm việc ngày {day} và theo dõi tại đó.",
            status=FollowUpStatus.TRANSFERRED,
            reason=f"Chuyển thành kiến nghị của buổi làm việc ngày {day}.",
            when=when,
        )


def _session(*, officer: Any, rnd: MeetingRound, spec: Session, units: dict[str, Any], offices: dict[str, Any]) -> int:
    """One session, from the invitation ten days before (a week ago at most) to its conclusion and items."""
    start = moment(spec.day, spec.hour)
    with happened_at(min(start - timedelta(days=10), moment(today() - timedelta(days=7)))):
        meeting = services.meeting_create(
            user=officer,
            round=rnd,
            title=spec.title,
            starts_at=start,
            place=spec.place,
            host_unit=units[spec.host],
            units=[units[name] for name in spec.units],
            chair=spec.chair,
            co_chair=spec.co_chair,
            prepare=spec.prepare,
            prepare_by=spec.day - timedelta(days=3),
            is_demo=True,
        )
        for kind, name, position, unit in spec.attendees:
            Attendee.objects.create(
                meeting=meeting,
                kind=kind,
                name=name,
                position=position,
                unit=units[unit] if unit else None,
                attended=True if start <= timezone.now() else None,
            )
    if start > timezone.now():
        return 0
    concluded = start + timedelta(hours=4)
    with happened_at(concluded):
        services.minutes_save(
            user=officer,
            meeting=meeting,
            expected_version=meeting.version,
            minutes=spec.minutes,
            conclusion=spec.conclusion,
            unit_notes={},
            conclude=True,
        )
        _transfer_report_requests(officer=officer, meeting=meeting, when=concluded)
    for spec_item in spec.items:
        with happened_at(concluded):
            item = services.item_add(
                user=officer,
                meeting=meeting,
                unit=units[spec_item.unit],
                kind=spec_item.kind,
                text=spec_item.text,
                topic=spec_item.topic,
                assignee_kind=spec_item.assignee,
                assignee_office=offices.get(spec_item.office or ""),
                due_on=spec_item.due,
                raised_by=spec_item.raised_by,
                is_public=spec_item.public,
                is_demo=True,
            )
        for days, status, text, resolution in spec_item.answers:
            when = start + timedelta(days=days)
            with happened_at(when):
                services.item_respond(
                    user=officer,
                    item=item,
                    text=text,
                    status=status,
                    resolution=resolution,
                    reason=spec_item.reason if status in (FollowUpStatus.REJECTED, FollowUpStatus.TRANSFERRED) else "",
                    when=when,
                )
    return len(spec.items)


def _offices() -> dict[str, Any]:
    return {o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT_OFFICE)}


@transaction.atomic
def meetings_demo_load(*, period: ReportingPeriod | None, officer: Any) -> int:
    """Create the July 2024 round, its four sessions and their items; nothing if the round exists."""
    if MeetingRound.objects.filter(name=ROUND_NAME).exists():
        return 0
    if period is None:
        return 0
    districts = {u.name: u for u in period_expected_units(period=period) if u.level == UnitLevel.DISTRICT}
    with happened_at(moment(date(2024, 6, 24))):
        rnd = MeetingRound.objects.create(
            name=ROUND_NAME,
            year=2024,
            plan_year=2025,
            purpose=PURPOSE,
            period=period,
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )
    offices = _offices()
    return sum(_session(officer=officer, rnd=rnd, spec=spec, units=districts, offices=offices) for spec in SESSIONS)


# -- the round under way on the day the demo loads --------------------------------------------

CURRENT_COMMUNES = ["Mê Linh", "Quang Minh", "Tiến Thắng"]
NEXT_COMMUNES = ["Sơn Tây", "Tùng Thiện", "Phúc Thọ"]


def current_round_name(plan_year: int) -> str:
    return f"Làm việc với các xã, phường về kế hoạch KH&CN năm {plan_year} (demo)"


def _current_sessions(*, day: date, period: ReportingPeriod, plan_year: int, call_closes_on: date) -> list[Session]:
    """A session held three weeks before `day` with three communes, and the next one ahead.

    Deadlines fall around `day`: the report and the proposals are due ahead, one request of
    Xã Mê Linh is overdue (in progress), one of Xã Tiến Thắng was done before its deadline.
    """
    held = day - timedelta(days=21)
    report = f"Gửi báo cáo kết quả thực hiện Nghị quyết 57-NQ/TW kỳ {period.name} đúng hạn"
    proposals = f"Nghiên cứu, gửi đề xuất đặt hàng nhiệm vụ KH&CN năm {plan_year} giải quyết vấn đề của địa phương"
    return [
        Session(
            day=held,
            hour=8,
            title="Làm việc với UBND các xã Mê Linh, Quang Minh, Tiến Thắng (demo)",
            place="Trụ sở UBND xã Mê Linh (địa điểm minh họa)",
            host="Mê Linh",
            units=CURRENT_COMMUNES,
            chair="Lê Minh Quân, Phó Giám đốc Sở",
            co_chair="",
            attendees=[
                (AttendeeKind.DEPARTMENT_LEADER, "Lê Minh Quân", "Phó Giám đốc Sở", None),
                (AttendeeKind.DEPARTMENT_OFFICE, "Phạm Thu Hà", "Chuyên viên Phòng Quản lý khoa học", None),
                (AttendeeKind.UNIT_LEADER, "Nguyễn Văn Bình", "Công chức Phòng Kinh tế xã Mê Linh", "Mê Linh"),
                (AttendeeKind.UNIT_LEADER, "Trần Thị Hoa", "Công chức xã Quang Minh", "Quang Minh"),
                (AttendeeKind.UNIT_LEADER, "Lãnh đạo UBND xã Tiến Thắng", "", "Tiến Thắng"),
            ],
            conclusion=(
                f"Các xã gửi báo cáo kỳ {period.name} trước ngày {period.due_on:%d/%m/%Y}.\n"
                f"Các xã rà soát vấn đề của địa phương, gửi đề xuất đặt hàng nhiệm vụ KH&CN năm {plan_year} "
                f"trước ngày {call_closes_on:%d/%m/%Y}.\n"
                "Sở hỗ trợ tập huấn nghiệp vụ và hướng dẫn hồ sơ theo kiến nghị của các xã."
            ),
            minutes="Các xã báo cáo tình hình thực hiện Nghị quyết 57-NQ/TW và dự kiến đề xuất nhiệm vụ KH&CN.",
            prepare=f"Tình hình thực hiện kỳ {period.name}; dự kiến đề xuất nhiệm vụ KH&CN năm {plan_year}; "
            "khó khăn, kiến nghị.",
            items=[
                *_directives(CURRENT_COMMUNES, [(report, Topic.REPORTING)], due=period.due_on),
                *_directives(CURRENT_COMMUNES, [(proposals, Topic.POLICY)], due=call_closes_on),
                Item(
                    unit="Mê Linh",
                    kind=FollowUpKind.REQUEST,
                    text="Tập huấn cho công chức xã lập báo cáo định kỳ và đề xuất nhiệm vụ trên hệ thống của Sở",
                    topic=Topic.TRAINING,
                    due=day - timedelta(days=6),
                    office=QLKH,
                    raised_by="Nguyễn Văn Bình, công chức Phòng Kinh tế xã Mê Linh",
                    answers=[(7, FollowUpStatus.IN_PROGRESS, "Sở đang bố trí lịch tập huấn cho các xã phía Bắc.", "")],
                ),
                Item(
                    unit="Quang Minh",
                    kind=FollowUpKind.REQUEST,
                    text="Hỗ trợ xây dựng, quản lý nhãn hiệu tập thể hoa đào Phù Trì sau khi sắp xếp đơn vị hành chính",
                    topic=Topic.IP,
                    due=day + timedelta(days=45),
                    office=SHTT,
                    raised_by="Trần Thị Hoa, công chức xã Quang Minh",
                ),
                Item(
                    unit="Tiến Thắng",
                    kind=FollowUpKind.REQUEST,
                    text="Hướng dẫn hồ sơ đề nghị hỗ trợ ứng dụng tiến bộ KH&CN cho hợp tác xã rau gia vị",
                    topic=Topic.TECHNOLOGY,
                    due=day - timedelta(days=4),
                    office=QLCN,
                    answers=[
                        (
                            9,
                            FollowUpStatus.DONE,
                            "Sở đã gửi văn bản hướng dẫn hồ sơ cho UBND xã và hợp tác xã.",
                            "Văn bản hướng dẫn của Sở về hồ sơ hỗ trợ ứng dụng tiến bộ KH&CN (demo)",
                        )
                    ],
                ),
            ],
        ),
        Session(
            day=day + timedelta(days=12),
            hour=8,
            title="Làm việc với UBND các phường Sơn Tây, Tùng Thiện và xã Phúc Thọ (demo)",
            place="Trụ sở UBND phường Sơn Tây (địa điểm minh họa)",
            host="Sơn Tây",
            units=NEXT_COMMUNES,
            chair="Lê Minh Quân, Phó Giám đốc Sở",
            co_chair="",
            attendees=[
                (AttendeeKind.DEPARTMENT_LEADER, "Lê Minh Quân", "Phó Giám đốc Sở", None),
                *[(AttendeeKind.UNIT_LEADER, f"Lãnh đạo UBND {name}", "", name) for name in NEXT_COMMUNES],
            ],
            conclusion="",
            prepare=f"Tình hình thực hiện kỳ {period.name}; dự kiến đề xuất nhiệm vụ KH&CN năm {plan_year}; "
            "khó khăn, kiến nghị.",
            items=[],
        ),
    ]


@transaction.atomic
def meetings_current_demo_load(*, period: ReportingPeriod, plan_year: int, call_closes_on: date, officer: Any) -> int:
    """The round under way on the day the demo loads, with today's communes; nothing if it exists.

    It prepares the plan the open call is for and checks the open period; every date in it is
    placed from the day the demo loads (`_current_sessions`), so its deadlines are always
    some ahead and some overdue.
    """
    name = current_round_name(plan_year)
    if MeetingRound.objects.filter(name=name).exists():
        return 0
    day = today()
    communes = {
        u.name: u for u in period_expected_units(period=period).filter(name__in=CURRENT_COMMUNES + NEXT_COMMUNES)
    }
    with happened_at(moment(day - timedelta(days=35))):
        rnd = MeetingRound.objects.create(
            name=name,
            year=day.year,
            plan_year=plan_year,
            purpose=f"định hướng đề xuất nhiệm vụ KH&CN năm {plan_year} và kiểm tra thực hiện Nghị quyết 57-NQ/TW "
            "tại các xã, phường (demo)",
            period=period,
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )
    sessions = _current_sessions(day=day, period=period, plan_year=plan_year, call_closes_on=call_closes_on)
    offices = _offices()
    return sum(_session(officer=officer, rnd=rnd, spec=spec, units=communes, offices=offices) for spec in sessions)
