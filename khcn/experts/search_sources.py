"""What the search finds in the expert registry (issue 17), through the app's own selectors:
profiles (the Department all, an expert their own, others the public ones), technology offers
(the catalogue and one's own) and technology demands (their scope rules)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.experts.models import Demand, DemandStatus, Expert, OfferStatus, ProfileStatus, Technology
from khcn.experts.selectors.demands import demand_list
from khcn.experts.selectors.experts import expert_list
from khcn.experts.selectors.technologies import technology_list


def _expert(expert: Expert) -> SearchDoc:
    return SearchDoc(
        title=expert.full_name,
        text=text_of(expert.position, expert.organisation_name, expert.subfields, expert.keywords, expert.profile),
        url=expert.get_absolute_url(),
        unit_id=expert.unit_id,
        organisation_id=expert.organisation_id,
        status=expert.status,
    )


def _technology(technology: Technology) -> SearchDoc:
    return SearchDoc(
        title=technology.title,
        text=text_of(technology.summary, technology.keywords, technology.owner_name, technology.description),
        url=technology.get_absolute_url(),
        unit_id=technology.unit_id,
        organisation_id=technology.owner_organisation_id,
        year=technology.created_at.year,
        status=technology.status,
    )


def _demand(demand: Demand) -> SearchDoc:
    return SearchDoc(
        title=demand.title,
        text=text_of(demand.problem, demand.context, demand.keywords, demand.requester_name),
        url=demand.get_absolute_url(),
        unit_id=demand.unit_id,
        year=demand.created_at.year,
        status=demand.status,
    )


def _experts_seen(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset.filter(pk__in=expert_list(user=user).values("pk"))


def _technologies_seen(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset.filter(pk__in=technology_list(user=user).values("pk"))


def _demands_seen(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset.filter(pk__in=demand_list(user=user).values("pk"))


SOURCES = (
    SearchSource(
        kind="experts.expert",
        label=_("Experts"),
        model=Expert,
        document=_expert,
        queryset=lambda: Expert.objects.all(),
        visible=_experts_seen,
        statuses=tuple(ProfileStatus.choices),
    ),
    SearchSource(
        kind="experts.technology",
        label=_("Technologies"),
        model=Technology,
        document=_technology,
        queryset=lambda: Technology.objects.all(),
        visible=_technologies_seen,
        statuses=tuple(OfferStatus.choices),
    ),
    SearchSource(
        kind="experts.demand",
        label=_("Technology demands"),
        model=Demand,
        document=_demand,
        queryset=lambda: Demand.objects.all(),
        visible=_demands_seen,
        statuses=tuple(DemandStatus.choices),
    ),
)
