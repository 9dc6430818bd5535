"""Demo: the register of S&T enterprises (issue 18, item 5).

Seed 004: Hà Nội is second in the country for the number of S&T enterprises (the national
rank is entered by hand on the city board, not here). The certificates below are invented and
flagged demo (`is_demo`; the enterprises' names say "(demo)"): issued over the years before the
demo's day, with the incentives they opened, one amended and one revoked (it stays in the
register). Where the research demo published a task's results, one certificate rests on it
(through research's own selector of published results).
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from khcn.demo.clock import happened_at, moment, today
from khcn.demo.fund import APPLICANTS, DemoApplicant, demo_organisation
from khcn.enterprises import services
from khcn.enterprises.models import Certificate, IncentiveKind
from khcn.geo.selectors import province_get
from khcn.research.selectors import result_list

MORE = [
    DemoApplicant("Công ty cổ phần Phần mềm Giáo dục Cầu Giấy (demo)", "0109990011", "Cầu Giấy"),
    DemoApplicant("Công ty TNHH Dược liệu Ba Vì (demo)", "0109990012", "Ba Vì"),
    DemoApplicant("Công ty cổ phần Năng lượng mặt trời Sóc Sơn (demo)", "0109990013", "Sóc Sơn"),
    DemoApplicant("Công ty TNHH Cảm biến môi trường Long Biên (demo)", "0109990014", "Long Biên"),
    DemoApplicant("Công ty cổ phần Giống cây trồng Thanh Trì (demo)", "0109990015", "Thanh Trì"),
]

# (applicant index, years before the demo's year, month, results, products)
CERTIFICATES = [
    (
        0,
        6,
        5,
        "Quy trình sản xuất chế phẩm vi sinh phân giải rơm rạ (kết quả đề tài cấp thành phố)",
        "Chế phẩm vi sinh",
    ),
    (1, 5, 9, "Công nghệ sản xuất gạch không nung từ tro xỉ nhiệt điện (giải pháp hữu ích)", "Gạch không nung"),
    (2, 4, 3, "Thiết bị đo SpO2 và nhịp tim kết nối không dây (kiểu dáng công nghiệp, sáng chế)", "Thiết bị y tế"),
    (3, 4, 11, "Phần mềm điều khiển robot hàn (bản quyền tác giả, chuyển giao công nghệ)", "Robot hàn"),
    (5, 3, 6, "Nền tảng học trực tuyến thích ứng (bản quyền phần mềm)", "Phần mềm giáo dục"),
    (6, 3, 10, "Quy trình chiết xuất cao dược liệu từ cây bản địa Ba Vì (sáng chế)", "Cao dược liệu"),
    (7, 2, 4, "Bộ điều khiển bám điểm công suất cực đại cho điện mặt trời (giải pháp hữu ích)", "Bộ điều khiển"),
    (8, 1, 2, "Cảm biến bụi mịn PM2.5 giá thấp (sáng chế)", "Trạm quan trắc"),
    (9, 1, 8, "Giống lúa chất lượng cao chịu hạn (bằng bảo hộ giống cây trồng)", "Giống lúa"),
    (4, 0, 1, "Hệ thống tưới nhỏ giọt điều khiển tự động (kết quả nghiên cứu được công bố)", "Nhà màng thông minh"),
]


@transaction.atomic
def enterprises_demo_load(*, officer: Any) -> None:
    """Load the demo certificates (once: a second run finds them and does nothing)."""
    if Certificate.objects.filter(is_demo=True).exists():
        return
    # The records' history is dated the day before the demo loads, not at loading time
    # (khcn/demo/tests/test_dates.py): their own dates say when each event happened.
    with happened_at(moment(today() - timedelta(days=1))):
        province = province_get()
        assert province is not None
        now = today()
        orgs = [demo_organisation(a, province) for a in [*APPLICANTS, *MORE]]
        published = result_list().order_by("pk").first()
        certificates = []
        for i, (org_i, back, month, results, products) in enumerate(CERTIFICATES, start=1):
            issued = min(date(now.year - back, month, 15), now)
            certificates.append(
                services.certificate_create(
                    user=officer,
                    number=f"{i:02d}/{issued.year}/DNKHCN",
                    issued_on=issued,
                    organisation=orgs[org_i],
                    results=f"{results} (demo)",
                    research_result=published if org_i == 4 else None,
                    products=products,
                    is_demo=True,
                )
            )
        kinds = [IncentiveKind.TAX_EXEMPTION, IncentiveKind.TAX_REDUCTION, IncentiveKind.CREDIT, IncentiveKind.LAND]
        for i, certificate in enumerate(certificates[:8]):
            services.incentive_add(
                user=officer,
                certificate=certificate,
                kind=kinds[i % len(kinds)],
                granted_on=certificate.issued_on,
                reference=f"Văn bản {100 + i}/CT-HN (demo)",
                notes="Ưu đãi minh họa (demo).",
            )
        services.amendment_add(
            user=officer,
            certificate=certificates[1],
            changed_on=min(date(now.year - 2, 6, 1), now),
            what_changed="Đổi địa chỉ trụ sở và người đại diện theo pháp luật (demo).",
            reference="Quyết định điều chỉnh (demo)",
        )
        services.certificate_revoke(
            user=officer,
            certificate=certificates[3],
            revoked_on=min(date(now.year - 1, 9, 30), now),
            reason="Doanh nghiệp không còn đáp ứng tỷ lệ doanh thu từ sản phẩm hình thành từ kết quả KH&CN (demo).",
            decision="45/QĐ-SKHCN (demo)",
        )
