"""Factories of the appraisal app: a dossier received on 01/09/2026 (limit 16/09/2026 with the
default 15 days), waiting for its opinion; pass `unit`."""

from datetime import date, timedelta

import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from khcn.appraisal.models import Appraisal, Sector


class AppraisalFactory(DjangoModelFactory[Appraisal]):
    class Meta:
        model = Appraisal

    sending_body = "Sở Kế hoạch và Đầu tư"
    incoming_number = factory.Sequence(lambda n: f"{n}/KHĐT-DN")
    received_on = date(2026, 9, 1)
    due_on = factory.LazyAttribute(lambda o: o.received_on + timedelta(days=settings.KHCN_APPRAISAL_DAYS))
    project_name = factory.Sequence(lambda n: f"Nhà máy sản xuất bao bì {n}")
    investor_name = "Công ty CP Bao bì Thủ đô"
    sector = Sector.INDUSTRY
    technology = "Dây chuyền in ống đồng và ghép màng."
