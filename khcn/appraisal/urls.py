"""URLs of the technology appraisals (/appraisal/…)."""

from django.urls import path

from khcn.appraisal import views

app_name = "appraisal"

urlpatterns = [
    path("", views.appraisal_list, name="appraisal_list"),
    path("new/", views.appraisal_create, name="appraisal_create"),
    path("import/", views.appraisal_import, name="appraisal_import"),
    path("import/template/", views.appraisal_import_template, name="appraisal_import_template"),
    path("<int:pk>/", views.appraisal_detail, name="appraisal_detail"),
    path("<int:pk>/edit/", views.appraisal_edit, name="appraisal_edit"),
    path("<int:pk>/opinion/", views.appraisal_opinion, name="appraisal_opinion"),
    path("<int:pk>/delete/", views.appraisal_delete, name="appraisal_delete"),
    path("<int:pk>/experts/", views.consultation_add, name="consultation_add"),
    path("experts/<int:pk>/remove/", views.consultation_remove, name="consultation_remove"),
]
