"""URLs of the province's IP statistics (/ipstats/…)."""

from django.urls import path

from khcn.ipstats import views

app_name = "ipstats"

urlpatterns = [
    path("", views.statistic_list, name="statistic_list"),
    path("new/", views.statistic_create, name="statistic_create"),
    path("import/", views.statistic_import, name="statistic_import"),
    path("import/template/", views.statistic_import_template, name="statistic_import_template"),
    path("<int:pk>/", views.statistic_detail, name="statistic_detail"),
    path("<int:pk>/edit/", views.statistic_edit, name="statistic_edit"),
    path("<int:pk>/delete/", views.statistic_delete, name="statistic_delete"),
]
