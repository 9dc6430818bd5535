"""URLs of the radiation registers (/radiation/…)."""

from django.urls import path, register_converter

from khcn.radiation import views

app_name = "radiation"


class KindConverter:
    regex = "facilities|sources|licences|incidents"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "radiation_kind")

urlpatterns = [
    path("facilities/", views.facility_list, name="facilities_list"),
    path("sources/", views.source_list, name="sources_list"),
    path("licences/", views.licence_list, name="licences_list"),
    path("incidents/", views.incident_list, name="incidents_list"),
    path("<radiation_kind:kind>/<int:pk>/", views.record_detail, name="record_detail"),
    path("<radiation_kind:kind>/new/", views.record_create, name="record_create"),
    path("<radiation_kind:kind>/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("<radiation_kind:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("<radiation_kind:kind>/import/", views.record_import, name="record_import"),
    path("<radiation_kind:kind>/import/template/", views.record_import_template, name="record_import_template"),
]
