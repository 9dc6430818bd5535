"""Pages of a simple register: list, detail with history, create and edit, delete behind a
confirmation, and an atomic .xlsx import (issue 18's registers: metrology, radiation,
inspections).

An app describes each kind of record once as a `Register` (its model, queryset, filter, table,
form, permissions and the services that write it) and routes its pages to the views below.
The views only read through `visible(...)` and write through the register's services, so the
same scope rules hold as everywhere else (accounts.scoping). Nothing here knows a domain app.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from khcn.accounts.scoping import get_visible_or_404, visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import download_name, table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.imports import ImportResult, RowError
from khcn.registers.forms import ImportForm

EVERY_ROW_CHECKED = gettext_lazy(
    "Every row is checked with the same rules as the pages; if any row is wrong nothing is saved "
    "and every wrong row is listed."
)


@dataclass(frozen=True)
class Section:
    """A list of related records shown on a record's detail page."""

    title: str | Promise
    headers: Sequence[str | Promise]
    rows: list[Sequence[Any]]  # the cells of each row (safe HTML for links)
    add_url: str = ""


@dataclass(frozen=True)
class Register:
    """One kind of record and how its pages read and write it.

    - `queryset()`: every row, with the joins the table and detail need; the views scope it.
    - `save(user=, instance=, expected_version=, fields=)`: the service that creates (instance
      None) or edits a record; it checks permission and scope and raises ValidationError.
    - `delete(user=, instance=)`: the service that deletes it.
    - `detail(obj)`: (label, value) pairs shown on the detail page; `sections(user, obj)` the
      related lists under them; `badges(obj)` (text, css class) pairs beside the title.
    - `importer(user=, file=)` and `template()`: the .xlsx import and its blank workbook.
    """

    app: str
    kind: str
    model: type[Model]
    title: str | Promise
    singular: str | Promise
    lead: str | Promise
    icon: str
    queryset: Callable[[], QuerySet[Any]]
    filterset: type
    table: type
    form: type
    view_perm: str
    change_perm: str
    save: Callable[..., Model]
    delete: Callable[..., None]
    detail: Callable[[Any], list[tuple[Any, Any]]]
    export_name: str
    search_fields: tuple[str, ...] = ()
    sections: Callable[[Any, Any], list[Section]] = lambda user, obj: []
    badges: Callable[[Any], list[tuple[str, str]]] = lambda obj: []
    importer: Callable[..., ImportResult] | None = None
    template: Callable[[], bytes] | None = None
    import_help: str | Promise = ""
    form_initial: Callable[[HttpRequest], dict[str, Any]] = lambda request: {}
    extra_links: Sequence[tuple[str | Promise, str | Promise]] = field(default=())

    @property
    def list_url(self) -> str:
        return reverse(f"{self.app}:{self.kind}_list")

    def url(self, name: str, obj: Any = None) -> str:
        args = [self.kind] + ([obj.pk] if obj is not None else [])
        return reverse(f"{self.app}:record_{name}", args=args)


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def register_list(request: HttpRequest, reg: Register) -> HttpResponse:
    """The register's list: filter, search, sort, page, export (.xlsx) and an HTMX fragment."""
    _require(request, reg.view_perm)
    rows = visible(reg.queryset(), request.user)
    filterset = reg.filterset(request.GET, queryset=rows, request=request)
    table = reg.table(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename=download_name(reg.export_name, ext="xlsx"), title=str(reg.title))
    context = {
        "reg": reg,
        "filter": filterset,
        "table": table,
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        "can_add": request.user.has_perm(reg.change_perm),
        "can_import": reg.importer is not None and request.user.has_perm(reg.change_perm),
    }
    if getattr(request, "htmx", False) and request.htmx.target == "register-table":  # type: ignore[attr-defined]
        return render(request, "registers/list.html#table", context)
    return render(request, "registers/list.html", context)


def register_detail(request: HttpRequest, reg: Register, pk: int) -> HttpResponse:
    """One record, its related lists and its change history."""
    _require(request, reg.view_perm)
    obj = get_visible_or_404(reg.queryset(), request.user, pk=pk)
    context = {
        "reg": reg,
        "object": obj,
        "fields": reg.detail(obj),
        "sections": reg.sections(request.user, obj),
        "badges": reg.badges(obj),
        "can_change": request.user.has_perm(reg.change_perm, obj),
        "history": history_entries(obj),
    }
    return render(request, "registers/detail.html", context)


