"""Demo: experts, ready technologies, the seeds' requests as technology demands, and the
connections the Department made for them (issue 15).

From the seeds (the July 2024 working sessions): Mê Linh asked for models of high-tech
agriculture and for help with pollution from livestock, industrial zones and craft villages;
Sơn Tây for keeping and developing its rare breeds; Thạch Thất for S&T that raises the quality
of OCOP products and for the environment of its craft villages; Hoài Đức for the marks of its
craft-village products. Those follow-up items (loaded by khcn/demo/meetings.py) become demands
linked to them. Every person, technology, offer and outcome here is invented, flagged
`is_demo`, and people's names carry "(demo)". Consent and validation vary on purpose: one
validated expert has not consented to be listed publicly, one profile waits for validation and
one is a draft. The demo expert account `chuyengia` owns one profile.

Calendar: dates that must stay current come from the day the demo loads (`clock.today()`):
offers confirmed in the last months, one listing ending within the notice period, connections
made in the last weeks. Records are written on the models (`full_clean` first); connections go
through `connection_create`, so the demands and items they answer move as in real use.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from khcn.demo.clock import happened_at, moment, today
from khcn.experts.models import (
    Availability,
    Degree,
    Demand,
    DemandSource,
    Expert,
    OfferStatus,
    Outcome,
    ProfileStatus,
    RequesterKind,
    TechIpStatus,
    Technology,
    subfield_value,
)
from khcn.experts.services.connections import connection_create
from khcn.meetings.models import CLOSED_STATUSES, FollowUp
from khcn.research.models import ScienceField

DEMO_EXPERT_USERNAME = "chuyengia"

# Who the public asks about an offer whose owner gave no consent to be named (invented).
DEPARTMENT_CONTACT = "Phòng Quản lý công nghệ, Sở KH&CN Hà Nội, (024) 0000 0000 (minh họa)"


@dataclass(frozen=True)
class ExpertSpec:
    key: str
    full_name: str
    degree: str
    title: str
    position: str
    works_at: str
    field: str
    subfields: tuple[str, ...]
    keywords: str
    profile: str
    consent: bool
    status: str
    availability: str = Availability.AVAILABLE


A, E, S = ScienceField.AGRICULTURAL, ScienceField.ENGINEERING, ScienceField.SOCIAL
V, SUB, DRAFT = ProfileStatus.VALIDATED, ProfileStatus.SUBMITTED, ProfileStatus.DRAFT

EXPERTS = [
    ExpertSpec("hitech", "Nguyễn Hữu Minh (demo)", Degree.DOCTOR, "associate", "Trưởng bộ môn Rau hoa quả",
               "Viện Nghiên cứu Rau quả (minh họa)", A, ("401", "406"),
               "nông nghiệp công nghệ cao, nhà màng, tưới nhỏ giọt, rau an toàn, hoa",
               "Xây dựng mô hình rau, hoa trong nhà màng, tưới nhỏ giọt tự động cho hợp tác xã.", True, V),
    ExpertSpec("breeding", "Trần Thị Lan (demo)", Degree.DOCTOR, "", "Nghiên cứu viên chính",
               "Viện Cây lương thực và Cây thực phẩm (minh họa)", A, ("401", "406"),
               "chọn tạo giống cây trồng, nhân giống, bưởi, cây ăn quả đặc sản",
               "Chọn tạo, phục tráng giống cây ăn quả đặc sản; nhân giống bằng nuôi cấy mô.", True, V),
    ExpertSpec("livestock", "Phạm Văn Hùng (demo)", Degree.DOCTOR, "", "Giảng viên",
               "Học viện Nông nghiệp Việt Nam (minh họa)", A, ("402", "403"),
               "chất thải chăn nuôi, đệm lót sinh học, biogas, xử lý nước thải trang trại",
               "Xử lý chất thải chăn nuôi bằng đệm lót sinh học và hầm biogas cải tiến.", False, V),
    ExpertSpec("craft", "Lê Thị Thu (demo)", Degree.MASTER, "", "Kỹ sư môi trường",
               "Trung tâm Công nghệ môi trường (minh họa)", E, ("207", "208"),
               "ô nhiễm làng nghề, nước thải, xử lý khí thải, làng nghề tái chế",
               "Thiết kế hệ thống xử lý nước thải quy mô nhỏ cho làng nghề chế biến và tái chế.", True, SUB),
    ExpertSpec("breeds", "Hoàng Văn Sơn (demo)", Degree.DOCTOR, "", "Nghiên cứu viên",
               "Viện Chăn nuôi (minh họa)", A, ("402",),
               "giống vật nuôi quý hiếm, gà Mía, bảo tồn nguồn gen, con đặc sản",
               "Bảo tồn và phát triển nguồn gen vật nuôi bản địa: gà Mía, lợn Móng Cái.", True, V),
    ExpertSpec("food", "Đỗ Quang Vinh (demo)", Degree.DOCTOR, "", "Phó Trưởng khoa Công nghệ thực phẩm",
               "Trường Đại học Bách khoa Hà Nội (minh họa)", E, ("211",),
               "chế biến thực phẩm, bảo quản sau thu hoạch, sản phẩm OCOP, bao bì",
               "Cải tiến quy trình chế biến, bảo quản và bao bì cho sản phẩm OCOP.", True, V),
    ExpertSpec("ip", "Ngô Thị Hạnh (demo)", Degree.MASTER, "", "Luật sư sở hữu trí tuệ",
               "Công ty Luật Sở hữu trí tuệ (minh họa)", S, ("505",),
               "nhãn hiệu tập thể, chỉ dẫn địa lý, sở hữu trí tuệ, quy chế sử dụng nhãn hiệu",
               "Tư vấn xây dựng, đăng ký và quản lý nhãn hiệu tập thể cho làng nghề.", True, V),
    ExpertSpec("digital", "Vũ Đức Anh (demo)", Degree.BACHELOR, "", "Kỹ sư phần mềm",
               "Doanh nghiệp chuyển đổi số (minh họa)", E, ("202",),
               "chuyển đổi số, truy xuất nguồn gốc, thương mại điện tử, mã QR",
               "Hỗ trợ hợp tác xã bán hàng trực tuyến và truy xuất nguồn gốc bằng mã QR.", False, DRAFT),
    ExpertSpec("iso", "Bùi Thanh Hà (demo)", Degree.MASTER, "", "Chuyên gia đánh giá",
               "Trung tâm Năng suất chất lượng (minh họa)", S, ("502",),
               "ISO 9001, hệ thống quản lý chất lượng, năng suất, cải cách hành chính",
               "Tư vấn áp dụng ISO 9001 trong cơ quan hành chính và doanh nghiệp nhỏ.", True, V,
               Availability.LIMITED),
]  # fmt: skip


@dataclass(frozen=True)
class TechSpec:
    key: str
    title: str
    summary: str
    field: str
    subfields: tuple[str, ...]
    keywords: str
    maturity: int
    owner: str
    status: str
    ip: str = TechIpStatus.NONE
    expiring: bool = False


TECHNOLOGIES = [
    TechSpec("greenhouse", "Nhà màng tưới nhỏ giọt tự động cho rau, hoa (demo)",
             "Nhà màng khung thép, tưới nhỏ giọt theo độ ẩm đất, điều khiển qua điện thoại.", A, ("401",),
             "nông nghiệp công nghệ cao, nhà màng, tưới nhỏ giọt, hoa, rau", 8, "hitech", OfferStatus.PUBLISHED),
    TechSpec("tissue", "Nhân giống bưởi đỏ sạch bệnh bằng nuôi cấy mô (demo)",
             "Quy trình nhân giống cây ăn quả đặc sản sạch bệnh, giữ đặc tính giống.", A, ("401", "406"),
             "giống cây trồng, nuôi cấy mô, bưởi", 7, "breeding", OfferStatus.PUBLISHED, TechIpStatus.KNOW_HOW),
    TechSpec("bedding", "Đệm lót sinh học xử lý chất thải chăn nuôi (demo)",
             "Chế phẩm vi sinh và quy trình làm đệm lót giảm mùi, không xả thải trong chuồng nuôi.", A, ("402",),
             "chất thải chăn nuôi, đệm lót sinh học, ô nhiễm môi trường", 9, "livestock", OfferStatus.PUBLISHED,
             expiring=True),
    TechSpec("wastewater", "Xử lý nước thải làng nghề bằng bể lọc sinh học (demo)",
             "Hệ thống lọc sinh học nhiều bậc cho nước thải làng nghề chế biến nông sản.", E, ("207",),
             "ô nhiễm làng nghề, nước thải, xử lý môi trường", 6, "craft", OfferStatus.SUBMITTED),
    TechSpec("chicken", "Quy trình nuôi bảo tồn gà Mía thương phẩm (demo)",
             "Chọn lọc đàn giống gà Mía và nuôi thương phẩm giữ nguồn gen quý.", A, ("402",),
             "giống vật nuôi quý hiếm, gà Mía, bảo tồn", 8, "breeds", OfferStatus.PUBLISHED),
    TechSpec("drying", "Sấy lạnh bảo quản nông sản cho sản phẩm OCOP (demo)",
             "Máy sấy bơm nhiệt giữ màu, hương vị; quy trình đạt tiêu chuẩn OCOP 4 sao.", E, ("211",),
             "chế biến thực phẩm, sấy lạnh, OCOP, bảo quản", 8, "food", OfferStatus.PUBLISHED, TechIpStatus.UTILITY),
]  # fmt: skip


@dataclass(frozen=True)
class DemandSpec:
    unit: str  # the follow-up item's unit name
    item_text: str  # how the item's text starts
    title: str
    field: str
    subfields: tuple[str, ...]
    keywords: str


DEMANDS = [
    DemandSpec("Mê Linh", "Hỗ trợ thực hiện mô hình sản xuất nông nghiệp ứng dụng công nghệ cao",
               "Mô hình sản xuất rau, hoa ứng dụng công nghệ cao (Mê Linh)", A, ("401",),
               "nông nghiệp công nghệ cao, nhà màng, hoa, rau"),
    DemandSpec("Mê Linh", "Hỗ trợ xử lý ô nhiễm môi trường trong chăn nuôi",
               "Xử lý ô nhiễm chăn nuôi và làng nghề (Mê Linh)", A, ("402",),
               "chất thải chăn nuôi, ô nhiễm làng nghề, nước thải"),
    DemandSpec("Sơn Tây", "Nghiên cứu bảo tồn, phát triển các giống cây, con đặc sản",
               "Bảo tồn, phát triển giống gà Mía và cây đặc sản (Sơn Tây)", A, ("402", "401"),
               "giống vật nuôi quý hiếm, gà Mía, giống cây trồng, bảo tồn"),
    DemandSpec("Thạch Thất", "Ứng dụng KH&CN để cải tiến, nâng cao chất lượng sản phẩm OCOP",
               "Nâng cao chất lượng sản phẩm OCOP (Thạch Thất)", E, ("211",),
               "OCOP, chế biến thực phẩm, bao bì, bảo quản"),
    DemandSpec("Thạch Thất", "Hỗ trợ xử lý môi trường làng nghề",
               "Xử lý môi trường làng nghề (Thạch Thất)", E, ("207",),
               "ô nhiễm làng nghề, nước thải, xử lý môi trường"),
]  # fmt: skip

# (demand index, expert key, technology key, days ago introduced, outcome, days ago outcome, answers)
CONNECTIONS = [
    (0, "hitech", "greenhouse", 60, Outcome.CONTRACT, 20, True),
    (1, None, "bedding", 30, Outcome.SITE_VISIT, 12, False),
    (2, "breeds", "chicken", 25, Outcome.MEETING, 10, False),
    (3, "food", None, 15, Outcome.NO_FIT, 5, False),
]
# The follow-up item answered directly (no demand): Hoài Đức's marks, by the IP expert.
IP_ITEM = ("Hoài Đức", "Hỗ trợ xây dựng, bảo hộ và phát triển nhãn hiệu tập thể")


def _item(unit_name: str, starts: str) -> FollowUp:
    return FollowUp.objects.get(unit__name=unit_name, text__startswith=starts, is_demo=True)


def _experts(*, officer: Any, day: date) -> dict[str, Expert]:
    from khcn.accounts.models import User

    account = User.objects.filter(username=DEMO_EXPERT_USERNAME).first()
    made = {}
    for n, spec in enumerate(EXPERTS):
        validated = spec.status == V
        expert = Expert(
            user=account if spec.key == "hitech" else None,
            full_name=spec.full_name,
            academic_title=spec.title,
            degree=spec.degree,
            position=spec.position,
            organisation_name=spec.works_at,
            field=spec.field,
            subfields=subfield_value(spec.subfields),
            keywords=spec.keywords,
            profile=spec.profile,
            availability=spec.availability,
            email=f"chuyengia{n + 1}@example.invalid",
            public_consent=spec.consent,
            consent_at=moment(day - timedelta(days=90)) if spec.consent else None,
            status=spec.status,
            validated_by=officer if validated else None,
            validated_at=moment(day - timedelta(days=80)) if validated else None,
            is_demo=True,
        )
        expert.full_clean()
        expert.save()
        made[spec.key] = expert
    return made


def _technologies(*, officer: Any, day: date, experts: dict[str, Expert]) -> dict[str, Technology]:
    notice = settings.KHCN_TECH_CONFIRM_NOTICE_DAYS
    made = {}
    for n, spec in enumerate(TECHNOLOGIES):
        published = spec.status == OfferStatus.PUBLISHED
        confirmed = day - timedelta(days=30 + 20 * n)
        expires = confirmed + timedelta(days=365)
        if spec.expiring:  # its listing ends within the notice period: the owner must confirm it
            expires = day + timedelta(days=max(1, notice // 2))
            confirmed = expires - timedelta(days=365)
        owner = experts[spec.owner]
        tech = Technology(
            title=spec.title,
            summary=spec.summary,
            field=spec.field,
            subfields=subfield_value(spec.subfields),
            keywords=spec.keywords,
            maturity=spec.maturity,
            proven_at="Mô hình trình diễn tại Hà Nội (minh họa)",
            owner_expert=owner,
            owner_name=owner.organisation_name,
            ip_status=spec.ip,
            # An expert without consent is reached through the Department, not by their own address.
            contact=owner.email if owner.public_consent else DEPARTMENT_CONTACT,
            status=spec.status,
            reviewed_by=officer if published else None,
            reviewed_at=moment(confirmed) if published else None,
            published_at=moment(confirmed) if published else None,
            confirmed_on=confirmed if published else None,
            expires_on=expires if published else None,
            created_by=officer,
            is_demo=True,
        )
        tech.full_clean()
        tech.save()
        made[spec.key] = tech
    return made


def _demands(*, officer: Any) -> list[Demand]:
    made = []
    for spec in DEMANDS:
        item = _item(spec.unit, spec.item_text)
        demand = Demand(
            title=spec.title,
            problem=item.text,
            unit=item.unit,
            requester_kind=RequesterKind.COMMUNE,
            requester_name=item.raised_by or item.unit.full_name,
            field=spec.field,
            subfields=subfield_value(spec.subfields),
            keywords=spec.keywords,
            source=DemandSource.FOLLOWUP,
            followup=item,
            created_by=officer,
            is_demo=True,
        )
        demand.full_clean()
        demand.save()
        made.append(demand)
    return made


def _at(day: date) -> datetime:
    """That day at 9:00, or a minute ago when that is still to come (a demo event is past)."""
    return min(moment(day), timezone.now() - timedelta(minutes=1))


@transaction.atomic
def experts_demo_load(*, officer: Any) -> int:
    """Experts, technologies, the seeds' demands and their connections; nothing if loaded.

    Returns how many experts it created (0 when the demo's experts exist already)."""
    if Expert.all_objects.filter(is_demo=True).exists():
        return 0
    day = today()
    earliest = max(max(row[3] for row in CONNECTIONS), 40) + 10
    with happened_at(_at(day - timedelta(days=earliest))):  # registered before any introduction
        experts = _experts(officer=officer, day=day)
        technologies = _technologies(officer=officer, day=day, experts=experts)
        demands = _demands(officer=officer)
    for index, expert_key, tech_key, ago, outcome, outcome_ago, answers in CONNECTIONS:
        with happened_at(_at(day - timedelta(days=outcome_ago))):
            connection_create(
                user=officer,
                demand=demands[index],
                expert=experts[expert_key] if expert_key else None,
                technology=technologies[tech_key] if tech_key else None,
                introduced_on=day - timedelta(days=ago),
                parties=demands[index].requester_name,
                outcome=outcome,
                outcome_on=day - timedelta(days=outcome_ago),
                note="Kết nối minh họa (demo).",
                closes_request=answers,
                is_demo=True,
            )
    item = _item(*IP_ITEM)
    with happened_at(_at(day - timedelta(days=33))):
        connection_create(
            user=officer,
            followup=item,
            expert=experts["ip"],
            introduced_on=day - timedelta(days=40),
            parties=item.raised_by or item.unit.full_name,
            outcome=Outcome.MEETING,
            outcome_on=day - timedelta(days=33),
            note="Chuyên gia hướng dẫn hồ sơ nhãn hiệu tập thể (demo).",
            closes_request=item.status not in CLOSED_STATUSES,
            is_demo=True,
        )
    return len(experts)
