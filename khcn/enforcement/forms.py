"""The create and edit forms of inspections and sanction decisions."""

from django.conf import settings

from khcn.enforcement.models import Decision, Inspection
from khcn.registers.forms import RegisterForm


class InspectionForm(RegisterForm):
    class Meta:
        model = Inspection
        fields = [
            "organisation",
            "unit",
            "area",
            "kind",
            "record_id",
            "decision_number",
            "starts_on",
            "ends_on",
            "team",
            "findings",
        ]


class DecisionForm(RegisterForm):
    number_bounds = {"fine_vnd": (0, settings.KHCN_SANCTION_FINE_MAX)}

    class Meta:
        model = Decision
        fields = [
            "inspection",
            "number",
            "issued_on",
            "violation",
            "fine_vnd",
            "remedies",
            "remedy_due_on",
            "remedy_done_on",
        ]
