"""The site-wide search finds fund applications and S&T enterprise certificates, within scope."""

from khcn.enterprises.tests.factories import CertificateFactory
from khcn.fund.tests.factories import FundApplicationFactory
from khcn.search.query import Filters, search_ranked
from khcn.search.tests.conftest import index_rows


def _hits(user, query, kind):  # type: ignore[no-untyped-def]
    ranked = search_ranked(user=user, query=query, filters=Filters(kind=kind))
    return [object_id for _pk, _kind, object_id in ranked.rows]


def test_department_finds_an_application_and_a_certificate_without_diacritics(dept_officer, officer_b, company_a):
    application = FundApplicationFactory.create(organisation=company_a, title="Robot hàn tự động cho cơ khí")
    certificate = CertificateFactory.create(organisation=company_a, results="Cảm biến đo độ mặn nước sông")
    index_rows(application, certificate)
    assert _hits(dept_officer, "robot han tu dong", "fund.application") == [application.pk]
    assert _hits(dept_officer, "cam bien do man", "enterprises.certificate") == [certificate.pk]
    # A commune officer of another commune finds neither (the rows' scope rules).
    assert _hits(officer_b, "robot han tu dong", "fund.application") == []
    assert _hits(officer_b, "cam bien do man", "enterprises.certificate") == []
