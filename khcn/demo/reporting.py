"""Demo reports for "6 tháng đầu năm 2024" and "Năm 2023", from the seed articles.

Figures and narrative the seeds quote are used as they are (Mê Linh: 100% online dossiers
on time, 87% pensions paid cashless, 100% schools with digital records, 5/18 smart commune
radios, 4 collective marks; Phúc Thọ: 7 products with QR traceability, 7 marks, the quality
system in its "21 xã, thị trấn"; the difficulties and requests of Mê Linh, Ứng Hòa and Sơn
Tây). Every other figure is invented but plausible and agrees with the rest of the demo (the
districts' communes, their proposals, the Department's return messages); every report made
here is flagged `is_demo`. Reports go through the real services, so the workflow events and
follow-up items are those the application itself would write, dated on the days they
describe.
"""

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from khcn.demo.clock import happened_at, moment
from khcn.demo.research import proposals_by_unit
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.programs.models import ReportingPeriod, SectionKey, ValueType
from khcn.reporting import selectors, services
from khcn.reporting.models import Report, ReportStatus
from khcn.reporting.validation import Entry

# The 13 district-level units the seeds name, by working-session cluster, and the state of
# their report for the first half of 2024.
SEED_UNITS = {
    "Mê Linh": ReportStatus.APPROVED,
    "Đông Anh": ReportStatus.SUBMITTED,
    "Sóc Sơn": ReportStatus.RETURNED,
    "Gia Lâm": ReportStatus.DRAFT,
    "Ứng Hòa": ReportStatus.APPROVED,
    "Phú Xuyên": ReportStatus.SUBMITTED,
    "Thanh Oai": ReportStatus.APPROVED,
    "Mỹ Đức": ReportStatus.DRAFT,
    "Hoài Đức": ReportStatus.APPROVED,
    "Đan Phượng": ReportStatus.SUBMITTED,
    "Thạch Thất": ReportStatus.RETURNED,
    "Sơn Tây": ReportStatus.APPROVED,
    "Phúc Thọ": ReportStatus.SIGNED_OFF,
}

SEED_FIGURES: dict[str, dict[str, Any]] = {
    "Mê Linh": {"A3": "100", "A4": "87", "A5": "100", "A6": ("5", "18"), "C1": "4", "B1": "6", "C3": "1"},
    "Phúc Thọ": {"C2": "7", "C1": "7", "C3": "1"},
}

# The number of commune-level units of a district (the total of A6, "đài cấp xã"): the
# seeds' counts where they give one (Mê Linh's "5/18"; Phúc Thọ's "21 xã, thị trấn"), else
# the registry's. The registry holds the communes after the mergers of 1 January 2025, so it
# counts Mê Linh 17 and Phúc Thọ 18; the seeds describe 2023-2024 and win.
SEED_COMMUNES = {"Mê Linh": 18, "Phúc Thọ": 21}