def register_form(request: HttpRequest, reg: Register, pk: int | None = None) -> HttpResponse:
    """Create (pk None) or edit a record; a refused save keeps what the user typed (422)."""
    obj = get_visible_or_404(reg.queryset(), request.user, pk=pk) if pk is not None else None
    _require(request, reg.change_perm, obj)
    initial = reg.form_initial(request) if obj is None else None
    form = reg.form(request.POST or None, instance=obj, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("loaded_version", None)
        try:
            saved = reg.save(user=request.user, instance=obj, expected_version=version, fields=data)
        except StaleObjectError as error:
            form.mark_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(name)s” saved.") % {"name": saved})
            return redirect(reg.url("detail", saved))
    heading = (_("Edit: %(name)s") % {"name": obj}) if obj else (_("New: %(kind)s") % {"kind": reg.singular})
    context = {
        "reg": reg,
        "form": form,
        "object": obj,
        "heading": heading,
        "cancel_url": reg.url("detail", obj) if obj else reg.list_url,
    }
    return render(request, "registers/form.html", context, status=422 if request.method == "POST" else 200)


def register_delete(request: HttpRequest, reg: Register, pk: int) -> HttpResponse:
    """Ask, then delete the record through its service (its history is kept)."""
    obj = get_visible_or_404(reg.queryset(), request.user, pk=pk)
    _require(request, reg.change_perm, obj)
    confirm = Confirm(
        title=_("Delete “%(name)s”") % {"name": obj},
        question=_("Do you really want to delete “%(name)s”? Its change history is kept.") % {"name": obj},
        button=_("Yes, delete"),
        cancel_url=reg.url("detail", obj),
        crumbs=[(str(reg.title), reg.list_url)],
    )
    if request.method == "POST":
        try:
            reg.delete(user=request.user, instance=obj)
        except ValidationError as error:
            confirm.errors = list(error.messages)
            confirm.allowed = False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("“%(name)s” deleted.") % {"name": obj})
        return redirect(reg.list_url)
    return confirm_page(request, confirm)


@dataclass(frozen=True)
class ImportPage:
    """What an import page says: its heading, the lead under it (what a row holds), and where
    the list and the blank template are."""

    heading: str | Promise
    lead: str | Promise
    list_title: str | Promise
    list_url: str
    template_url: str


def import_page(
    request: HttpRequest, *, page: ImportPage, importer: Callable[..., ImportResult], form_class: type = ImportForm
) -> HttpResponse:
    """Upload a workbook to `importer`: every row checked, all saved or none, every bad row
    listed (422). The caller has checked that the user may import."""
    form = form_class(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST":
        if form.is_valid():
            result = importer(user=request.user, file=form.cleaned_data["file"])
        else:
            result = ImportResult(errors=[RowError("", 0, "", _("Choose the workbook to upload."))])
        if result.ok:
            messages.success(request, _("%(count)s rows imported.") % {"count": result.saved})
    status = 422 if result is not None and not result.ok else 200
    return render(request, "registers/import.html", {"page": page, "form": form, "result": result}, status=status)


def register_import(request: HttpRequest, reg: Register, form_class: type = ImportForm) -> HttpResponse:
    """Upload a workbook of the register's records."""
    if reg.importer is None:
        raise PermissionDenied
    _require(request, reg.change_perm)
    page = ImportPage(
        heading=f"{_('Import from Excel')}: {reg.title}",
        lead=f"{reg.import_help} {EVERY_ROW_CHECKED}",
        list_title=reg.title,
        list_url=reg.list_url,
        template_url=reverse(f"{reg.app}:record_import_template", args=[reg.kind]),
    )
    return import_page(request, page=page, importer=reg.importer, form_class=form_class)


def register_template(request: HttpRequest, reg: Register) -> HttpResponse:
    """The blank workbook the import reads."""
    from khcn.core.exports import download_response

    if reg.template is None:
        raise PermissionDenied
    _require(request, reg.change_perm)
    return download_response(reg.template(), filename=download_name(reg.export_name, "mau", ext="xlsx"))
