"""URLs of the register of S&T enterprises (/enterprises/…)."""

from django.urls import path

from khcn.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/new/", views.certificate_create, name="certificate_create"),
    path("certificates/import/", views.certificate_import, name="certificate_import"),
    path("certificates/import/template/", views.certificate_import_template, name="certificate_import_template"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/edit/", views.certificate_edit, name="certificate_edit"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/<int:pk>/incentives/", views.incentive_add, name="incentive_add"),
    path("certificates/<int:pk>/changes/", views.amendment_add, name="amendment_add"),
]