SEED_SECTIONS: dict[str, dict[str, str]] = {
    "Mê Linh": {
        SectionKey.RESULTS: "Triển khai ứng dụng KH&CN trong trồng trọt, chăn nuôi, bảo vệ môi "
        "trường, y tế, giáo dục, quy hoạch xây dựng và quản lý hành chính nhà nước. Phối hợp "
        "với Sở xây dựng, quản lý và phát triển nhãn hiệu tập thể cho 04 sản phẩm: rau, củ quả "
        "Đông Cao; bưởi đỏ Đông Cao, xã Tráng Việt; hoa đào Phù Trì, xã Kim Hoa; rau gia vị "
        "Tiến Thắng. Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn đạt 100%.",
        SectionKey.MODELS: "Thí điểm nền tảng khám chữa bệnh từ xa; ứng dụng thực tế ảo tại khu "
        "di tích Quốc gia đặc biệt Đền Hai Bà Trưng; internet không dây miễn phí tại các thôn, "
        "tổ dân phố; chợ thông minh (Chợ Đầu Đê, xã Tiến Thịnh); khu phố thông minh (Phố Yên, "
        "xã Tiền Phong); thu viện phí không dùng tiền mặt tại Bệnh viện Đa khoa Mê Linh.",
        SectionKey.DIFFICULTIES: "Việc thực hiện nhiệm vụ KH&CN và đổi mới sáng tạo trên địa bàn "
        "còn một số khó khăn, hạn chế về nhân lực và chuyên môn.",
        SectionKey.REQUESTS: "- Tổ chức tập huấn, bồi dưỡng nâng cao chuyên môn nghiệp vụ cho cán "
        "bộ, công chức về lĩnh vực khoa học và công nghệ\n"
        "- Hỗ trợ thực hiện mô hình sản xuất nông nghiệp ứng dụng công nghệ cao\n"
        "- Hỗ trợ xử lý ô nhiễm môi trường trong chăn nuôi, các khu công nghiệp, làng nghề",
        SectionKey.PLAN: "Tiếp tục khảo sát, lập hồ sơ xây dựng nhãn hiệu tập thể cho sản phẩm "
        "bánh đa nem và mỳ bún của xã Tiến Thịnh.",
    },
    "Ứng Hòa": {
        SectionKey.DIFFICULTIES: "Nguồn nhân lực thực hiện chuyển đổi số trên địa bàn còn mỏng, "
        "yếu; việc nắm bắt thông tin, kiến thức của người dân về các dịch vụ công trực tuyến còn "
        "hạn chế; cơ chế tài chính cho hoạt động KH&CN, chuyển giao công nghệ, phát triển thị "
        "trường KH&CN còn thiếu và yếu.",
        SectionKey.REQUESTS: "- Bổ sung chỉ tiêu biên chế cho cán bộ, công chức chuyên trách về "
        "khoa học và công nghệ\n"
        "- Cho cán bộ tham gia các lớp tập huấn nâng cao nghiệp vụ, tham quan học hỏi mô hình "
        "hiệu quả ở các địa phương khác\n"
        "- Bố trí kinh phí, nhân lực, vật lực để phát triển kinh tế số",
    },
    "Phúc Thọ": {
        SectionKey.RESULTS: "Xây dựng, áp dụng và duy trì hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia "
        "tại UBND huyện và 21 xã, thị trấn; 100% thủ tục hành chính được xây dựng quy trình ISO. 7 sản "
        "phẩm được xây dựng hệ thống truy xuất nguồn gốc theo mã QR; 7 sản phẩm được hỗ trợ đăng ký và "
        "công bố nhãn hiệu; tiếp tục phối hợp với Sở triển khai dự án hỗ trợ xây dựng và phát triển 5 nhãn hiệu.",
        SectionKey.MODELS: "Ứng dụng mã QR nâng cao chất lượng dịch vụ công trực tuyến tại Bộ phận một cửa; "
        "thủ tục tư pháp - hộ tịch không chờ, không giấy hẹn; tổng hợp, báo cáo số liệu trực tuyến bằng "
        "biểu mẫu điện tử.",
    },
    "Sơn Tây": {
        SectionKey.REQUESTS: "- Nghiên cứu kết hợp kinh tế - xã hội - môi trường liên quan đến "
        "nông nghiệp - du lịch - dịch vụ\n"
        "- Bảo tồn, phát triển các giống cây, con đặc sản của địa phương\n"
        "- Nghiên cứu vấn đề phát sinh, cơ hội và thách thức trong quá trình đô thị hóa",
    },
}

RETURN_MESSAGES = {
    "Sóc Sơn": "Đề nghị giải thích số hồ sơ trực tuyến tiếp nhận 6 tháng (chỉ tiêu A1) vượt cả năm 2023 và "
    "rà soát số liệu đài truyền thanh thông minh (chỉ tiêu A6).",
    "Thạch Thất": "Số hồ sơ giải quyết đúng hạn chưa khớp với tỷ lệ báo cáo; đề nghị rà soát.",
}

# What the returned reports show, so the Department's message is about something real:
# Sóc Sơn's online dossiers of six months exceed its whole 2023, and Thạch Thất's A2 is five
# points below the rate it reports in A3.
A1_ABOVE_LAST_YEAR = {"Sóc Sơn": Decimal("1.15")}
A2_BELOW_RATE = {"Thạch Thất": 5}


