"""Test data for reporting: reports (drafts, as a unit opens them) and their values."""

import factory
from factory.django import DjangoModelFactory

from khcn.programs.tests.factories import ReportingPeriodFactory
from khcn.reporting.models import Report, ReportStatus, Value


class ReportFactory(DjangoModelFactory[Report]):
    """A draft report; `unit` must be a unit the period expects (a commune of the registry)."""

    class Meta:
        model = Report

    period = factory.SubFactory(ReportingPeriodFactory)
    status = ReportStatus.DRAFT


class ValueFactory(DjangoModelFactory[Value]):
    class Meta:
        model = Value

    report = factory.SubFactory(ReportFactory)
