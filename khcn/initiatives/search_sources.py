"""What the search finds among initiatives (issue 17), in the scope the model declares."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.initiatives.models import Initiative, InitiativeStatus


def _document(initiative: Initiative) -> SearchDoc:
    return SearchDoc(
        title=initiative.title,
        text=text_of(initiative.problem, initiative.solution, initiative.novelty, initiative.applied_where),
        url=initiative.get_absolute_url(),
        unit_id=initiative.unit_id,
        organisation_id=initiative.organisation_id,
        year=initiative.created_at.year,
        status=initiative.status,
    )


SOURCES = (
    SearchSource(
        kind="initiatives.initiative",
        label=_("Initiatives"),
        model=Initiative,
        document=_document,
        queryset=lambda: Initiative.objects.all(),
        statuses=tuple(InitiativeStatus.choices),
    ),
)
