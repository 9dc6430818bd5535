"""Pages for task proposals: list, write and edit, submit, and the Department's screening."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.research import selectors, services, similarity
from khcn.research.filters import ProposalFilter
from khcn.research.forms import ProposalForm, ScreeningForm
from khcn.research.models import Proposal, ProposalStatus, ResearchTask
from khcn.research.tables import ProposalTable


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _proposal_or_404(user: Any, pk: int) -> Proposal:
    proposal = (
        selectors.proposals_visible(user)
        .select_related("call", "unit", "organisation", "duplicate_of_task", "created_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposal_list(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.list_proposals"):
        raise PermissionDenied
    base = selectors.proposals_visible(request.user).select_related("call", "unit", "organisation")
    filterset = ProposalFilter(request.GET, queryset=base)
    table = ProposalTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="de-xuat-nhiem-vu.xlsx", title=_("Task proposals"))
    context = {"filter": filterset, "table": table, "can_add": request.user.has_perm("research.add_proposal")}
    if request.htmx and request.htmx.target == "proposal-table":
        return render(request, "research/proposal_list.html#table", context)
    return render(request, "research/proposal_list.html", context)


@require_http_methods(["GET", "POST"])
def proposal_create_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.add_proposal"):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(user=request.user, proposal=form.save(commit=False))
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else _("Not allowed."))
        else:
            proposal.followups.set(form.cleaned_data["followups"])
            messages.success(request, _("Draft proposal saved. Submit it when it is complete."))
            return redirect(proposal)
    status = 422 if request.method == "POST" else 200
    return render(request, "research/proposal_form.html", {"form": form, "proposal": None}, status=status)


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request.user, pk)
    if not request.user.has_perm("research.change_proposal", proposal) or not proposal.is_editable:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                user=request.user, proposal=form.instance, expected_version=form.cleaned_data["loaded_version"]
            )
            form.instance.followups.set(form.cleaned_data["followups"])
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(proposal)
    status = 422 if request.method == "POST" else 200
    return render(request, "research/proposal_form.html", {"form": form, "proposal": proposal}, status=status)


def proposal_detail(
    request: HttpRequest, pk: int, screening: ScreeningForm | None = None, errors: Any = None
) -> HttpResponse:
    proposal = _proposal_or_404(request.user, pk)
    can_screen = request.user.has_perm("research.screen_proposal", proposal)
    matches = similarity.similar_to(title=proposal.title, exclude_proposal=proposal.pk) if can_screen else []
    tasks = ResearchTask.objects.filter(pk__in=[m.obj.pk for m in matches if m.kind == "task"])
    context = {
        "proposal": proposal,
        "matches": matches,
        "can_edit": request.user.has_perm("research.change_proposal", proposal) and proposal.is_editable,
        "can_screen": can_screen,
        "missing": services.missing_for_submission(proposal) if proposal.is_editable else [],
        "screening": screening or ScreeningForm(tasks=tasks),
        "history": history_entries(proposal),
        "form_errors": errors or [],
        "followups": proposal.followups.select_related("unit"),
    }
    return render(request, "research/proposal_detail.html", context, status=422 if errors else 200)


@require_POST
def proposal_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit (the proposer), return for completion or screen (the Department)."""
    proposal = _proposal_or_404(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.proposal_submit(user=request.user, proposal=proposal)
            messages.success(request, _("Proposal submitted to the Department."))
        elif action == "return":
            services.proposal_return(user=request.user, proposal=proposal, message=request.POST.get("note", ""))
            messages.success(request, _("Proposal returned to the proposer for completion."))
        elif action == "screen":
            tasks = ResearchTask.objects.all()
            form = ScreeningForm(request.POST, tasks=tasks)
            if not form.is_valid():
                return proposal_detail(request, pk, screening=form, errors=[_("Check the screening decision.")])
            services.proposal_screen(
                user=request.user,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                duplicate_of_task=form.cleaned_data["duplicate_of_task"],
            )
            messages.success(request, _("Screening decision recorded."))
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        return proposal_detail(request, pk, errors=error.messages)
    return redirect(proposal)


__all__ = ["ProposalStatus", "proposal_action", "proposal_create_view", "proposal_detail", "proposal_edit"]
