"""Reads the ingest pages need: the unit registry and the indicators to match against."""

from django.conf import settings

from khcn.geo.models import AdminUnit, unit_full_name
from khcn.geo.selectors import province_get
from khcn.ingest.figures import IndicatorRef
from khcn.ingest.units import KnownUnit, UnitDirectory
from khcn.programs.models import Indicator


def unit_directory() -> UnitDirectory:
    """The units of the deployment's province (all of them on a national deployment), current
    and former, for matching the names a text gives."""
    units = AdminUnit.objects.all()
    province = province_get() if settings.KHCN_PROVINCE_CODE else None
    if province is not None:
        units = units.subtree(province)
    rows = units.values_list("pk", "name", "unit_type", "valid_from", "valid_to")
    return UnitDirectory(
        [KnownUnit(pk, name, kind, unit_full_name(kind, name), start, end) for pk, name, kind, start, end in rows]
    )


def indicator_refs() -> list[IndicatorRef]:
    """The indicators of every programme, for naming the indicator a figure likely belongs to."""
    return [IndicatorRef(pk, name, code) for pk, name, code in Indicator.objects.values_list("pk", "name", "code")]
