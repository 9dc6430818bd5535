"""The ranked experts and technologies for a demand, a follow-up item or a proposal.

Each page shows what is asked and two ranked lists with the reasons of each suggestion; the
Department records a connection from a suggestion (views/connections.py reads ?demand= or
?followup= with ?expert= or ?technology=). A request the user may not see answers 404.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from khcn.experts.matching import match, query_for
from khcn.experts.selectors.matching import demand_for_matches, followup_for_matches, proposal_for_matches


def _render(request: HttpRequest, *, subject: Any, kind: str, heading: str, text: str, back: str) -> HttpResponse:
    found = match(query=query_for(subject), user=request.user)
    context = {
        "subject": subject,
        "kind": kind,
        "heading": heading,
        "text": text,
        "back": back,
        "matches": found,
        "can_connect": kind in ("demand", "followup") and request.user.has_perm("experts.add_connection", subject),
    }
    return render(request, "experts/matching/matches.html", context)


@login_required
def demand_matches(request: HttpRequest, pk: int) -> HttpResponse:
    demand = demand_for_matches(user=request.user, pk=pk)
    text = "\n\n".join(t for t in (demand.problem, demand.context) if t)
    return _render(
        request, subject=demand, kind="demand", heading=demand.title, text=text, back=demand.get_absolute_url()
    )


@login_required
def followup_matches(request: HttpRequest, pk: int) -> HttpResponse:
    item = followup_for_matches(user=request.user, pk=pk)
    heading = _("Follow-up item: %(unit)s") % {"unit": item.unit.name}
    return _render(
        request, subject=item, kind="followup", heading=heading, text=item.text, back=item.get_absolute_url()
    )


@login_required
def proposal_matches(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for_matches(user=request.user, pk=pk)
    if proposal is None:
        raise Http404
    return _render(
        request,
        subject=proposal,
        kind="proposal",
        heading=proposal.title,
        text=proposal.problem,
        back=proposal.get_absolute_url(),
    )
