"""The officer's pages: paste or upload an article, correct the draft, confirm."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.geo.models import AdminUnit
from khcn.ingest import selectors, services
from khcn.ingest.drafts import draft_initial
from khcn.ingest.extract import extract
from khcn.ingest.forms import (
    ALL_UNITS,
    AttendeeFormSet,
    FigureFormSet,
    ItemFormSet,
    PasteForm,
    ProductFormSet,
    SessionDraftForm,
    UnitFormSet,
)
from khcn.ingest.models import SessionFigure
from khcn.meetings.forms import cluster_units
from khcn.meetings.models import FollowUp, Meeting

PREFIXES = {
    "units": UnitFormSet,
    "people": AttendeeFormSet,
    "figures": FigureFormSet,
    "items": ItemFormSet,
    "products": ProductFormSet,
}


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("ingest.use_ingest"):
        raise PermissionDenied


def _draft_forms(user: Any, data: Any = None, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """The session form and the four formsets; the unit selects share one read of the units."""
    initial = initial or {}
    units = list(cluster_units(user))
    forms: dict[str, Any] = {"form": SessionDraftForm(data, initial=initial.get("session"), user=user, units=units)}
    for prefix, formset in PREFIXES.items():
        kwargs = {"user": user, "units": units} if prefix != "people" else {}
        bound = data
        if data is not None and prefix == "products" and f"{prefix}-TOTAL_FORMS" not in data:
            # A draft page opened before products were proposed: it sends none.
            bound = {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        forms[prefix] = formset(bound, initial=initial.get(prefix), prefix=prefix, form_kwargs=kwargs)
    return forms


def ingest_start(request: HttpRequest) -> HttpResponse:
    """Paste or upload a text; a valid one gives the draft page, where nothing is saved yet."""
    _require(request)
    form = PasteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["source"]
        extraction = extract(text, directory=selectors.unit_directory(text), indicators=selectors.indicator_refs())
        products = selectors.product_candidates(
            user=request.user,
            names=[product.name for product in extraction.products],
            unit_ids=[mention.unit.id for mention in extraction.units if mention.unit],
        )
        initial = draft_initial(extraction, text, list(cluster_units(request.user)), products)
        context = {**_draft_forms(request.user, initial=initial), "extraction": extraction}
        return render(request, "ingest/draft.html", context)
    status = 422 if request.method == "POST" else 200
    return render(request, "ingest/start.html", {"form": form}, status=status)


def _chosen(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset if f.cleaned_data.get("include")]


@require_POST
def ingest_confirm(request: HttpRequest) -> HttpResponse:
    """Create the session, attendees, figures and follow-up items the officer kept."""
    _require(request)
    forms = _draft_forms(request.user, data=request.POST)
    if all(f.is_valid() for f in forms.values()):
        session = forms["form"].cleaned_data
        units = [row["unit"] for row in _chosen(forms["units"])]
        by_id = {str(unit.pk): unit for unit in units}
        try:
            items = []
            for row in _chosen(forms["items"]):
                if row["unit"] == ALL_UNITS:
                    targets = units
                else:
                    target = by_id.get(row["unit"]) or AdminUnit.objects.filter(pk=row["unit"]).first()
                    targets = [target] if target else []
                items.append(services.ItemDraft(row["kind"], row["text"], row["source_text"], row["topic"], targets))
            meeting = services.ingest_confirm(
                user=request.user,
                title=session["title"],
                starts_at=session["starts_at"],
                place=session["place"],
                units=units,
                round=session["round"],
                host_unit=session["host_unit"],
                chair=session["chair"],
                attendees=[
                    services.AttendeeDraft(r["name"], r["position"], r["kind"]) for r in _chosen(forms["people"])
                ],
                figures=[
                    services.FigureDraft(r["value"], r["source_text"], r["indicator"], r["unit"])
                    for r in _chosen(forms["figures"])
                ],
                items=items,
                minutes=session["minutes"],
                products=[
                    services.ProductDraft(r["name"], r["source_text"], r["product"]) for r in _chosen(forms["products"])
                ],
            )
        except ValidationError as error:
            forms["form"].add_error(None, error)
        else:
            messages.success(request, _("The working session and what was read with it have been recorded."))
            return redirect("ingest:session_result", pk=meeting.pk)
    return render(request, "ingest/draft.html", forms, status=422)


def session_result(request: HttpRequest, pk: int) -> HttpResponse:
    """What a confirmed import created: the session, its figures and items, with their sources."""
    _require(request)
    meeting = get_visible_or_404(Meeting.objects.select_related("round", "host_unit"), request.user, pk=pk)
    figures = visible(SessionFigure.objects.filter(meeting=meeting), request.user).select_related("indicator", "unit")
    items = visible(FollowUp.objects.filter(meeting=meeting), request.user).select_related("unit")
    return render(
        request,
        "ingest/result.html",
        {
            "meeting": meeting,
            "figures": figures,
            "items": items.order_by("kind", "pk"),
            "attendees": meeting.attendees.all(),
        },
    )
