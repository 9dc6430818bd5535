from django.urls import path

from khcn.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("new/", views.program_create, name="program_create"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
    path("<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("<int:pk>/copy/", views.program_copy, name="program_copy"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("<int:pk>/targets/", views.target_list, name="target_list"),
    path("<int:pk>/targets/new/", views.target_create, name="target_create"),
    path("<int:pk>/targets/import/", views.target_import, name="target_import"),
    path("<int:pk>/targets/workbook.xlsx", views.target_template, name="target_template"),
    path("<int:pk>/forms/new/", views.form_create, name="form_create"),
    path("<int:pk>/periods/new/", views.period_create, name="period_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/move/", views.group_move, name="group_move"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/move/", views.indicator_move, name="indicator_move"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
    path("forms/<int:pk>/indicators/", views.form_items, name="form_items"),
    path("forms/<int:pk>/rules/", views.rule_add, name="rule_add"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
]
