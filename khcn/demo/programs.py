"""Programme 07-CTr/TU as the seeds describe it: indicators, a form, two reporting periods.

The programme, its title and date are real (DOMAIN.md §2.1). The official indicator list
was not found, so the indicators here are those the seed articles quote for the districts
(online dossiers on time, cashless pensions, digital school records, smart commune radios,
collective marks, QR traceability, …), marked as demo in their guidance text.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from khcn.geo.models import UnitLevel
from khcn.programs.models import (
    Aggregation,
    CrossRule,
    FormIndicator,
    Indicator,
    IndicatorGroup,
    PeriodKind,
    Program,
    ReportForm,
    ReportingPeriod,
    RuleOperator,
    SectionKey,
    Target,
    ValueType,
)

PROGRAM_CODE = "07-CTr/TU"
DEMO_NOTE = "Chỉ tiêu minh họa (demo) theo số liệu các bài báo; danh mục chính thức chưa được xác nhận."

GROUPS = [
    ("A", "Chuyển đổi số, cải cách hành chính"),
    ("B", "Ứng dụng khoa học, công nghệ vào sản xuất và đời sống"),
    ("C", "Sở hữu trí tuệ và phát triển sản phẩm"),
    ("D", "Nguồn lực cho khoa học, công nghệ"),
]

# code, group, name, type, unit of measure, aggregation, weight code, extra
INDICATORS = [
    ("A1", "A", "Số hồ sơ dịch vụ công trực tuyến tiếp nhận", ValueType.COUNT, "hồ sơ", Aggregation.SUM, None, {}),
    (
        "A2",
        "A",
        "Số hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn",
        ValueType.COUNT,
        "hồ sơ",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "A3",
        "A",
        "Tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn và trước hạn",
        ValueType.PERCENT,
        "%",
        Aggregation.WEIGHTED_MEAN,
        "A1",
        {},
    ),
    (
        "A4",
        "A",
        "Tỷ lệ chi trả lương hưu, trợ cấp bảo hiểm xã hội không dùng tiền mặt",
        ValueType.PERCENT,
        "%",
        Aggregation.MEAN,
        None,
        {},
    ),
    ("A5", "A", "Tỷ lệ trường học triển khai học bạ số điện tử", ValueType.PERCENT, "%", Aggregation.MEAN, None, {}),
    (
        "A6",
        "A",
        "Đài truyền thanh cấp xã ứng dụng CNTT (đài truyền thanh thông minh)",
        ValueType.RATIO,
        "đài",
        Aggregation.SUM,
        None,
        {"numerator_label": "đài thông minh", "denominator_label": "đài cấp xã"},
    ),
    (
        "B1",
        "B",
        "Số mô hình ứng dụng tiến bộ KH&CN đang triển khai",
        ValueType.COUNT,
        "mô hình",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "B2",
        "B",
        "Số nhiệm vụ KH&CN đề xuất đặt hàng cho năm sau",
        ValueType.COUNT,
        "nhiệm vụ",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "C1",
        "C",
        "Số sản phẩm được hỗ trợ xây dựng, quản lý nhãn hiệu tập thể",
        ValueType.COUNT,
        "sản phẩm",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "C2",
        "C",
        "Số sản phẩm có hệ thống truy xuất nguồn gốc theo mã QR",
        ValueType.COUNT,
        "sản phẩm",
        Aggregation.SUM,
        None,
        {},
    ),
    (
        "C3",
        "C",
        "Đã ban hành kế hoạch thực hiện Chương trình 07-CTr/TU",
        ValueType.BOOLEAN,
        "",
        Aggregation.COUNT_YES,
        None,
        {},
    ),
    ("D1", "D", "Kinh phí sự nghiệp KH&CN của địa phương", ValueType.MONEY, "đồng", Aggregation.SUM, None, {}),
    ("D2", "D", "Số công chức theo dõi lĩnh vực KH&CN", ValueType.COUNT, "người", Aggregation.SUM, None, {}),
]

CITY_TARGETS_2024 = {"A3": Decimal(100), "A4": Decimal(90), "A5": Decimal(100), "C3": Decimal(30)}


def _indicators(program: Program) -> dict[str, Indicator]:
    groups = {}
    for pos, (code, name) in enumerate(GROUPS):
        groups[code], _ = IndicatorGroup.objects.update_or_create(
            program=program, code=code, defaults={"name": name, "position": pos}
        )
    indicators: dict[str, Indicator] = {}
    for pos, (code, group, text, vt, uom, agg, weight, extra) in enumerate(INDICATORS):
        # The successor programme asks about its own plan, not about 07-CTr/TU.
        name = text if program.code == PROGRAM_CODE else text.replace("Chương trình 07-CTr/TU", program.code)
        indicators[code], _ = Indicator.objects.update_or_create(
            program=program,
            code=code,
            defaults={
                "group": groups[group],
                "name": name,
                "value_type": vt,
                "unit_of_measure": uom,
                "aggregation": agg,
                "position": pos,
                "weight": indicators.get(weight) if weight else None,
                "help_text": DEMO_NOTE,
                **extra,
            },
        )
    return indicators


@transaction.atomic
def program_demo_load() -> tuple[ReportingPeriod, ReportingPeriod]:
    """Create (or refresh) the programme, its forms and periods: "Năm 2023" and "6 tháng đầu
    năm 2024" for the former districts, "Năm 2026" (open now) for today's communes.
    Returns (2023, first half of 2024). Safe to run twice."""
    program, _ = Program.objects.update_or_create(
        code=PROGRAM_CODE,
        defaults={
            "name": "Đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn "
            "Thành phố Hà Nội giai đoạn 2021-2025",
            "issuing_body": "Thành ủy Hà Nội",
            "issued_on": date(2021, 3, 17),
            "start_year": 2021,
            "end_year": 2025,
        },
    )
    indicators = _indicators(program)
    form, _ = ReportForm.objects.update_or_create(
        program=program,
        name="Báo cáo kết quả thực hiện Chương trình 07-CTr/TU (cấp huyện)",
        defaults={"unit_levels": [UnitLevel.DISTRICT], "sections": [k.value for k in SectionKey]},
    )
    for pos, code in enumerate(indicators):
        FormIndicator.objects.update_or_create(
            form=form, indicator=indicators[code], defaults={"position": pos, "required": code not in ("D1", "B2")}
        )
    CrossRule.objects.update_or_create(
        form=form,
        left=indicators["A2"],
        right=indicators["A1"],
        defaults={
            "operator": RuleOperator.LE,
            "message": "Số hồ sơ giải quyết đúng hạn không thể lớn hơn số hồ sơ tiếp nhận.",
        },
    )
    for code, value in CITY_TARGETS_2024.items():
        Target.objects.update_or_create(indicator=indicators[code], unit=None, year=2024, defaults={"value": value})
    previous, _ = ReportingPeriod.objects.update_or_create(
        program=program,
        name="Năm 2023",
        defaults={
            "form": form,
            "kind": PeriodKind.YEAR,
            "year": 2023,
            "data_from": date(2022, 12, 15),
            "data_to": date(2023, 12, 14),
            "opens_on": date(2023, 12, 15),
            "due_on": date(2023, 12, 20),
            "closes_on": date(2024, 1, 15),
        },
    )
    current, _ = ReportingPeriod.objects.update_or_create(
        program=program,
        name="6 tháng đầu năm 2024",
        defaults={
            "form": form,
            "kind": PeriodKind.HALF_YEAR,
            "year": 2024,
            "data_from": date(2023, 12, 15),
            "data_to": date(2024, 6, 14),
            "opens_on": date(2024, 6, 15),
            "due_on": date(2024, 6, 20),
            "closes_on": date(2024, 7, 31),
            "previous": previous,
        },
    )
    successor, _ = Program.objects.update_or_create(
        code="57-NQ/TW",
        defaults={
            "name": "Thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số quốc gia (demo)",
            "issuing_body": "Thành ủy Hà Nội (Ban Chỉ đạo 57)",
            "issued_on": None,
            "start_year": 2025,
            "end_year": 2030,
        },
    )
    program.successor = successor
    program.save(update_fields=["successor"])
    indicators = _indicators(successor)
    commune_form, _ = ReportForm.objects.update_or_create(
        program=successor,
        name="Báo cáo kết quả thực hiện Nghị quyết 57-NQ/TW (cấp xã)",
        defaults={"unit_levels": [UnitLevel.COMMUNE], "sections": [k.value for k in SectionKey]},
    )
    for pos, code in enumerate(indicators):
        FormIndicator.objects.update_or_create(
            form=commune_form,
            indicator=indicators[code],
            defaults={"position": pos, "required": code not in ("D1", "B2", "A6")},
        )
    CrossRule.objects.update_or_create(
        form=commune_form,
        left=indicators["A2"],
        right=indicators["A1"],
        defaults={
            "operator": RuleOperator.LE,
            "message": "Số hồ sơ giải quyết đúng hạn không thể lớn hơn số hồ sơ tiếp nhận.",
        },
    )
    ReportingPeriod.objects.update_or_create(
        program=successor,
        name="Năm 2026",
        defaults={
            "form": commune_form,
            "kind": PeriodKind.YEAR,
            "year": 2026,
            "data_from": date(2025, 12, 15),
            "data_to": date(2026, 12, 14),
            "opens_on": date(2026, 11, 15),
            "due_on": date(2026, 12, 20),
            "closes_on": date(2027, 1, 15),
        },
    )
    return previous, current
