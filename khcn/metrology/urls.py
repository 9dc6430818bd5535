"""URLs of the metrology registers (/metrology/…): each kind's list and the shared record pages."""

from khcn.metrology.registers import REGISTERS
from khcn.registers.urls import register_urlpatterns

app_name = "metrology"

urlpatterns = register_urlpatterns(REGISTERS, converter="metrology_kind")
