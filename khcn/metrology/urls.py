"""URLs of the metrology registers (/metrology/…)."""

from django.urls import path, register_converter

from khcn.metrology import views

app_name = "metrology"


class KindConverter:
    regex = "kinds|instruments|verifications|announcements|laboratories"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "metrology_kind")

urlpatterns = [
    path("kinds/", views.kind_list, name="kinds_list"),
    path("instruments/", views.instrument_list, name="instruments_list"),
    path("verifications/", views.verification_list, name="verifications_list"),
    path("announcements/", views.announcement_list, name="announcements_list"),
    path("laboratories/", views.laboratory_list, name="laboratories_list"),
    path("<metrology_kind:kind>/<int:pk>/", views.record_detail, name="record_detail"),
    path("<metrology_kind:kind>/new/", views.record_create, name="record_create"),
    path("<metrology_kind:kind>/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("<metrology_kind:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("<metrology_kind:kind>/import/", views.record_import, name="record_import"),
    path("<metrology_kind:kind>/import/template/", views.record_import_template, name="record_import_template"),
]
