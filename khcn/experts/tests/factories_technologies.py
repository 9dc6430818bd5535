"""Factories of technology offers and demands (helper B's area)."""

import factory

from khcn.experts.models import Demand, Expert, OfferStatus, ProfileStatus, Technology


class OwnerExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Chủ {n}")
    field = "agricultural"
    status = ProfileStatus.DRAFT


class TechnologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technology

    title = factory.Sequence(lambda n: f"Công nghệ sấy nông sản {n}")
    summary = "Sấy lạnh giữ màu và vitamin."
    field = "agricultural"
    subfields = " 401 "
    maturity = 7
    status = OfferStatus.DRAFT


class PublishedTechnologyFactory(TechnologyFactory):
    status = OfferStatus.PUBLISHED


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    title = factory.Sequence(lambda n: f"Xử lý rơm rạ sau thu hoạch {n}")
    problem = "Rơm rạ bị đốt ngoài đồng gây khói."
    field = "agricultural"
