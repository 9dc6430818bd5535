"""Demo reports for "6 tháng đầu năm 2024" and "Năm 2023", from the seed articles.

Figures and narrative the seeds quote are used as they are (Mê Linh: 100% online dossiers
on time, 87% pensions paid cashless, 100% schools with digital records, 5/18 smart commune
radios, 4 collective marks; Phúc Thọ: 7 products with QR traceability; the difficulties and
requests of Mê Linh, Ứng Hòa and Sơn Tây). Every other figure is invented but plausible, and
every report made here is flagged `is_demo`. Reports go through the real services, so the
workflow events and follow-up items are those the application itself would write.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.timezone import get_current_timezone

from khcn.geo.models import AdminUnit, UnitLevel
from khcn.programs.models import ReportingPeriod, SectionKey, ValueType
from khcn.reporting import selectors, services
from khcn.reporting.models import Report, ReportEvent, ReportStatus
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
    "Sơn Tây": {
        SectionKey.REQUESTS: "- Nghiên cứu kết hợp kinh tế - xã hội - môi trường liên quan đến "
        "nông nghiệp - du lịch - dịch vụ\n"
        "- Bảo tồn, phát triển các giống cây, con đặc sản của địa phương\n"
        "- Nghiên cứu vấn đề phát sinh, cơ hội và thách thức trong quá trình đô thị hóa",
    },
}

RETURN_MESSAGES = {
    "Sóc Sơn": "Đề nghị bổ sung số liệu đài truyền thanh thông minh (chỉ tiêu A6) và giải "
    "thích số hồ sơ trực tuyến tăng mạnh so với năm 2023.",
    "Thạch Thất": "Số hồ sơ giải quyết đúng hạn chưa khớp với tỷ lệ báo cáo; đề nghị rà soát.",
}


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


def _entries(period: ReportingPeriod, name: str, seed: int, scale: float = 1.0) -> dict[int, Entry]:
    rng = random.Random(seed)
    figures = SEED_FIGURES.get(name, {})
    out: dict[int, Entry] = {}
    received = None
    rate = Decimal(figures.get("A3") or rng.choice([92, 95, 97, 98, 100]))
    for ind, _required in selectors.form_items(period=period):
        raw = figures.get(ind.code) or _plausible(rng, ind.code, ind.value_type)
        if ind.code == "A1":
            received = int(int(raw) * scale)
            raw = str(received)
        if ind.code == "A2" and received is not None:  # consistent with the rate A3
            raw = str(int(received * rate / 100))
        if ind.code == "A3":
            raw = str(rate)
        if isinstance(raw, tuple):
            out[ind.pk] = Entry(numerator=raw[0], denominator=raw[1])
        else:
            out[ind.pk] = Entry(value=raw)
    return out


def _fill(
    period: ReportingPeriod, unit: AdminUnit, *, user: Any, name: str, seed: int, scale: float, submit: bool
) -> Report:
    report = services.report_open(period=period, unit=unit, user=user)
    report.is_demo = True
    report.save(update_fields=["is_demo"])
    entries = _entries(period, name, seed, scale)
    # Explain any large move from last year, as a real unit would have to.
    for entry in entries.values():
        entry.explanation = "Số liệu minh họa (demo)."
    outcome = services.report_save(
        report=report,
        user=user,
        entries=entries,
        sections=SEED_SECTIONS.get(name, {}),
        expected_version=report.version,
        submit=submit,
    )
    if submit and not outcome.ok:
        raise RuntimeError(f"Demo report for {name} does not validate: {outcome.errors}")
    report.refresh_from_db()
    return report


@transaction.atomic
def reporting_demo_load(*, previous: ReportingPeriod, current: ReportingPeriod, officer: Any, leader: Any) -> int:
    """Fill the seed districts' reports for 2023 (approved) and 1H 2024 (various states)."""
    if Report.objects.filter(period=current, is_demo=True).exists():
        return 0
    districts = {u.name: u for u in selectors.period_expected_units(period=current) if u.level == UnitLevel.DISTRICT}
    made = 0
    for seed, (name, status) in enumerate(SEED_UNITS.items()):
        unit = districts[name]
        old = _fill(previous, unit, user=officer, name="", seed=1000 + seed, scale=1.6, submit=True)
        services.report_approve(report=old, user=officer)
        report = _fill(
            current, unit, user=officer, name=name, seed=seed, scale=1.0, submit=status != ReportStatus.DRAFT
        )
        if status == ReportStatus.RETURNED:
            services.report_return(report=report, user=officer, message=RETURN_MESSAGES[name])
        if status in (ReportStatus.APPROVED, ReportStatus.SIGNED_OFF):
            services.report_approve(report=report, user=officer, message="Số liệu đầy đủ, hợp lệ.")
        if status == ReportStatus.SIGNED_OFF:
            services.report_sign_off(report=report, user=leader)
        _backdate(old, days_after_due=-2 - seed % 3)
        _backdate(report, days_after_due=(seed % 5) - 3)  # most on time, a few days late
        made += 2
    return made


def _backdate(report: Report, *, days_after_due: int) -> None:
    """Place the demo workflow around the period's deadline instead of today."""
    base = datetime.combine(report.period.due_on, time(9), tzinfo=get_current_timezone())
    submitted = base + timedelta(days=days_after_due)
    Report.objects.filter(pk=report.pk, submitted_at__isnull=False).update(submitted_at=submitted)
    Report.objects.filter(pk=report.pk, approved_at__isnull=False).update(approved_at=submitted + timedelta(days=5))
    for step, event in enumerate(report.events.order_by("pk")):
        ReportEvent.objects.filter(pk=event.pk).update(created_at=submitted + timedelta(days=step * 2 - 2))
