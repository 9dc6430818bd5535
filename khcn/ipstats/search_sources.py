"""What the site-wide search finds in the province's IP statistics: each row by its kind, year,
source and notes (Department staff only, through the model's scope)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.ipstats.models import IpStatistic


def _statistic(statistic: IpStatistic) -> SearchDoc:
    return SearchDoc(
        title=str(statistic),
        text=text_of(statistic.source, statistic.note),
        url=statistic.get_absolute_url(),
        year=statistic.year,
    )


SOURCES = (
    SearchSource(
        kind="ipstats.statistic",
        label=_("IP statistics"),
        model=IpStatistic,
        document=_statistic,
        queryset=lambda: IpStatistic.objects.all(),
    ),
)
