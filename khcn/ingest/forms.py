"""The paste/upload form and the draft forms an officer confirms or corrects.

The draft is kept in the page: the source text in a hidden field, each proposed record a row
of a formset with its source sentence in a hidden field, so that a failed confirm shows back
exactly what the officer typed.
"""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import DateTimeInput, KhcnForm
from khcn.core.text import nfc
from khcn.core.uploads import content_matches, file_extension, upload_name
from khcn.geo.models import AdminUnit
from khcn.ingest.readers import EXTENSIONS, text_from_bytes
from khcn.meetings.forms import HostChoiceField, cluster_units
from khcn.meetings.models import AttendeeKind, FollowUpKind, MeetingRound, Topic
from khcn.products.models import Product
from khcn.programs.models import Indicator

MAX_UPLOAD_MB = 5
MAX_TEXT_CHARS = 100_000
ALL_UNITS = "all"


class PasteForm(KhcnForm):
    text = forms.CharField(
        label=_("Text of the article or minutes"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the whole text, or upload the file below."),
    )
    file = forms.FileField(
        label=_("Or a file (.txt, .docx, .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
        help_text=_("At most %(mb)s MB.") % {"mb": MAX_UPLOAD_MB},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = upload_name(upload)
        extension = file_extension(name)
        if extension not in EXTENSIONS:
            raise ValidationError(_("Upload a .txt, .docx or .pdf file."), code="file_type")
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(mb)s MB. Paste the text instead.") % {"mb": MAX_UPLOAD_MB},
                code="file_size",
            )
        if extension != "txt" and not content_matches(upload, extension):
            raise ValidationError(
                _("“%(name)s” is not a .%(kind)s file. Save the document again in that format.")
                % {"name": name, "kind": extension},
                code="file_content",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = nfc(cleaned.get("text") or "")
        if upload is not None and not self.errors:
            text = text_from_bytes(upload.read(), file_extension(upload_name(upload)))
            if len(text) > MAX_TEXT_CHARS:
                raise ValidationError(
                    _("The text is longer than %(count)s characters. Upload the article alone.")
                    % {"count": f"{MAX_TEXT_CHARS:,}".replace(",", ".")},
                    code="too_long",
                )
        if not self.errors and len(text.split()) < 5:
            raise ValidationError(_("Paste the text of an article or minutes, or upload its file."), code="empty")
        cleaned["source"] = text
        return cleaned


class _ListedIterator(ModelChoiceIterator):
    """The choices of a list read once for the whole page, not a query per select."""

    def __iter__(self) -> Iterator[Any]:
        listed: list[Any] | None = getattr(self.field, "listed", None)
        if listed is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in listed:
            yield self.choice(obj)

    def __len__(self) -> int:
        listed: list[Any] | None = getattr(self.field, "listed", None)
        if listed is None:
            return super().__len__()
        return len(listed) + (1 if self.field.empty_label is not None else 0)


class UnitLabelField(forms.ModelChoiceField):
    """A unit select; given `listed` (the page's units, read once) it renders from that list."""

    iterator = _ListedIterator
    listed: list[AdminUnit] | None = None

    def label_from_instance(self, obj: AdminUnit) -> str:
        return HostChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


def _use_units(field: Any, user: Any, units: list[AdminUnit] | None) -> None:
    field.queryset = cluster_units(user)
    if units is not None:
        field.listed = units


class SessionDraftForm(KhcnForm):
    source = forms.CharField(widget=forms.HiddenInput, max_length=MAX_TEXT_CHARS)
    date_source = forms.CharField(widget=forms.HiddenInput, required=False)
    place_source = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title of the session"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=255)
    round = forms.ModelChoiceField(label=_("Session round"), queryset=MeetingRound.objects.all(), required=False)
    host_unit = UnitLabelField(label=_("Host unit"), queryset=AdminUnit.objects.none(), required=False)
    chair = forms.CharField(label=_("Chair"), max_length=255, required=False)
    minutes = forms.CharField(
        label=_("Minutes (general part)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Products and marks named and the difficulties raised are kept here."),
    )

    def __init__(self, *args: Any, user: Any, units: list[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_units(self.fields["host_unit"], user, units)


class UnitDraftForm(KhcnForm):
    include = forms.BooleanField(label=_("In the session"), required=False)
    written = forms.CharField(widget=forms.HiddenInput, max_length=200)
    source_text = forms.CharField(widget=forms.HiddenInput, required=False)
    unit = UnitLabelField(label=_("Unit in the registry"), queryset=AdminUnit.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, units: list[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_units(self.fields["unit"], user, units)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("include") and not cleaned.get("unit"):
            self.add_error("unit", ValidationError(_("Choose the unit in the registry, or untick it."), code="unit"))
        return cleaned


class AttendeeDraftForm(KhcnForm):
    include = forms.BooleanField(label=_("Attended"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=AttendeeKind.choices)
    source_text = forms.CharField(widget=forms.HiddenInput, required=False)


class FigureDraftForm(KhcnForm):
    include = forms.BooleanField(label=_("Keep"), required=False)
    value = forms.CharField(label=_("Value"), max_length=60)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.select_related("program").order_by("program", "position", "pk"),
        required=False,
    )
    unit = UnitLabelField(label=_("Unit"), queryset=AdminUnit.objects.none(), required=False)
    source_text = forms.CharField(widget=forms.HiddenInput, max_length=5000)

    def __init__(self, *args: Any, user: Any, units: list[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_units(self.fields["unit"], user, units)


class ItemDraftForm(KhcnForm):
    include = forms.BooleanField(label=_("Keep"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    source_text = forms.CharField(widget=forms.HiddenInput, max_length=5000)

    def __init__(self, *args: Any, user: Any, units: list[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = units if units is not None else list(cluster_units(user))
        choices = [(str(u.pk), HostChoiceField.label_from_instance(self, u)) for u in listed]  # type: ignore[arg-type]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("— Choose —")),
            (ALL_UNITS, _("Every unit of the session")),
            *choices,
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("include") and not cleaned.get("unit"):
            self.add_error("unit", ValidationError(_("Choose the unit the item concerns, or untick it."), code="unit"))
        return cleaned


class CatalogueProductField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.name} — {obj.unit.full_name}"


MAX_CANDIDATES = 5


class ProductDraftForm(KhcnForm):
    """A product named in the text, and the catalogue's product it likely is (the candidates the
    draft proposed travel in a hidden field: only they are offered, only they are accepted)."""

    include = forms.BooleanField(label=_("Keep"), required=False)
    name = forms.CharField(label=_("Name as written"), max_length=255)
    product = CatalogueProductField(
        label=_("Product in the catalogue"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("— Not in the catalogue —"),
    )
    candidates = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    source_text = forms.CharField(widget=forms.HiddenInput, max_length=5000)

    def __init__(self, *args: Any, user: Any, units: list[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [int(part) for part in str(self["candidates"].value() or "").split(",") if part.strip().isdigit()]
        queryset = visible(Product.objects.filter(pk__in=ids[:MAX_CANDIDATES]), user).select_related("unit")
        self.fields["product"].queryset = queryset.order_by("name", "pk")  # type: ignore[attr-defined]


def _formset(form: type[forms.Form]) -> Any:
    return forms.formset_factory(form, extra=0, max_num=200, validate_max=True)


UnitFormSet = _formset(UnitDraftForm)
AttendeeFormSet = _formset(AttendeeDraftForm)
FigureFormSet = _formset(FigureDraftForm)
ItemFormSet = _formset(ItemDraftForm)
ProductFormSet = _formset(ProductDraftForm)
