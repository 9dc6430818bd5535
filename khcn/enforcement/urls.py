"""URLs of the inspections and sanction decisions (/enforcement/…): each kind's list and the shared record pages."""

from khcn.enforcement.registers import REGISTERS
from khcn.registers.urls import register_urlpatterns

app_name = "enforcement"

urlpatterns = register_urlpatterns(REGISTERS, converter="enforcement_kind")
