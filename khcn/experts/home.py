"""The home-page cards of experts, technology offers, demands and connections.

The Department's officers see what waits for them (profiles to validate, offers to review,
demands nobody was connected with yet); a commune's officer their commune's open demands and
the connections made for them lately; an expert the state of their profile until validated
and their offers to confirm before they leave the catalogue.
"""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.roles import Role
from khcn.core.home_cards import CardData, CardRow, HomeCard, first_rows
from khcn.experts.models import ProfileStatus
from khcn.experts.selectors import home as selectors
from khcn.experts.selectors.experts import expert_of_user


def _since(moment: Any) -> str:
    return _("Waiting since %(day)s") % {"day": localtime(moment).strftime("%d/%m/%Y")}


def _department(scope: Any) -> bool:
    return bool(scope.has_role(Role.DEPARTMENT_OFFICER))


def _commune(scope: Any) -> bool:
    return bool(scope.has_role(Role.LOCAL_OFFICER)) and not scope.unrestricted


def _list_url(name: str, **query: str) -> str:
    return reverse(name) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


# ---- The Department ----


def experts_to_validate(user: Any, scope: Any, today: date) -> CardData | None:
    """Expert profiles sent for validation."""
    if not _department(scope):
        return None
    shown, count = first_rows(selectors.expert_to_validate_list(user=user))
    rows = [
        CardRow(
            title=expert.display_name,
            url=expert.get_absolute_url(),
            unit=expert.organisation_name or (expert.unit.full_name if expert.unit else ""),
            note=_since(expert.updated_at),
        )
        for expert in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=_list_url("experts:expert_list", status=ProfileStatus.SUBMITTED),
        empty_text=gettext_lazy("No expert profile is waiting for validation."),
    )


def technologies_to_review(user: Any, scope: Any, today: date) -> CardData | None:
    """Technology offers sent for review."""
    if not _department(scope):
        return None
    shown, count = first_rows(selectors.technology_to_review_list(user=user))
    rows = [
        CardRow(
            title=technology.title,
            url=technology.get_absolute_url(),
            unit=technology.owner_name or (str(technology.owner_expert) if technology.owner_expert else ""),
            note=_since(technology.updated_at),
        )
        for technology in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=_list_url("experts:technology_list", status="submitted"),
        empty_text=gettext_lazy("No technology offer is waiting for review."),
    )


def demands_unconnected(user: Any, scope: Any, today: date) -> CardData | None:
    """Open demands nobody was connected with yet, the oldest first."""
    if not _department(scope):
        return None
    shown, count = first_rows(selectors.demand_unconnected_list(user=user))
    rows = [
        CardRow(
            title=demand.title,
            url=demand.get_absolute_url(),
            unit=demand.unit.full_name,
            due_on=demand.deadline,
            note=_("Recorded on %(day)s") % {"day": localtime(demand.created_at).strftime("%d/%m/%Y")},
        )
        for demand in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=_list_url("experts:demand_list", state="unconnected"),
        empty_text=gettext_lazy("Every open demand has a connection."),
    )


# ---- A commune ----


def unit_demands_open(user: Any, scope: Any, today: date) -> CardData | None:
    """The commune's demands still waiting for an answer."""
    if not _commune(scope):
        return None
    shown, count = first_rows(selectors.demand_open_list(user=user))
    rows = [
        CardRow(
            title=demand.title,
            url=demand.get_absolute_url(),
            unit=demand.unit.full_name,
            due_on=demand.deadline,
            note=demand.get_status_display(),
        )
        for demand in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=_list_url("experts:demand_list", state="open"),
        empty_text=gettext_lazy("No technology demand of your unit is waiting for an answer."),
    )


def unit_connections_recent(user: Any, scope: Any, today: date) -> CardData | None:
    """Connections the Department made for the commune lately."""
    if not _commune(scope):
        return None
    shown, count = first_rows(selectors.connection_recent_list(user=user, today=today))
    rows = []
    for connection in shown:
        request = connection.demand.title if connection.demand else str(connection.followup)
        rows.append(
            CardRow(
                title=str(connection.expert or connection.technology),
                url=connection.get_absolute_url(),
                unit=connection.unit.full_name,
                note=_("%(request)s · introduced on %(day)s · %(outcome)s")
                % {
                    "request": request,
                    "day": date_format(connection.introduced_on, "SHORT_DATE_FORMAT"),
                    "outcome": connection.get_outcome_display(),
                },
            )
        )
    return CardData(
        count=count,
        rows=rows,
        more_url=_list_url("experts:connection_list", recent=str(selectors.RECENT_DAYS)),
        empty_text=gettext_lazy("No connection was made for your unit in the last 30 days."),
    )


# ---- An expert ----


def my_expert_profile(user: Any, scope: Any, today: date) -> CardData | None:
    """The expert's own profile until the Department validates it."""
    if not scope.has_role(Role.EXPERT) or scope.is_department:
        return None
    expert = expert_of_user(user=user)
    url = reverse("experts:expert_me")
    if expert is None:
        row = CardRow(title=_("Fill in your expert profile"), url=url, note=_("Units find you through it."))
    elif expert.status == ProfileStatus.DRAFT:
        row = CardRow(
            title=expert.display_name,
            url=url,
            note=_("Draft: complete it and send it to the Department for validation."),
        )
    elif expert.status == ProfileStatus.SUBMITTED:
        row = CardRow(title=expert.display_name, url=url, note=_("Sent: waiting for the Department's validation."))
    else:
        return None  # validated: nothing to do
    return CardData(count=1, rows=[row], more_url=url)


def my_offers_to_confirm(user: Any, scope: Any, today: date) -> CardData | None:
    """The expert's offers to confirm before their listing ends."""
    if not scope.has_role(Role.EXPERT) or scope.is_department:
        return None
    shown, count = first_rows(selectors.technology_to_confirm_list(user=user, today=today))
    rows = [
        CardRow(
            title=technology.title,
            url=technology.get_absolute_url(),
            due_on=technology.expires_on,
            note=_("Confirm it is still on offer, or it leaves the public catalogue."),
        )
        for technology in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=_list_url("experts:technology_list", expiring="soon"),
        empty_text=gettext_lazy("No technology offer of yours needs confirming."),
    )


HOME_CARDS = [
    HomeCard(
        "my_expert_profile",
        gettext_lazy("Your expert profile"),
        my_expert_profile,
        5,
        "person-vcard",
    ),
    HomeCard(
        "my_offers_to_confirm",
        gettext_lazy("Technology offers to confirm"),
        my_offers_to_confirm,
        6,
        "arrow-repeat",
        "experts.add_technology",
    ),
    HomeCard(
        "unit_demands_open",
        gettext_lazy("Your unit's open technology demands"),
        unit_demands_open,
        50,
        "lightbulb",
        "experts.list_demands",
    ),
    HomeCard(
        "unit_connections_recent",
        gettext_lazy("Recent connections for your unit"),
        unit_connections_recent,
        51,
        "link-45deg",
        "experts.list_connections",
    ),
    HomeCard(
        "experts_to_validate",
        gettext_lazy("Expert profiles to validate"),
        experts_to_validate,
        52,
        "patch-check",
        "experts.validate_expert",
    ),
    HomeCard(
        "technologies_to_review",
        gettext_lazy("Technology offers to review"),
        technologies_to_review,
        53,
        "cpu",
        "experts.review_technology",
    ),
    HomeCard(
        "demands_unconnected",
        gettext_lazy("Demands without a connection"),
        demands_unconnected,
        54,
        "lightbulb",
        "experts.list_demands",
    ),
]
