"""URLs of the fund (/fund/…)."""

from django.urls import path

from khcn.fund import views

app_name = "fund"

urlpatterns = [
    path("overview/", views.overview, name="overview"),
    # ---- Calls ----
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    # ---- Applications ----
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/import/", views.application_import, name="application_import"),
    path("applications/import/template/", views.application_import_template, name="application_import_template"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("applications/<int:pk>/plan/", views.plan_set, name="plan_set"),
    path("applications/<int:pk>/disbursements/", views.disbursement_add, name="disbursement_add"),
    path("applications/<int:pk>/repayments/", views.repayment_add, name="repayment_add"),
    # ---- Disbursements and repayments ----
    path("disbursements/", views.disbursement_list, name="disbursement_list"),
    path("repayments/", views.repayment_list, name="repayment_list"),
    path("repayments/<int:pk>/receive/", views.repayment_receive, name="repayment_receive"),
]
