"""The register's rules: unique numbers, published results only, revocation kept in history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from khcn.enterprises import selectors, services
from khcn.enterprises.models import Certificate, IncentiveKind
from khcn.enterprises.tests.factories import CertificateFactory
from khcn.research.models import TaskStatus
from khcn.research.tests.factories import ResearchTaskFactory


def _codes(error: ValidationError) -> set[str | None]:
    return (
        {e.code for errors in error.error_dict.values() for e in errors}
        if hasattr(error, "error_dict")
        else {error.code}
    )


def _create(user, organisation, **extra):  # type: ignore[no-untyped-def]
    values = {"number": "01/2026/DNKHCN", "issued_on": date(2026, 3, 2), "results": "Sáng chế số 1-0012345"}
    return services.certificate_create(user=user, organisation=organisation, **{**values, **extra})


def test_number_is_unique_whatever_the_case(dept_officer, company_a, company_b):
    _create(dept_officer, company_a, number="01/2026/dnkhcn")
    with pytest.raises(ValidationError) as caught:
        _create(dept_officer, company_b)
    assert _codes(caught.value) == {services.NUMBER_TAKEN}


def test_only_a_published_result_is_linked(dept_officer, company_a):
    draft = ResearchTaskFactory.create(status=TaskStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as caught:
        _create(dept_officer, company_a, research_result=draft)
    assert _codes(caught.value) == {services.NOT_PUBLISHED}
    published = ResearchTaskFactory.create(status=TaskStatus.ACCEPTED, published_at=timezone.now())
    assert _create(dept_officer, company_a, research_result=published).research_result == published


def test_local_officer_cannot_certify(officer_a, company_a):
    with pytest.raises(PermissionDenied):
        _create(officer_a, company_a)


def test_revocation_keeps_the_certificate_and_its_history(dept_officer, company_a):
    certificate = _create(dept_officer, company_a)
    with pytest.raises(ValidationError) as caught:
        services.certificate_revoke(user=dept_officer, certificate=certificate, revoked_on=date(2026, 9, 1), reason="")
    assert _codes(caught.value) == {services.REASON_REQUIRED}
    with pytest.raises(ValidationError) as caught:
        services.certificate_revoke(user=dept_officer, certificate=certificate, revoked_on=date(2026, 3, 1), reason="x")
    assert _codes(caught.value) == {services.BEFORE_ISSUE}
    revoked = services.certificate_revoke(
        user=dept_officer, certificate=certificate, revoked_on=date(2026, 9, 1), reason="Không còn đáp ứng điều kiện"
    )
    assert Certificate.objects.filter(pk=certificate.pk, revoked_on=date(2026, 9, 1)).exists()
    assert revoked.history.count() == 2
    assert revoked.history.earliest().revoked_on is None
    with pytest.raises(ValidationError) as caught:
        services.incentive_add(
            user=dept_officer, certificate=revoked, kind=IncentiveKind.LAND, granted_on=date(2026, 9, 2)
        )
    assert _codes(caught.value) == {services.REVOKED}
    with pytest.raises(ValidationError):
        services.certificate_revoke(user=dept_officer, certificate=revoked, revoked_on=date(2026, 9, 2), reason="x")


def test_incentive_and_change_not_before_issue(dept_officer, company_a):
    certificate = _create(dept_officer, company_a)
    with pytest.raises(ValidationError) as caught:
        services.amendment_add(
            user=dept_officer, certificate=certificate, changed_on=date(2026, 1, 1), what_changed="Đổi địa chỉ"
        )
    assert _codes(caught.value) == {services.BEFORE_ISSUE}
    services.amendment_add(
        user=dept_officer, certificate=certificate, changed_on=date(2026, 5, 1), what_changed="Đổi địa chỉ"
    )
    services.incentive_add(
        user=dept_officer, certificate=certificate, kind=IncentiveKind.CREDIT, granted_on=date(2026, 5, 1)
    )
    assert certificate.amendments.count() == 1 and certificate.incentives.count() == 1


def test_figures_count_the_year_and_the_running_total(company_a, company_b):
    # Issued: 2024 (revoked 2025), 2025, 2026, 2026. End of 2025: the 2024 one revoked, so 1 in force;
    # end of 2026: 3 in force.
    CertificateFactory.create(organisation=company_a, issued_on=date(2024, 5, 1), revoked_on=date(2025, 6, 1))
    CertificateFactory.create(organisation=company_a, issued_on=date(2025, 5, 1))
    CertificateFactory.create(organisation=company_b, issued_on=date(2026, 2, 1))
    CertificateFactory.create(organisation=company_b, issued_on=date(2026, 8, 1))
    assert selectors.certified_in(2026).count() == 2
    assert selectors.certified_in(2024).count() == 1
    assert selectors.valid_at_end_of(2024).count() == 1
    assert selectors.valid_at_end_of(2025).count() == 1
    assert selectors.valid_at_end_of(2026).count() == 3
