"""Pages for task proposals: list, write and edit, submit, and the Department's screening."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.uploads import upload_response
from khcn.research import selectors, similarity
from khcn.research.filters import ProposalFilter
from khcn.research.forms import (
    CouncilForm,
    ProposalForm,
    ScreeningForm,
)
from khcn.research.models import Proposal, ResearchTask
from khcn.research.services import proposals
from khcn.research.tables import ProposalTable
from khcn.research.views.common import ask_first


def proposal_list(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.list_proposals"):
        raise PermissionDenied
    base = selectors.proposal_list(user=request.user).select_related("call", "unit", "organisation")
    filterset = ProposalFilter(request.GET, queryset=base)
    table = ProposalTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="de-xuat-nhiem-vu.xlsx", title=_("Task proposals"))
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("research.add_proposal"),
        "can_plan": request.user.has_perm("research.view_councils"),
    }
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
            proposal = proposals.proposal_create(
                user=request.user, proposal=form.instance, followups=form.cleaned_data["followups"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else _("Not allowed."))
        else:
            messages.success(request, _("Draft proposal saved. Submit it when it is complete."))
            return redirect(proposal)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "research/proposal_form.html",
        {
            "form": form,
            "proposal": None,
            "cancel_url": reverse("research:proposal_list"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    if not request.user.has_perm("research.change_proposal", proposal) or not proposal.is_editable:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_update(
                user=request.user,
                proposal=form.instance,
                expected_version=form.cleaned_data["loaded_version"],
                followups=form.cleaned_data["followups"],
            )
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(proposal)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "research/proposal_form.html",
        {
            "form": form,
            "proposal": proposal,
            "cancel_url": proposal.get_absolute_url(),
        },
        status=status,
    )


def proposal_detail(
    request: HttpRequest,
    pk: int,
    screening: ScreeningForm | None = None,
    errors: Any = None,
    council_form: CouncilForm | None = None,
) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    can_screen = request.user.has_perm("research.screen_proposal", proposal)
    matches = similarity.similar_to(title=proposal.title, exclude_proposal=proposal.pk) if can_screen else []
    tasks = ResearchTask.objects.filter(pk__in=[m.obj.pk for m in matches if m.kind == "task"])
    context = {
        "proposal": proposal,
        "matches": matches,
        "can_edit": request.user.has_perm("research.change_proposal", proposal) and proposal.is_editable,
        "can_screen": can_screen,
        "missing": proposals.missing_for_submission(proposal) if proposal.is_editable else [],
        "screening": screening or ScreeningForm(tasks=tasks),
        "history": history_entries(proposal),
        "form_errors": errors or [],
        "followups": proposal.followups.select_related("unit"),
        "files": list(proposal.files.all()),
        "councils": proposal.councils.all() if can_screen else [],
        "council_form": council_form
        or (
            CouncilForm(initial={"name": f"Hội đồng xác định nhiệm vụ: {proposal.title}"[:255]}) if can_screen else None
        ),
    }
    return render(request, "research/proposal_detail.html", context, status=422 if errors else 200)


@require_POST
def proposal_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit or attach files (the proposer), return for completion or screen (the Department)."""
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    handler = PROPOSAL_ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return HttpResponse(status=400)
    try:
        response = handler(request, proposal)
    except ValidationError as error:
        return proposal_detail(request, pk, errors=error.messages)
    return response or redirect(proposal)


def _submit(request: HttpRequest, proposal: Proposal) -> HttpResponse | None:
    if request.user.has_perm("research.change_proposal", proposal) and not proposals.missing_for_submission(proposal):
        asked = ask_first(
            request,
            question=_("Submit the proposal to the Department?"),
            note=_("Once submitted, it can no longer be changed unless the Department returns it."),
            button=_("Yes, submit to the Department"),
            back=proposal.get_absolute_url(),
            back_label=proposal.title,
        )
        if asked:
            return asked
    proposals.proposal_submit(user=request.user, proposal=proposal)
    messages.success(request, _("Proposal submitted to the Department."))
    return None


def _attach(request: HttpRequest, proposal: Proposal) -> None:
    proposals.proposal_file_add(user=request.user, proposal=proposal, upload=request.FILES.get("file"))
    messages.success(request, _("File attached."))


def _detach(request: HttpRequest, proposal: Proposal) -> None:
    attached = proposal.files.filter(pk=request.POST.get("file") or 0).first()
    if attached is None:
        raise Http404
    proposals.proposal_file_delete(user=request.user, attached=attached)
    messages.success(request, _("File removed."))


def _return(request: HttpRequest, proposal: Proposal) -> None:
    proposals.proposal_return(user=request.user, proposal=proposal, message=request.POST.get("note", ""))
    messages.success(request, _("Proposal returned to the proposer for completion."))


def _screen(request: HttpRequest, proposal: Proposal) -> HttpResponse | None:
    form = ScreeningForm(request.POST, tasks=ResearchTask.objects.all())
    if not form.is_valid():
        errors = form.errors.get("decision") or [_("Check the screening decision.")]
        return proposal_detail(request, proposal.pk, screening=form, errors=list(errors))
    if request.user.has_perm("research.screen_proposal", proposal):
        decision = dict(form.fields["decision"].choices)[form.cleaned_data["decision"]]  # type: ignore[attr-defined]
        asked = ask_first(
            request,
            question=_("Record the decision “%(decision)s”?") % {"decision": decision},
            note=_("The proposer is told the decision; it cannot be changed afterwards."),
            button=_("Yes, record the decision"),
            back=proposal.get_absolute_url(),
            back_label=proposal.title,
        )
        if asked:
            return asked
    proposals.proposal_screen(
        user=request.user,
        proposal=proposal,
        decision=form.cleaned_data["decision"],
        note=form.cleaned_data["note"],
        duplicate_of_task=form.cleaned_data["duplicate_of_task"],
    )
    messages.success(request, _("Screening decision recorded."))
    return None


PROPOSAL_ACTIONS: dict[str, Callable[[HttpRequest, Proposal], HttpResponse | None]] = {
    "submit": _submit,
    "attach": _attach,
    "detach": _detach,
    "return": _return,
    "screen": _screen,
}


def proposal_file(request: HttpRequest, pk: int) -> FileResponse:
    """A proposal's attached file: for those who see the proposal, and council members who may score it."""
    attached = selectors.proposal_file_get(user=request.user, pk=pk)
    return upload_response(attached.file, filename=attached.name)
