"""Demo: the province's IP statistics (issue 18, item 10).

Seed 004: in 2018 organisations and individuals of Hà Nội filed 12,422 applications for
patents, utility solutions, industrial designs and trademarks (second in the country). That
total is the seed's; its split by kind, the grants and every other year's figures are invented
and flagged demo (`is_demo`, and the notes say so). DOMAIN.md §2.1 quotes 13,663 applications
and 10,387 titles granted for 2022: the 2022 rows add up to those, also split by invention.
Each year's rows are entered in March of the next year, as the IP Office's figures arrive.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from khcn.demo.clock import happened_at, moment, today
from khcn.ipstats import services
from khcn.ipstats.models import IpKind, IpStatistic

SEED_2018_TOTAL = 12_422  # seed 004: applications of the four kinds filed in 2018

K = IpKind
# year: {kind: (applications, grants)}; 2018's four kinds add up to the seed's 12,422.
FIGURES: dict[int, dict[str, tuple[int, int]]] = {
    2018: {
        K.PATENT: (1_050, 384),
        K.UTILITY_SOLUTION: (112, 41),
        K.INDUSTRIAL_DESIGN: (1_260, 815),
        K.TRADEMARK: (10_000, 6_120),
        K.GEOGRAPHICAL_INDICATION: (0, 0),
    },
    2019: {
        K.PATENT: (1_120, 402),
        K.UTILITY_SOLUTION: (118, 47),
        K.INDUSTRIAL_DESIGN: (1_302, 840),
        K.TRADEMARK: (10_640, 6_580),
        K.GEOGRAPHICAL_INDICATION: (1, 1),
    },
    2020: {
        K.PATENT: (1_180, 455),
        K.UTILITY_SOLUTION: (124, 50),
        K.INDUSTRIAL_DESIGN: (1_275, 866),
        K.TRADEMARK: (10_910, 7_020),
        K.GEOGRAPHICAL_INDICATION: (0, 1),
    },
    2021: {
        K.PATENT: (1_236, 512),
        K.UTILITY_SOLUTION: (131, 55),
        K.INDUSTRIAL_DESIGN: (1_340, 902),
        K.TRADEMARK: (11_480, 8_310),
        K.GEOGRAPHICAL_INDICATION: (2, 0),
    },
    # The four kinds add up to DOMAIN.md's 13,663 applications and 10,387 titles for 2022.
    2022: {
        K.PATENT: (1_310, 568),
        K.UTILITY_SOLUTION: (140, 61),
        K.INDUSTRIAL_DESIGN: (1_398, 960),
        K.TRADEMARK: (10_815, 8_798),
        K.GEOGRAPHICAL_INDICATION: (1, 1),
    },
    2023: {
        K.PATENT: (1_402, 610),
        K.UTILITY_SOLUTION: (146, 66),
        K.INDUSTRIAL_DESIGN: (1_425, 1_003),
        K.TRADEMARK: (12_240, 9_120),
        K.GEOGRAPHICAL_INDICATION: (1, 2),
    },
    2024: {
        K.PATENT: (1_488, 655),
        K.UTILITY_SOLUTION: (152, 70),
        K.INDUSTRIAL_DESIGN: (1_460, 1_041),
        K.TRADEMARK: (12_905, 9_640),
        K.GEOGRAPHICAL_INDICATION: (2, 1),
    },
    2025: {
        K.PATENT: (1_560, 702),
        K.UTILITY_SOLUTION: (159, 72),
        K.INDUSTRIAL_DESIGN: (1_512, 1_090),
        K.TRADEMARK: (13_480, 10_150),
        K.GEOGRAPHICAL_INDICATION: (1, 1),
    },
}

SOURCE = "Cục Sở hữu trí tuệ"
NOTE_2018 = (
    "Tổng số đơn sáng chế, giải pháp hữu ích, kiểu dáng công nghiệp và nhãn hiệu năm 2018 (12.422 đơn) "
    "theo báo cáo của Sở tại buổi làm việc với Bí thư Thành ủy; số phân theo loại và số văn bằng là số "
    "minh họa (demo)."
)
NOTE = "Số liệu minh họa (demo)."


@transaction.atomic
def ipstats_demo_load(*, officer: Any) -> None:
    """Load the demo figures (once: a second run finds them and does nothing). A year's rows
    are dated 15 March of the next year, or the day before the demo loads if that is later."""
    if IpStatistic.objects.filter(is_demo=True).exists():
        return
    latest = today() - timedelta(days=1)
    for year, kinds in FIGURES.items():
        entered = min(date(year + 1, 3, 15), latest)
        if entered.year <= year:  # the year is not over on the demo's day: no figures yet
            continue
        with happened_at(moment(entered)):
            for kind, (applications, grants) in kinds.items():
                services.statistic_create(
                    user=officer,
                    year=year,
                    kind=kind,
                    applications=applications,
                    grants=grants,
                    source=SOURCE,
                    note=NOTE_2018 if year == 2018 else NOTE,
                    is_demo=True,
                )
