from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from khcn.geo.models import AdminUnit, Organisation, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_type", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", "unit_type")
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("parent",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date")
    raw_id_fields = ("predecessor", "successor")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("name", "name_folded")
    raw_id_fields = ("unit", "parent")
