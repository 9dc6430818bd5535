"""Demo: initiatives (sáng kiến) of the seed districts (issue 16).

From the seeds (Phúc Thọ's article): the district applied, among others, a QR code to raise
the quality of online public services at its one-stop desk, civil registration "không chờ,
không giấy hẹn", and Google Forms to collect and report figures online. Those three are
Phúc Thọ's (the former district, before 1 July 2025), recognised at base level; the city
round of the civil-registration one is under way. Everything else is invented and flagged
`is_demo`: the authors (named "(demo)"), decision numbers, dates, figures, and the initiatives
of today's communes whose titles carry "(demo)": one of xã Phúc Thọ that looks like the
district's QR code initiative (so the duplicate screen has something to show), a draft of xã
Mê Linh and one xã Quang Minh did not recognise.

Records are written on the models (`full_clean` first), each dated by `happened_at`; the
city-round dates come from the day the demo loads. The city round's council is formed through
the services: chuyengia (chair) has scored, hoidong (reviewer) has still to declare and score.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from khcn.accounts.models import User
from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.initiatives.evaluation import city_council_form
from khcn.initiatives.models import (
    BaseRecognition,
    InfluenceScope,
    Initiative,
    InitiativeAuthor,
    InitiativeEvent,
    InitiativeField,
    InitiativeStatus,
)
from khcn.research.models import MemberRole
from khcn.research.services.councils import member_declare, sheet_save

QR_TITLE = "Ứng dụng mã QR code nâng cao chất lượng thực hiện dịch vụ công trực tuyến tại Bộ phận một cửa"
PHUC_THO_DECIDED = date(2023, 12, 15)


@dataclass(frozen=True)
class Decision:
    recognised: bool
    number: str
    on: date
    signer: str
    reasons: str = ""


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    unit: tuple[str, str]  # (name, level); a former district when its valid_to is set
    field: str
    problem: str
    solution: str
    novelty: str
    first_applied_on: date
    applied_where: str
    effects: str
    costs: str
    scope: str
    authors: list[tuple[str, str, str]]  # name, position, share
    recorded_on: date
    status: str
    decision: Decision | None = None
    city_round: bool = False
    former: bool = False


PHUC_THO_SIGNER = "Chủ tịch UBND huyện Phúc Thọ (demo)"


def _initiatives(day: date) -> list[DemoInitiative]:
    district = ("Phúc Thọ", UnitLevel.DISTRICT)
    return [
        DemoInitiative(
            QR_TITLE, district, InitiativeField.DIGITAL,
            "Người dân nộp hồ sơ trực tuyến còn ít; tra cứu thủ tục, nộp hồ sơ trên Cổng dịch vụ công mất nhiều bước.",
            "Dán mã QR tại Bộ phận một cửa dẫn thẳng tới từng thủ tục trên Cổng dịch vụ công; "
            "công chức hướng dẫn quét mã và nộp ngay tại quầy.",
            "Lần đầu huyện dùng mã QR để dẫn người dân vào đúng thủ tục trực tuyến.",
            date(2023, 3, 1), "Bộ phận tiếp nhận và trả kết quả huyện Phúc Thọ",
            "Tỷ lệ hồ sơ nộp trực tuyến tăng rõ; người dân không phải tự tìm thủ tục (số liệu minh họa).",
            "In và dán mã QR, không đáng kể.", InfluenceScope.CITY,
            [("Nguyễn Văn Hưng (demo)", "Chánh Văn phòng HĐND và UBND huyện", "60"),
             ("Kiều Thị Mai (demo)", "Công chức Bộ phận một cửa", "40")],
            date(2023, 10, 20), InitiativeStatus.BASE_RECOGNISED,
            Decision(True, "3210/QĐ-UBND (demo)", PHUC_THO_DECIDED, PHUC_THO_SIGNER), former=True,
        ),
        DemoInitiative(
            "Thực hiện thủ tục hành chính lĩnh vực Tư pháp - Hộ tịch theo phương châm “không chờ, không giấy hẹn”",
            district, InitiativeField.ADMINISTRATION,
            "Người dân phải đi lại nhiều lần để nhận kết quả đăng ký hộ tịch.",
            "Chuẩn bị sẵn mẫu, kiểm tra hồ sơ ngay khi tiếp nhận và trả kết quả trong ngày "
            "cho các thủ tục hộ tịch đơn giản.",
            "Trả kết quả ngay, không cần giấy hẹn, với các thủ tục đủ điều kiện.",
            date(2023, 1, 9), "Phòng Tư pháp và UBND các xã, thị trấn huyện Phúc Thọ",
            "Phần lớn hồ sơ hộ tịch đơn giản được trả ngay trong ngày (số liệu minh họa).",
            "Không phát sinh chi phí.", InfluenceScope.CITY,
            [("Đỗ Thị Hạnh (demo)", "Trưởng phòng Tư pháp", "50"),
             ("Phùng Văn Toàn (demo)", "Công chức Tư pháp - Hộ tịch", "50")],
            date(2023, 10, 20), InitiativeStatus.CITY_SUBMITTED,
            Decision(True, "3211/QĐ-UBND (demo)", PHUC_THO_DECIDED, PHUC_THO_SIGNER), city_round=True, former=True,
        ),
        DemoInitiative(
            "Ứng dụng Google biểu mẫu trong việc tổng hợp, báo cáo số liệu trực tuyến",
            district, InitiativeField.DIGITAL,
            "Các xã gửi số liệu bằng văn bản giấy và thư điện tử, tổng hợp chậm và hay sai.",
            "Mỗi kỳ báo cáo một biểu mẫu Google Forms; số liệu của các xã về một bảng tính chung.",
            "Thay báo cáo giấy bằng biểu mẫu trực tuyến dùng chung.",
            date(2022, 9, 5), "UBND huyện và 21 xã, thị trấn",
            "Thời gian tổng hợp một kỳ báo cáo giảm từ vài ngày xuống vài giờ (số liệu minh họa).",
            "Miễn phí.", InfluenceScope.BASE,
            [("Nguyễn Thị Thu (demo)", "Chuyên viên Văn phòng", "100")],
            date(2023, 10, 20), InitiativeStatus.BASE_RECOGNISED,
            Decision(True, "3212/QĐ-UBND (demo)", PHUC_THO_DECIDED, PHUC_THO_SIGNER), former=True,
        ),
        DemoInitiative(
            "Ứng dụng mã QR code tra cứu thủ tục hành chính tại Bộ phận một cửa xã Phúc Thọ (demo)",
            ("Phúc Thọ", UnitLevel.COMMUNE), InitiativeField.DIGITAL,
            "Người dân hỏi lại nhiều lần về hồ sơ cần chuẩn bị.",
            "Mã QR tại quầy mở trang hướng dẫn từng thủ tục và trạng thái hồ sơ.",
            "Gộp tra cứu hướng dẫn và trạng thái hồ sơ vào một mã.",
            day - timedelta(days=60), "Bộ phận một cửa xã Phúc Thọ",
            "Giảm số lượt hỏi lại tại quầy (minh họa).", "In mã QR.", InfluenceScope.CITY,
            [("Kiều Văn Nam (demo)", "Công chức Văn phòng - Thống kê", "100")],
            day - timedelta(days=20), InitiativeStatus.SUBMITTED,
        ),
        DemoInitiative(
            "Sổ nhật ký sản xuất rau an toàn điện tử cho hộ trồng rau (demo)",
            ("Mê Linh", UnitLevel.COMMUNE), InitiativeField.AGRICULTURE,
            "Hộ trồng rau ghi nhật ký sản xuất trên giấy, khó truy xuất khi dán tem nhãn hiệu tập thể.",
            "", "", day - timedelta(days=90), "", "", "", InfluenceScope.BASE,
            [("Lê Văn Quý (demo)", "Cán bộ nông nghiệp xã", "70"), ("Nguyễn Thị Hoa (demo)", "Hộ trồng rau", "30")],
            day - timedelta(days=7), InitiativeStatus.DRAFT,
        ),
        DemoInitiative(
            "Bản đồ số các cơ sở trồng đào Phù Trì (demo)",
            ("Quang Minh", UnitLevel.COMMUNE), InitiativeField.AGRICULTURE,
            "Khách mua đào Tết khó tìm đúng vườn.",
            "Đánh dấu các vườn đào trên bản đồ trực tuyến.",
            "Bản đồ dùng chung cho cả thôn.",
            day - timedelta(days=150), "Thôn Phù Trì",
            "Chưa đo được.", "Không đáng kể.", InfluenceScope.BASE,
            [("Trần Văn Đào (demo)", "Trưởng thôn", "100")],
            day - timedelta(days=120), InitiativeStatus.BASE_NOT_RECOGNISED,
            Decision(False, "112/QĐ-UBND (demo)", day - timedelta(days=80), "Chủ tịch UBND xã Quang Minh (demo)",
                     "Chưa chứng minh được hiệu quả áp dụng; đề nghị bổ sung số liệu (demo)."),
        ),
    ]  # fmt: skip


def _unit(name: str, level: str, *, former: bool) -> AdminUnit:
    qs = AdminUnit.objects.filter(name=name, level=level, path__startswith="p01/")
    found = list(qs.filter(valid_to__isnull=False) if former else qs.current(today()))
    if len(found) != 1:
        raise LookupError(
            f"The unit registry has {len(found)} units {name!r} ({level}), not one: "
            "import the units (manage.py import_units) before loading the demo."
        )
    return found[0]


def _event(initiative: Initiative, action: str, officer: Any, note: str = "") -> None:
    InitiativeEvent.objects.create(
        initiative=initiative, action=action, status=initiative.status, actor=officer, note=note
    )


def _load(spec: DemoInitiative, *, officer: Any, day: date) -> Initiative:
    unit = _unit(*spec.unit, former=spec.former)
    with happened_at(moment(spec.recorded_on, 9)):
        initiative = Initiative(
            unit=unit, title=spec.title, field=spec.field, problem=spec.problem, solution=spec.solution,
            novelty=spec.novelty, first_applied_on=spec.first_applied_on, applied_where=spec.applied_where,
            effects=spec.effects, costs=spec.costs, influence_scope=spec.scope, status=InitiativeStatus.DRAFT,
            is_demo=True, created_by=officer, updated_by=officer,
        )  # fmt: skip
        initiative.full_clean()
        initiative.save()
        for order, (name, position, share) in enumerate(spec.authors):
            author = InitiativeAuthor(
                initiative=initiative, full_name=name, position=position, workplace=unit.full_name,
                share=Decimal(share), order=order,
            )  # fmt: skip
            author.full_clean()
            author.save()
        _event(initiative, "create", officer)
    if spec.status == InitiativeStatus.DRAFT:
        return initiative
    with happened_at(moment(spec.recorded_on, 15)):
        initiative.status = InitiativeStatus.SUBMITTED
        initiative.submitted_at = moment(spec.recorded_on, 15)
        initiative.version += 1
        initiative.save()
        _event(initiative, "submit", officer)
    if spec.decision is not None:
        d = spec.decision
        with happened_at(moment(d.on, 10)):
            BaseRecognition.objects.create(
                initiative=initiative, recognised=d.recognised, decision_number=d.number, decision_date=d.on,
                signer=d.signer, reasons=d.reasons, created_by=officer, updated_by=officer,
            )  # fmt: skip
            initiative.status = (
                InitiativeStatus.BASE_RECOGNISED if d.recognised else InitiativeStatus.BASE_NOT_RECOGNISED
            )
            initiative.version += 1
            initiative.save()
            _event(initiative, "recognise" if d.recognised else "not_recognise", officer, d.number)
    if spec.city_round:
        sent = day - timedelta(days=14)
        with happened_at(moment(sent, 11)):
            initiative.status = InitiativeStatus.CITY_SUBMITTED
            initiative.city_round_year = day.year
            initiative.city_submitted_at = moment(sent, 11)
            initiative.version += 1
            initiative.full_clean()
            initiative.save()
            _event(initiative, "city_submit", officer, str(day.year))
    return initiative


def initiatives_demo_load(*, officer: Any) -> int:
    """Phúc Thọ's three initiatives from the seeds and three invented ones of today's communes;
    nothing if loaded. Returns how many it created."""
    if Initiative.objects.filter(title=QR_TITLE, is_demo=True).exists():
        return 0
    day = today()
    specs = _initiatives(day)
    with transaction.atomic():
        for spec in specs:
            initiative = _load(spec, officer=officer, day=day)
            if spec.city_round:
                _city_council(initiative, officer=officer, day=day)
    return len(specs)


# The city council on the civil-registration initiative: formed a week ago; the chair has
# scored (84 of 100), the reviewer still has to declare and score, so the conclusion waits.
CITY_SEATS = [("chuyengia", MemberRole.CHAIR), ("hoidong", MemberRole.REVIEWER)]
CHAIR_SHEET = ({"novelty": 16, "effect": 30, "scope": 21, "replication": 17}, "Dễ nhân rộng ở các xã, phường.")


def _city_council(initiative: Initiative, *, officer: Any, day: date) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _role in CITY_SEATS])}
    if len(users) < len(CITY_SEATS):
        return
    with happened_at(moment(day - timedelta(days=7), 10)):
        council = city_council_form(
            user=officer,
            initiative=initiative,
            name=f"Hội đồng Sáng kiến Thành phố năm {day.year} (demo)",
            members=[(users[name], role) for name, role in CITY_SEATS],
            meets_on=day + timedelta(days=7),
        )
    chair = council.members.get(user=users["chuyengia"])
    with happened_at(moment(day - timedelta(days=3), 9)):
        member_declare(user=chair.user, member=chair, has_conflict=False, note="")
    chair.refresh_from_db()
    scores, comment = CHAIR_SHEET
    with happened_at(moment(day - timedelta(days=3), 10)):
        sheet_save(
            user=chair.user,
            member=chair,
            scores={code: str(value) for code, value in scores.items()},
            comment=comment,
            submit=True,
        )
