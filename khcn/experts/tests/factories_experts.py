"""Test data for the expert registry."""

import factory
from factory.django import DjangoModelFactory

from khcn.experts.models import Availability, Expert, ProfileStatus
from khcn.research.models import ScienceField


class ExpertFactory(DjangoModelFactory[Expert]):
    """A validated profile with public consent unless told otherwise."""

    class Meta:
        model = Expert

    full_name = factory.Faker("name", locale="vi_VN")
    organisation_name = "Học viện Nông nghiệp Việt Nam"
    field = ScienceField.AGRICULTURAL
    subfields = " 401 406 "
    keywords = "giống lúa, canh tác hữu cơ"
    profile = "Nghiên cứu chọn tạo giống lúa."
    availability = Availability.AVAILABLE
    email = factory.Sequence(lambda n: f"chuyengia{n}@example.vn")
    phone = factory.Sequence(lambda n: f"09123{n:05d}")
    public_consent = True
    status = ProfileStatus.VALIDATED


def private_expert(**kwargs: object) -> Expert:
    """A profile without public consent (validated: consent alone keeps it private)."""
    return ExpertFactory.create(public_consent=False, **kwargs)


def unvalidated_expert(**kwargs: object) -> Expert:
    """A consented profile the Department has not validated yet."""
    return ExpertFactory.create(status=ProfileStatus.SUBMITTED, **kwargs)
