"""Test data for meetings: rounds, working sessions and follow-up items."""

from datetime import datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from khcn.meetings.models import FollowUp, FollowUpKind, Meeting, MeetingRound

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class MeetingRoundFactory(DjangoModelFactory[MeetingRound]):
    class Meta:
        model = MeetingRound

    name = factory.LazyAttribute(lambda r: f"Làm việc với các xã, phường về kế hoạch KH&CN năm {r.plan_year}")
    year = 2026
    plan_year = factory.LazyAttribute(lambda r: r.year + 1)


class MeetingFactory(DjangoModelFactory[Meeting]):
    """A session record; sessions with a cluster are made through `meetings.services.meeting_create`."""

    class Meta:
        model = Meeting

    round = factory.SubFactory(MeetingRoundFactory)
    title = factory.Sequence(lambda n: f"Buổi làm việc số {n + 1}")
    starts_at = datetime(2026, 7, 19, 8, 30, tzinfo=HANOI)
    place = factory.Faker("address", locale="vi_VN")


class FollowUpFactory(DjangoModelFactory[FollowUp]):
    """A request from a unit, with no session; pass `unit` (a unit of the registry)."""

    class Meta:
        model = FollowUp

    kind = FollowUpKind.REQUEST
    text = factory.Faker("sentence", nb_words=10, locale="vi_VN")
