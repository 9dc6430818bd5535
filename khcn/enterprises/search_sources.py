"""What the site-wide search finds in the register of S&T enterprises."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.enterprises.models import Certificate


def _certificate(certificate: Certificate) -> SearchDoc:
    return SearchDoc(
        title=f"{certificate.organisation.name} · {certificate.number}",
        text=text_of(certificate.results, certificate.products, certificate.note),
        url=certificate.get_absolute_url(),
        organisation_id=certificate.organisation_id,
        year=certificate.issued_on.year,
        status="revoked" if certificate.is_revoked else "valid",
    )


SOURCES = (
    SearchSource(
        kind="enterprises.certificate",
        label=_("S&T enterprise certificates"),
        model=Certificate,
        document=_certificate,
        queryset=lambda: Certificate.objects.select_related("organisation"),
        statuses=(("valid", _("In force")), ("revoked", _("Revoked"))),
    ),
)
