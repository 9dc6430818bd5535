"""What the site-wide search finds in the fund: applications and calls (Department staff, as
the pages; the models' scope rules apply)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.fund.models import ApplicationStatus, FundApplication, FundCall


def _application(application: FundApplication) -> SearchDoc:
    return SearchDoc(
        title=application.title,
        text=text_of(
            application.organisation.name,
            application.get_kind_display(),
            application.decision_number,
            application.summary,
        ),
        url=application.get_absolute_url(),
        organisation_id=application.organisation_id,
        year=application.received_on.year,
        status=application.status,
    )


def _call(call: FundCall) -> SearchDoc:
    return SearchDoc(
        title=str(call), text=text_of(call.description), url=call.get_absolute_url(), year=call.opens_on.year
    )


SOURCES = (
    SearchSource(
        kind="fund.application",
        label=_("Fund applications"),
        model=FundApplication,
        document=_application,
        queryset=lambda: FundApplication.objects.select_related("organisation"),
        statuses=tuple(ApplicationStatus.choices),
    ),
    SearchSource(
        kind="fund.call",
        label=_("Fund calls"),
        model=FundCall,
        document=_call,
        queryset=lambda: FundCall.objects.all(),
    ),
)
