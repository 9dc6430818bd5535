"""The forms of the traceability area: a batch (lô) and a check of it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnModelForm, VersionedModelForm
from khcn.products.models import Batch, BatchCheck
from khcn.products.services.trace import BATCH_FIELDS


class BatchForm(VersionedModelForm):
    """A batch's harvest or production data, inputs and steps; the product comes from the page."""

    class Meta:
        model = Batch
        fields = list(BATCH_FIELDS)
        widgets = {
            "inputs": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "lot": _("As printed on the package: 1 to 20 Latin letters, digits and - . _ /."),
            "is_published": _("The batch's public page opens when its product's page is published too."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_lot(self) -> str:
        return str(self.cleaned_data["lot"]).strip()


class BatchCheckForm(KhcnModelForm):
    """An inspection or laboratory test of a batch and its result."""

    class Meta:
        model = BatchCheck
        fields = ["kind", "on", "by", "result", "passed"]
        labels = {"passed": _("Passed (meets the requirements)")}
