from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from khcn.accounts import selectors
from khcn.accounts.models import User
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, StyledFormMixin
from khcn.geo.models import AdminUnit, Organisation


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


class UnitLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        if obj.valid_to is not None:
            return _("%(unit)s (former)") % {"unit": obj.full_name}
        return obj.full_name


class GrantForm(KhcnForm):
    """A role and where it applies; the service checks the shape and the caller's scope."""

    role = forms.ChoiceField(label=_("Role"))
    unit = UnitLabelField(
        label=_("Administrative unit"),
        queryset=AdminUnit.objects.none(),
        required=False,
        help_text=_("The province for Department staff; one ward or commune for a local officer."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Required for experts and council members; optional otherwise."),
    )
    office = forms.ModelChoiceField(
        label=_("Division of the Department"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", _("— Choose —")),
            *((role.value, role.label) for role in selectors.grantable_roles(user=user)),
        ]
        self.fields["unit"].queryset = selectors.grant_units(user=user)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = selectors.grant_organisations(user=user)  # type: ignore[attr-defined]
        self.fields["office"].queryset = selectors.grant_offices(user=user)  # type: ignore[attr-defined]


class PasswordPairForm(KhcnForm):
    """Two password fields that must match and pass Django's validators for the account."""

    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password, not only digits, not like the name or username."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def check_password_pair(self, account: User) -> None:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ; type the same password twice."))
        elif first:
            try:
                password_validation.validate_password(first, user=account)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class UserCreateForm(PasswordPairForm, GrantForm):
    """A new account, its initial password and its first role."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and . _ - only, e.g. xa.tienthang."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    field_order = ["username", "full_name", "position", "email", "phone", "password1", "password2", "role"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        account = User(
            username=cleaned.get("username", ""), full_name=cleaned.get("full_name", ""), email=cleaned.get("email", "")
        )
        self.check_password_pair(account)
        return cleaned


class UserEditForm(KhcnModelForm):
    class Meta:
        model = User
        fields = ["full_name", "position", "email", "phone"]
        labels = {"full_name": _("Full name"), "position": _("Position"), "email": _("E-mail"), "phone": _("Phone")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class AccountPasswordForm(PasswordPairForm):
    """A new password that the Department gives an account (its owner forgot theirs)."""

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["password1"].label = _("New password")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_password_pair(self.account)
        return cleaned


class TokenForm(KhcnForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the system that uses it."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: the last day it works. Leave empty to keep it until you revoke it."),
    )
