from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.notifications.models import NotificationKind


class EmailPreferenceForm(forms.Form):
    """One checkbox per kind of notification: e-mail me about it too."""

    kinds = forms.MultipleChoiceField(
        label=_("Also send me an e-mail for"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].help_text = _("Every notification stays in your inbox; these only choose the e-mails.")
