"""The create and edit forms of the metrology registers."""

from khcn.metrology.models import Announcement, Instrument, InstrumentKind, Laboratory, Verification
from khcn.registers.forms import RegisterForm


class InstrumentKindForm(RegisterForm):
    class Meta:
        model = InstrumentKind
        fields = ["name", "cycle_months", "note"]


class InstrumentForm(RegisterForm):
    class Meta:
        model = Instrument
        fields = ["kind", "model_name", "serial", "organisation", "unit", "location", "status"]


class VerificationForm(RegisterForm):
    class Meta:
        model = Verification
        fields = ["instrument", "verified_on", "body", "result", "certificate"]


class AnnouncementForm(RegisterForm):
    class Meta:
        model = Announcement
        fields = ["organisation", "unit", "kind", "product", "standard_code", "number", "received_on"]


class LaboratoryForm(RegisterForm):
    class Meta:
        model = Laboratory
        fields = [
            "name",
            "organisation",
            "unit",
            "fields_covered",
            "accreditation",
            "accreditation_expires_on",
            "capacity",
        ]
