"""URLs of the Department's work with the city (/city/…)."""

from django.urls import path

from khcn.citywork import views

app_name = "citywork"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("board/", views.board, name="board"),
    path("board/<str:key>/<int:year>/rank/", views.rank_edit, name="rank_edit"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/delete/", views.report_delete, name="report_delete"),
    path("reports/<int:pk>/docx/", views.report_docx, name="report_docx"),
]
