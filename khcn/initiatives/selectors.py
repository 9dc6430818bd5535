"""Reads of initiatives, scoped like every list (accounts.scoping), the duplicate screen, the
public list of recognised initiatives and the statistics."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.core.text import fold
from khcn.geo.models import unit_full_name
from khcn.initiatives.models import (
    RECOGNISED_STATUSES,
    BaseRecognition,
    Initiative,
    InitiativeAuthor,
    InitiativeEvent,
    InitiativeField,
)
from khcn.research.models import Council, Proposal, ResearchTask
from khcn.research.similarity import ranked_by_title


def initiative_list(*, user: Any) -> QuerySet[Initiative]:
    """Initiatives the user may see: their units' and organisations' own; the Department sees
    the province's."""
    return visible(Initiative.objects.select_related("unit", "organisation", "base_recognition"), user)


def recognised_in_q(year: int) -> Q:
    """Initiatives recognised by a decision dated in `year`: the unit's (base level), the
    decision that makes an initiative one (Decree 13/2012/NĐ-CP)."""
    return Q(
        status__in=RECOGNISED_STATUSES,
        base_recognition__recognised=True,
        base_recognition__decision_date__year=year,
    )


def recognised_in(year: int) -> QuerySet[Initiative]:
    """Province-wide, for the city board."""
    return Initiative.objects.filter(recognised_in_q(year))


def initiative_get(*, user: Any, pk: int) -> Initiative:
    """One initiative in scope with its authors, files, decision and events, else 404."""
    queryset = (
        initiative_list(user=user)
        .select_related("created_by", "updated_by", "city_recognition")
        .prefetch_related(
            "authors", "files", Prefetch("events", queryset=InitiativeEvent.objects.select_related("actor"))
        )
    )
    return get_visible_or_404(queryset, user, pk=pk)


def recognised_list() -> QuerySet[Initiative]:
    """Initiatives recognised at base level (or further), for the public list: no sign-in."""
    return (
        Initiative.objects.filter(status__in=RECOGNISED_STATUSES)
        .select_related("unit", "organisation", "base_recognition", "city_recognition")
        .prefetch_related("authors")
        .order_by("-base_recognition__decision_date", "-pk")
    )


def recognised_search(*, q: str = "", field: str = "", year: int | None = None) -> QuerySet[Initiative]:
    """The public list filtered: every word of `q` in the title, an author or the unit (folded
    Vietnamese, so "quet ma" finds "quét mã"), a field, a decision year."""
    qs = recognised_list()
    for word in fold(q).split()[:8]:
        qs = qs.filter(
            Q(title_folded__contains=word)
            | Q(authors__name_folded__contains=word)
            | Q(unit__name_folded__contains=word)
            | Q(organisation__name_folded__contains=word)
        )
    if field in InitiativeField.values:
        qs = qs.filter(field=field)
    if year:
        qs = qs.filter(base_recognition__decision_date__year=year)
    return qs.distinct()


@dataclass
class Duplicate:
    kind: str  # "initiative", "task" or "proposal"
    obj: Any
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def initiative_duplicates(*, user: Any, initiative: Initiative, limit: int = 5) -> list[Duplicate]:
    """Earlier initiatives, S&T tasks and task proposals whose titles look like this one's.

    The folded-Vietnamese trigram similarity the proposals' screen uses (research.similarity),
    above KHCN_SIMILARITY_THRESHOLD. Only rows the user may see are compared, plus the
    recognised initiatives anybody may read on the public list.
    """
    threshold = settings.KHCN_SIMILARITY_THRESHOLD
    title = initiative.title
    earlier = (
        Initiative.objects.filter(created_at__lte=initiative.created_at)
        .exclude(pk=initiative.pk)
        .filter(Q(pk__in=visible(Initiative.objects.all(), user).values("pk")) | Q(status__in=RECOGNISED_STATUSES))
        .select_related("unit", "organisation")
    )
    found = [Duplicate("initiative", obj, score) for obj, score in ranked_by_title(earlier, title, threshold, limit)]
    tasks = visible(ResearchTask.objects.all(), user)
    found += [Duplicate("task", obj, score) for obj, score in ranked_by_title(tasks, title, threshold, limit)]
    proposals = visible(Proposal.objects.select_related("unit", "organisation"), user)
    found += [Duplicate("proposal", obj, score) for obj, score in ranked_by_title(proposals, title, threshold, limit)]
    found.sort(key=lambda d: (-d.score, d.kind, d.obj.pk))
    return found[:limit]


@dataclass
class Statistics:
    by_unit: list[dict[str, Any]]
    by_field: list[dict[str, Any]]
    by_year: list[dict[str, Any]]
    total: int
    recognised: int


def _counted(qs: QuerySet[Initiative], *keys: str) -> list[dict[str, Any]]:
    recognised = Count("pk", filter=Q(status__in=RECOGNISED_STATUSES))
    return list(qs.values(*keys).annotate(total=Count("pk"), recognised=recognised).order_by(*keys))


def initiative_statistics(*, user: Any) -> Statistics:
    """Applications and recognised initiatives in the user's scope, by unit (or organisation),
    by field and by the year applied (the base decision's year for those decided)."""
    qs = initiative_list(user=user).order_by()
    by_unit = [
        {**row, "owner": row["organisation__name"] or unit_full_name(row["unit__unit_type"], row["unit__name"])}
        for row in _counted(qs, "unit__name", "unit__unit_type", "organisation__name")
    ]
    labels = dict(InitiativeField.choices)
    by_field = [{**row, "label": labels.get(row["field"], row["field"])} for row in _counted(qs, "field")]
    by_year = _counted(qs.annotate(year=ExtractYear("created_at")), "year")
    totals = qs.aggregate(total=Count("pk"), recognised=Count("pk", filter=Q(status__in=RECOGNISED_STATUSES)))
    return Statistics(by_unit, by_field, by_year, totals["total"], totals["recognised"])


@dataclass
class AuthorRecord:
    name: str
    items: list[tuple[Initiative, Any, BaseRecognition | None]]  # initiative, share, decision


def author_records(*, user: Any, name: str = "") -> list[AuthorRecord]:
    """Per person, their recognised initiatives in the user's scope with their share: what an
    emulation title (chiến sĩ thi đua) is judged on (DOMAIN.md §4.2). People are told apart by
    their folded name."""
    initiatives = initiative_list(user=user).filter(status__in=RECOGNISED_STATUSES)
    authors = InitiativeAuthor.objects.filter(initiative__in=initiatives.values("pk")).select_related(
        "initiative__unit", "initiative__organisation", "initiative__base_recognition", "initiative__city_recognition"
    )
    folded = fold(name).strip()
    if folded:
        authors = authors.filter(name_folded__contains=folded)
    people: dict[str, AuthorRecord] = {}
    for author in authors.order_by("name_folded", "initiative__pk")[:2000]:
        record = people.setdefault(author.name_folded, AuthorRecord(author.full_name, []))
        decision = getattr(author.initiative, "base_recognition", None)
        record.items.append((author.initiative, author.share, decision))
    return sorted(people.values(), key=lambda r: fold(r.name))


def city_councils(initiative: Initiative) -> list[Any]:
    """The city's evaluation councils on an initiative, the newest first (the caller checked
    that the user may evaluate it)."""
    subject_type = ContentType.objects.get_for_model(Initiative)
    return list(Council.objects.filter(subject_type=subject_type, subject_id=initiative.pk).order_by("-created_at"))
