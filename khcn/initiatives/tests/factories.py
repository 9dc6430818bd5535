"""Test data of the initiatives app."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from khcn.initiatives.models import (
    BaseRecognition,
    InfluenceScope,
    Initiative,
    InitiativeAuthor,
    InitiativeField,
    InitiativeStatus,
)


class InitiativeFactory(DjangoModelFactory[Initiative]):
    """A draft with every field a submission needs, but no author; pass `unit` (or `organisation`)."""

    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Sáng kiến cải tiến quy trình tiếp nhận hồ sơ số {n + 1}")
    field = InitiativeField.ADMINISTRATION
    problem = "Người dân phải chờ lâu khi nộp hồ sơ."
    solution = "Sắp xếp lại quầy và hẹn giờ trực tuyến."
    novelty = "Lần đầu áp dụng tại xã."
    first_applied_on = date(2026, 3, 1)
    applied_where = "Bộ phận một cửa"
    effects = "Giảm thời gian chờ từ 40 xuống 10 phút."
    costs = "Không phát sinh chi phí."
    influence_scope = InfluenceScope.CITY
    status = InitiativeStatus.DRAFT


class AuthorFactory(DjangoModelFactory[InitiativeAuthor]):
    class Meta:
        model = InitiativeAuthor

    initiative = factory.SubFactory(InitiativeFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    position = "Công chức"
    share = Decimal(100)


class BaseRecognitionFactory(DjangoModelFactory[BaseRecognition]):
    class Meta:
        model = BaseRecognition

    initiative = factory.SubFactory(InitiativeFactory)
    recognised = True
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    decision_date = date(2026, 6, 1)
    signer = "Chủ tịch UBND xã"


def recognised_initiative(**fields: object) -> Initiative:
    """An initiative recognised at base level, with one author holding the whole share."""
    initiative = InitiativeFactory.create(status=InitiativeStatus.BASE_RECOGNISED, **fields)
    AuthorFactory.create(initiative=initiative)
    BaseRecognitionFactory.create(initiative=initiative)
    return initiative
