"""The create and edit forms of the radiation registers."""

from django.utils.translation import gettext_lazy as _

from khcn.radiation.models import Facility, Incident, Licence, Source
from khcn.registers.forms import RegisterForm


class FacilityForm(RegisterForm):
    class Meta:
        model = Facility
        fields = ["name", "organisation", "unit", "address", "kind", "safety_officer", "notes"]


class SourceForm(RegisterForm):
    class Meta:
        model = Source
        fields = ["facility", "kind", "model_name", "serial", "isotope", "activity_gbq", "kv_max", "ma_max", "status"]


class LicenceForm(RegisterForm):
    class Meta:
        model = Licence
        fields = ["facility", "number", "activities", "issued_by", "issued_on", "expires_on", "renews"]
        help_texts = {"renews": _("For a renewal: the licence it replaces.")}


class IncidentForm(RegisterForm):
    class Meta:
        model = Incident
        fields = ["facility", "occurred_on", "severity", "description", "measures"]
