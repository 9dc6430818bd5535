"""URLs of inspections and sanction decisions (/enforcement/…)."""

from django.urls import path, register_converter

from khcn.enforcement import views

app_name = "enforcement"


class KindConverter:
    regex = "inspections|decisions"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "enforcement_kind")

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspections_list"),
    path("decisions/", views.decision_list, name="decisions_list"),
    path("<enforcement_kind:kind>/<int:pk>/", views.record_detail, name="record_detail"),
    path("<enforcement_kind:kind>/new/", views.record_create, name="record_create"),
    path("<enforcement_kind:kind>/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("<enforcement_kind:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("<enforcement_kind:kind>/import/", views.record_import, name="record_import"),
    path("<enforcement_kind:kind>/import/template/", views.record_import_template, name="record_import_template"),
]
