"""Research's figures the city ranks the Department on: tasks without state budget evaluated
in the year (seed 004: 7, Hà Nội leading the country), the Department's tasks accepted
(nghiệm thu) in the year and those whose results it published in the year. Each links to the
list of exactly the tasks it counts."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure
from khcn.research.models import ResearchTask
from khcn.research.selectors import accepted_in_q, published_in_q
from khcn.research.selectors_selffunded import evaluated_in_year


def _tasks_url(**query: int) -> str:
    return f"{reverse('research:task_list')}?{urlencode(query)}"


FIGURES = (
    CityFigure(
        key="research.selffunded_evaluated",
        label=_("S&T tasks without state budget evaluated"),
        value=lambda year: evaluated_in_year(year=year).count(),
        url=lambda year: (
            f"{reverse('research:selffunded_list')}?{urlencode({'decision_year': str(year), 'decided': 'true'})}"
        ),
        group=_("S&T tasks"),
        order=30,
    ),
    CityFigure(
        key="research.tasks_accepted",
        label=_("S&T tasks accepted (nghiệm thu)"),
        value=lambda year: ResearchTask.objects.filter(accepted_in_q(year)).count(),
        url=lambda year: _tasks_url(accepted_year=year),
        group=_("S&T tasks"),
        order=31,
    ),
    CityFigure(
        key="research.results_published",
        label=_("Results of S&T tasks published"),
        value=lambda year: ResearchTask.objects.filter(published_in_q(year)).count(),
        url=lambda year: _tasks_url(published_year=year),
        group=_("S&T tasks"),
        order=32,
    ),
)
