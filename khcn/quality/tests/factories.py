"""Test data for quality: QMS records, self-reports and courses."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from khcn.quality.models import Course, CourseKind, Participant, QmsMode, QualitySystem, SelfReport


class QualitySystemFactory(DjangoModelFactory[QualitySystem]):
    """A complete QMS (no gap in 2026); pass `unit`."""

    class Meta:
        model = QualitySystem

    scope = "Toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã"
    mode = QmsMode.SELF_ANNOUNCEMENT
    announced_on = date(2025, 9, 1)
    valid_until = date(2028, 8, 31)
    procedures_total = 120
    procedures_in_iso = 120
    last_internal_audit_on = date(2026, 3, 10)
    last_review_on = date(2026, 4, 2)
    open_corrective_actions = 0


class SelfReportFactory(DjangoModelFactory[SelfReport]):
    class Meta:
        model = SelfReport

    year = 2026
    mode = QmsMode.SELF_ANNOUNCEMENT
    announced_on = date(2025, 9, 1)
    procedures_total = 120
    procedures_in_iso = 120


class CourseFactory(DjangoModelFactory[Course]):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Tập huấn nghiệp vụ KH&CN số {n + 1}")
    kind = CourseKind.TRAINING
    starts_on = date(2026, 10, 5)
    ends_on = date(2026, 10, 6)
    place = "Hội trường Sở KH&CN"

    @factory.post_generation
    def units(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.units_invited.set(extracted)  # type: ignore[attr-defined]


class ParticipantFactory(DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    course = factory.SubFactory(CourseFactory)
    name = factory.Faker("name", locale="vi_VN")
