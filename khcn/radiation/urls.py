"""URLs of the radiation registers (/radiation/…): each kind's list and the shared record pages."""

from khcn.radiation.registers import REGISTERS
from khcn.registers.urls import register_urlpatterns

app_name = "radiation"

urlpatterns = register_urlpatterns(REGISTERS, converter="radiation_kind")
