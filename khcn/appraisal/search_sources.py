"""What the search finds among technology appraisals: the project, its investor and the
document number, within the scope rules of the dossiers."""

from django.utils.translation import gettext_lazy as _

from khcn.appraisal.models import Appraisal
from khcn.core.searchable import SearchDoc, SearchSource, text_of

STATES = (("waiting", _("Waiting for the opinion")), ("answered", _("Opinion issued")))


def _appraisal(appraisal: Appraisal) -> SearchDoc:
    return SearchDoc(
        title=appraisal.project_name,
        text=text_of(
            appraisal.investor_name,
            appraisal.incoming_number,
            appraisal.sending_body,
            appraisal.technology,
            appraisal.origin,
            appraisal.equipment,
            appraisal.opinion_number,
        ),
        url=appraisal.get_absolute_url(),
        unit_id=appraisal.unit_id,
        organisation_id=appraisal.investor_id,
        year=appraisal.received_on.year,
        status="answered" if appraisal.opinion_date else "waiting",
    )


SOURCES = (
    SearchSource(
        kind="appraisal.appraisal",
        label=_("Technology appraisals"),
        model=Appraisal,
        document=_appraisal,
        queryset=lambda: Appraisal.objects.all(),
        statuses=STATES,
    ),
)