def _plausible(rng: random.Random, code: str, vt: str) -> Any:
    if vt == ValueType.PERCENT:
        return str(rng.choice([85, 90, 92, 95, 97, 98, 100]))
    if vt == ValueType.RATIO:
        total = rng.randint(12, 30)
        return (str(rng.randint(2, total // 2)), str(total))
    if vt == ValueType.BOOLEAN:
        return "1" if rng.random() < 0.85 else "0"
    if vt == ValueType.MONEY:
        return str(rng.randint(8, 40) * 100_000_000)
    if code == "A1":
        return str(rng.randint(8, 25) * 1000)
    return str(rng.randint(1, 9))


def _entries(
    period: ReportingPeriod,
    name: str,
    seed: int,
    *,
    scale: float,
    communes: int,
    proposed: int | None,
    last_received: int | None = None,
    quoted: bool,
) -> dict[int, Entry]:
    """The report's values: the seeds' figures where they give one, else invented but consistent.

    A2 follows the rate A3 of the received A1; A6's total is the district's communes; B2 (tasks
    proposed for next year) is the number of the district's proposals in the demo's call, or
    left empty (`None`) when the demo has no call for that year; C3 is "yes" for every seed
    district (the July 2024 sessions note that all had issued their plans). The seeds' figures
    (`quoted`) are those of the first half of 2024; smart radios only grow from 2023.
    """
    rng = random.Random(seed)
    figures = SEED_FIGURES.get(name, {}) if quoted else {}
    out: dict[int, Entry] = {}
    received = None
    rate = Decimal(figures.get("A3") or rng.choice([92, 95, 97, 98, 100]))
    for ind, _required in selectors.form_items(period=period):
        raw = figures.get(ind.code) or _plausible(rng, ind.code, ind.value_type)
        if ind.code == "A1":
            received = int(int(raw) * scale)
            if name in A1_ABOVE_LAST_YEAR and last_received:
                received = int(last_received * A1_ABOVE_LAST_YEAR[name])
            raw = str(received)
        if ind.code == "A2" and received is not None:  # consistent with the rate A3
            raw = str(int(received * (rate - (A2_BELOW_RATE.get(name, 0) if quoted else 0)) / 100))
        if ind.code == "A3":
            raw = str(rate)
        if ind.code == "A6":
            low, high = (communes // 4 + 1, communes // 2) if quoted else (1, communes // 4)
            raw = (figures.get("A6", (str(rng.randint(low, high)), ""))[0], str(communes))
        if ind.code == "B2":
            if proposed is None:
                continue
            raw = str(proposed)
        if ind.code == "C3":
            raw = "1"
        if isinstance(raw, tuple):
            out[ind.pk] = Entry(numerator=raw[0], denominator=raw[1])
        else:
            out[ind.pk] = Entry(value=raw)
    return out


def _fill(report: Report, entries: dict[int, Entry], *, user: Any, sections: dict[str, str], submit: bool) -> None:
    # Explain any large move from last year, as a real unit would have to.
    for entry in entries.values():
        entry.explanation = "Số liệu minh họa (demo)."
    outcome = services.report_save(
        report=report,
        user=user,
        entries=entries,
        sections=sections,
        expected_version=report.version,
        submit=submit,
        today=report.period.due_on,  # the demo writes the past as it happened, inside the period
    )
    if submit and not outcome.ok:
        raise RuntimeError(f"Demo report for {report.unit} does not validate: {outcome.errors}")
    report.refresh_from_db()


def _open(period: ReportingPeriod, unit: AdminUnit, *, user: Any) -> Report:
    report = services.report_open(period=period, unit=unit, user=user, today=period.due_on)
    report.is_demo = True
    report.save(update_fields=["is_demo"])
    return report


def _received(report: Report) -> int | None:
    value = report.values.filter(indicator__code="A1").first()
    return int(value.number) if value is not None and value.number is not None else None


@transaction.atomic
def reporting_demo_load(*, previous: ReportingPeriod, current: ReportingPeriod, officer: Any, leader: Any) -> int:
    """Fill the seed districts' reports for 2023 (approved) and 1H 2024 (various states).

    Each step is dated around the period's deadline (`happened_at`): the draft ten days
    before, the submission from three days early to a day late, a return three days and an
    approval five days after it, the leader's sign-off two days later.
    """
    if Report.objects.filter(period=current, is_demo=True).exists():
        return 0
    districts = {u.name: u for u in selectors.period_expected_units(period=current) if u.level == UnitLevel.DISTRICT}
    proposed = proposals_by_unit()
    made = 0
    for seed, (name, status) in enumerate(SEED_UNITS.items()):
        unit = districts[name]
        communes = SEED_COMMUNES.get(name) or AdminUnit.objects.current(current.data_to).filter(parent=unit).count()
        due = moment(previous.due_on)
        with happened_at(due - timedelta(days=10)):
            old = _open(previous, unit, user=officer)
        entries = _entries(previous, name, 1000 + seed, scale=1.6, communes=communes, proposed=None, quoted=False)
        submitted = due + timedelta(days=-2 - seed % 3)
        with happened_at(submitted):
            _fill(old, entries, user=officer, sections={}, submit=True)
        with happened_at(submitted + timedelta(days=5)):
            services.report_approve(report=old, user=officer)

        due = moment(current.due_on)
        with happened_at(due - timedelta(days=10)):
            report = _open(current, unit, user=officer)
        entries = _entries(
            current,
            name,
            seed,
            scale=1.0,
            communes=communes,
            proposed=proposed.get(name, 0),
            last_received=_received(old),
            quoted=True,
        )
        submitted = due + timedelta(days=(seed % 5) - 3)  # most on time, a few a day late
        with happened_at(submitted if status != ReportStatus.DRAFT else due - timedelta(days=7)):
            _fill(
                report, entries, user=officer, sections=SEED_SECTIONS.get(name, {}), submit=status != ReportStatus.DRAFT
            )
        if status == ReportStatus.RETURNED:
            with happened_at(submitted + timedelta(days=3)):
                services.report_return(report=report, user=officer, message=RETURN_MESSAGES[name])
        if status in (ReportStatus.APPROVED, ReportStatus.SIGNED_OFF):
            with happened_at(submitted + timedelta(days=5)):
                services.report_approve(report=report, user=officer, message="Số liệu đầy đủ, hợp lệ.")
        if status == ReportStatus.SIGNED_OFF:
            with happened_at(submitted + timedelta(days=7)):
                services.report_sign_off(report=report, user=leader)
        made += 2
    return made
