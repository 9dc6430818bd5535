"""The Department's own working session with the city's Party Secretary (seed 004) and its
report to the city, as the city-level records of issue 18.

From the article: the Director Lê Ngọc Anh reported; the Party Secretary Hoàng Trung Hải
concluded; the Department raised 9 requests to the city, one of them named (investment in
verification, calibration and testing infrastructure for standards, metrology and quality);
the Secretary gave five directives (lead the smart-city work; be a better standing body of
Programme 20-CT/TU of 13/02/2018; review the S&T development fund's use and speed its
disbursement; propose reforms of administrative sanctions in S&T; simplify administrative
procedures) and asked the city's Party Committee of the People's Committee to have the
departments settle the Department's requests. The article gives no date: the session is put in
January 2019 (after the 2018 figures it quotes) and is marked demo, as are the eight requests it
does not spell out and every answer.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from khcn.citywork.models import CityRank, CityReport, Recipient, ReportKind, ReportStatus
from khcn.demo.clock import happened_at, moment
from khcn.geo.models import Organisation, OrganisationKind
from khcn.geo.selectors import province_get
from khcn.meetings import services
from khcn.meetings.models import (
    AssigneeKind,
    Attendee,
    AttendeeKind,
    FollowUpKind,
    FollowUpStatus,
    Meeting,
    MeetingLevel,
    Topic,
)

TITLE = "Bí thư Thành ủy làm việc với Sở Khoa học và Công nghệ (demo: ngày giả định)"
DAY = date(2019, 1, 24)  # invented: the article gives no date
CHAIR = "Hoàng Trung Hải, Bí thư Thành ủy Hà Nội"
CITY = "UBND Thành phố (Ban Cán sự Đảng UBND Thành phố chỉ đạo các sở, ngành)"

MINUTES = (
    "Giám đốc Sở Khoa học và Công nghệ Lê Ngọc Anh báo cáo: hoạt động khoa học và công nghệ Thủ đô đã có "
    "những đóng góp quan trọng trên tất cả lĩnh vực, là đòn bẩy, động lực thúc đẩy phát triển kinh tế - xã hội.\n"
    "Hà Nội đi đầu cả nước về tuyển chọn nhiệm vụ nghiên cứu và đánh giá nhiệm vụ khoa học không sử dụng ngân sách "
    "(7 nhiệm vụ); đứng đầu về số dự án đầu tư được thẩm định công nghệ và số cơ quan được hỗ trợ áp dụng "
    "ISO 9001:2008; "
    "đứng thứ hai về số doanh nghiệp khoa học và công nghệ và số đơn sở hữu công nghiệp (12.422 đơn năm 2018).\n"
    "Sở nêu 9 kiến nghị, đề xuất với các cơ quan Thành phố."
)
CONCLUSION = (
    "Bí thư Thành ủy ghi nhận và đánh giá cao kết quả của ngành Khoa học và Công nghệ Thành phố; yêu cầu Sở nỗ lực "
    "hoàn thành các chỉ tiêu, đẩy mạnh ứng dụng, nâng cao hàm lượng khoa học - công nghệ trong nền kinh tế.\n"
    "Về các kiến nghị của Sở, Ban Cán sự Đảng UBND Thành phố chỉ đạo các sở, ngành liên quan xem xét, khẩn trương "
    "giải quyết."
)

NAMED_REQUEST = (
    "Đầu tư phát triển tiềm lực khoa học và công nghệ qua dự án đầu tư xây dựng cơ sở hạ tầng, trang thiết bị, công "
    "nghệ hiện đại phục vụ kiểm định, hiệu chuẩn, thử nghiệm thuộc lĩnh vực tiêu chuẩn đo lường chất lượng"
)

# The national ranks seed 004 gives for 2018, by the board's figure.
RANKS_2018 = [
    ("research.selffunded_evaluated", 1),
    ("appraisal.projects_appraised", 1),
    ("quality.iso_applied", 1),
    ("enterprises.certified", 2),
    ("ipstats.applications", 2),
]

# (text, office, days to the deadline, status reached, the answer)
DIRECTIVES = [
    (
        "Đi đầu trong thực hiện nhiệm vụ xây dựng thành phố thông minh; nâng cao sự chủ động và chất lượng tham mưu",
        "Phòng Quản lý công nghệ và Thị trường công nghệ",
        180,
        FollowUpStatus.IN_PROGRESS,
        "Đang xây dựng đề án và bộ tiêu chí thành phố thông minh trình UBND Thành phố (demo).",
    ),
    (
        "Làm tốt vai trò cơ quan thường trực Ban Chủ nhiệm Chương trình số 20-CT/TU ngày 13/2/2018 của Ban Thường vụ "
        "Thành ủy về Chương trình nghiên cứu khoa học trọng điểm thành phố Hà Nội",
        "Phòng Quản lý khoa học",
        90,
        FollowUpStatus.DONE,
        "Đã ban hành quy chế phối hợp và kế hoạch hoạt động của Ban Chủ nhiệm Chương trình (demo).",
    ),
    (
        "Rà soát cơ chế, chính sách, việc sử dụng Quỹ phát triển khoa học và công nghệ để khắc phục khó khăn, "
        "tăng cường giải ngân",
        "Văn phòng Sở",
        120,
        FollowUpStatus.ANSWERED,
        "Đã báo cáo UBND Thành phố kết quả rà soát và đề xuất sửa đổi điều lệ Quỹ (demo).",
    ),
    (
        "Tham mưu đổi mới về chế tài xử lý vi phạm hành chính trong lĩnh vực khoa học và công nghệ",
        "Văn phòng Sở",
        180,
        FollowUpStatus.IN_PROGRESS,
        "",
    ),
    (
        "Đơn giản hóa thủ tục hành chính, vừa bảo đảm chặt chẽ trong quản lý vừa khích lệ phát triển khoa học và "
        "công nghệ, có tính đến yếu tố đặc thù của Thủ đô",
        "Văn phòng Sở",
        150,
        FollowUpStatus.DONE,
        "Đã trình công bố danh mục thủ tục hành chính được rút gọn thời hạn giải quyết (demo).",
    ),
]


def _offices() -> dict[str, Organisation]:
    return {o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT_OFFICE)}


@transaction.atomic
def citywork_demo_load(*, officer: Any) -> int:
    """The session, its 9 requests and 5 directives, and the 2018 report; nothing if loaded."""
    province = province_get()
    if province is None or Meeting.objects.filter(title=TITLE).exists():
        return 0
    start = moment(DAY, 8, 30)
    offices = _offices()
    with happened_at(start - timedelta(days=7)):
        meeting = services.meeting_create(
            user=officer,
            level=MeetingLevel.CITY,
            title=TITLE,
            starts_at=start,
            place="Trụ sở Sở Khoa học và Công nghệ, 185 Giảng Võ",
            units=[province],
            chair=CHAIR,
            is_demo=True,
        )
        for kind, name, position in [
            (AttendeeKind.CITY_LEADER, "Hoàng Trung Hải", "Bí thư Thành ủy Hà Nội"),
            (AttendeeKind.DEPARTMENT_LEADER, "Lê Ngọc Anh", "Giám đốc Sở Khoa học và Công nghệ"),
        ]:
            Attendee.objects.create(meeting=meeting, kind=kind, name=name, position=position, attended=True)
    concluded = start + timedelta(hours=3)
    with happened_at(concluded):
        services.minutes_save(
            user=officer,
            meeting=meeting,
            expected_version=meeting.version,
            minutes=MINUTES,
            conclusion=CONCLUSION,
            unit_notes={},
            conclude=True,
        )
        requests = [NAMED_REQUEST] + [
            f"Kiến nghị số {n} của Sở với Thành phố (demo: bài báo không nêu nội dung)" for n in range(2, 10)
        ]
        for n, text in enumerate(requests, start=1):
            item = services.item_add(
                user=officer,
                meeting=meeting,
                unit=province,
                kind=FollowUpKind.REQUEST,
                text=text,
                topic=Topic.QUALITY if n == 1 else Topic.OTHER,
                assignee_kind=AssigneeKind.CITY,
                assignee_name=CITY,
                due_on=DAY + timedelta(days=90),
                raised_by="Lê Ngọc Anh, Giám đốc Sở",
                is_demo=True,
            )
            if n > 1:  # the city settled the requests the article does not spell out (invented)
                when = concluded + timedelta(days=75)
                with happened_at(when):
                    services.item_respond(
                        user=officer,
                        item=item,
                        text="UBND Thành phố đã chỉ đạo các sở, ngành giải quyết (demo).",
                        status=FollowUpStatus.DONE,
                        resolution="",
                        reason="",
                        when=when,
                    )
            if n == 1:
                with happened_at(concluded + timedelta(days=60)):
                    services.item_respond(
                        user=officer,
                        item=item,
                        text="UBND Thành phố giao Sở Kế hoạch và Đầu tư cân đối vốn chuẩn bị đầu tư dự án (demo).",
                        status=FollowUpStatus.ANSWERED,
                        resolution="",
                        reason="",
                        when=concluded + timedelta(days=60),
                    )
        for text, office, days, status, answer in DIRECTIVES:
            item = services.item_add(
                user=officer,
                meeting=meeting,
                unit=province,
                kind=FollowUpKind.DIRECTIVE,
                text=text,
                assignee_kind=AssigneeKind.OFFICE,
                assignee_office=offices.get(office),
                due_on=DAY + timedelta(days=days),
                raised_by=CHAIR,
                is_demo=True,
            )
            if answer:
                when = concluded + timedelta(days=days - 10)
                with happened_at(when):
                    services.item_respond(
                        user=officer, item=item, text=answer, status=status, resolution="", reason="", when=when
                    )
    with happened_at(start - timedelta(days=3)):
        # Seed 004: Hà Nội led the country in evaluating tasks without state budget (7 in 2018),
        # in projects whose technology it appraised and in bodies helped to apply ISO 9001; it
        # came second for S&T enterprises and for IP applications (12,422).
        for key, rank in RANKS_2018:
            CityRank.objects.create(
                figure_key=key,
                year=2018,
                national_rank=rank,
                source="Báo cáo tại buổi làm việc với Bí thư Thành ủy (bài báo, seed 004)",
                is_demo=True,
            )
        CityReport.objects.create(
            kind=ReportKind.SESSION,
            recipient=Recipient.PARTY,
            year=2018,
            number="15/BC-SKHCN (demo)",
            title="Kết quả hoạt động khoa học và công nghệ năm 2018, nhiệm vụ trọng tâm năm 2019",
            meeting=meeting,
            results=MINUTES.split("\n")[1],
            proposals=NAMED_REQUEST + ".",
            status=ReportStatus.SENT,
            sent_on=DAY - timedelta(days=3),
            is_demo=True,
            created_by=officer,
            updated_by=officer,
        )
    return 1
