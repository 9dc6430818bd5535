"""Forms of the catalogue: producers, certifications, products, photos and the import upload."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import DateInput, KhcnForm, VersionedModelForm
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products.models import CertificationKind, Producer, Product


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        if obj.valid_to is not None:
            return _("%(unit)s (former)") % {"unit": obj.full_name}
        return obj.full_name


def communes_writable(user: Any) -> QuerySet[AdminUnit]:
    """Today's communes and wards the user writes for (the choice of a record's commune)."""
    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    return visible(AdminUnit.objects.filter(current, level=UnitLevel.COMMUNE), user, action="change").order_by(
        "sort_key", "pk"
    )


def former_units(user: Any) -> QuerySet[AdminUnit]:
    """Communes and districts no longer in force that the user may name as a record's former
    unit: those in their scope, and those that passed into a commune they write for (a commune
    formed on 1 July 2025 names communes of former districts outside its own subtree). Not the
    whole country: a national registry holds some ten thousand former units."""
    today = timezone.localdate()
    former = AdminUnit.objects.filter(valid_to__lt=today).exclude(level=UnitLevel.PROVINCE)
    in_scope = visible(former, user).values("pk")
    predecessors = former.filter(successions_out__successor__in=communes_writable(user)).values("pk")
    return former.filter(Q(pk__in=in_scope) | Q(pk__in=predecessors)).order_by("level", "sort_key", "pk")


class _UnitsMixin:
    def _set_units(self, user: Any) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        fields["unit"].queryset = communes_writable(user)
        fields["former_unit"].queryset = former_units(user)
        fields["former_unit"].required = False


class ProducerForm(_UnitsMixin, VersionedModelForm):
    class Meta:
        model = Producer
        fields = [
            "name",
            "kind",
            "unit",
            "former_unit",
            "address",
            "business_code",
            "phone",
            "website",
            "publish_contact",
            "members",
            "representative",
            "representative_phone",
            "representative_email",
        ]
        field_classes = {"unit": UnitField, "former_unit": UnitField}

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_units(user)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Enter the producer's name (at least 3 characters)."))
        return name


class CertificationForm(KhcnForm):
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *CertificationKind.choices])
    name = forms.CharField(label=_("name"), max_length=200, required=False, help_text=_("When the kind is 'Other'."))
    number = forms.CharField(label=_("certificate number"), max_length=60, required=False)
    issued_by = forms.CharField(label=_("issued by"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("issued on"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DateInput())
    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.none(), required=False)

    def __init__(self, *args: Any, producer: Producer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = producer.products.order_by("name", "pk")  # type: ignore[attr-defined]
        self.fields["product"].empty_label = _("All its products")  # type: ignore[attr-defined]
        for field in self.fields.values():  # the model's names are lower case, as Django's labels are not
            field.label = capfirst(field.label)


class ProducerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Producer) -> str:
        return f"{obj.name} ({obj.unit.full_name})"


class TaskChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        code = getattr(obj, "code", "")
        return f"{code} · {obj}" if code else str(obj)


class ProductForm(_UnitsMixin, VersionedModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "unit",
            "former_unit",
            "producers",
            "description",
            "season",
            "craft_village",
            "gtin",
            "research_tasks",
            "support_note",
        ]
        field_classes = {
            "unit": UnitField,
            "former_unit": UnitField,
            "producers": ProducerChoiceField,
            "research_tasks": TaskChoiceField,
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "support_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from khcn.research.selectors import task_list

        super().__init__(*args, **kwargs)
        self._set_units(user)
        producers = visible(Producer.objects.select_related("unit"), user).order_by("name", "pk")
        if self.instance.pk:  # keep producers linked before (by the Department) selectable
            producers = producers | Producer.objects.filter(pk__in=self.instance.producers.values("pk"))
        self.fields["producers"].queryset = producers.select_related("unit").distinct()  # type: ignore[attr-defined]
        self.fields["research_tasks"].queryset = task_list(user=user).order_by("pk")  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Enter the product's name (at least 3 characters)."))
        return name

    def clean_gtin(self) -> str:
        return "".join(self.cleaned_data.get("gtin", "").split())


class PhotoForm(KhcnForm):
    image = forms.FileField(label=_("photo"), help_text=_("A .jpg or .png photo."))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = ".jpg,.jpeg,.png,image/jpeg,image/png"
        for field in self.fields.values():
            field.label = capfirst(field.label)


IMPORT_KINDS = [("producers", _("Producers")), ("products", _("Products"))]


class ImportForm(KhcnForm):
    kind = forms.ChoiceField(label=_("What the workbook holds"), choices=IMPORT_KINDS)
    file = forms.FileField(label=_("Workbook (.xlsx)"))
