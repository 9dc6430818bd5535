from django.urls import path

from khcn.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periods/<int:pk>/board/", views.period_board, name="period_board"),
    path("periods/<int:pk>/aggregate/", views.period_aggregate, name="period_aggregate"),
    path("periods/<int:pk>/indicators/<int:indicator_pk>/", views.indicator_breakdown, name="indicator_breakdown"),
    path("periods/<int:period_pk>/units/<int:unit_pk>/open/", views.report_open_view, name="report_open"),
    path("periods/<int:pk>/remind/", views.period_remind, name="period_remind"),
    path("periods/<int:pk>/workbook/", views.period_workbook, name="period_workbook"),
    path("periods/<int:pk>/import/", views.period_import, name="period_import"),
    path("periods/<int:pk>/import/<int:job_pk>/", views.period_import_job, name="period_import_job"),
    path("indicators/<int:pk>/series/", views.indicator_series_view, name="indicator_series"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/document.docx", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/document.pdf", views.report_pdf, name="report_pdf"),
    path("periods/<int:pk>/summary.pdf", views.period_summary_pdf, name="period_summary_pdf"),
    path("periods/<int:pk>/summary.docx", views.period_summary_docx, name="period_summary_docx"),
    path("reports/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete_view, name="attachment_delete"),
    path("reports/<int:pk>/save/", views.report_save_view, name="report_save"),
    path("reports/<int:pk>/review/", views.report_review_view, name="report_review"),
    path("reports/<int:pk>/reopen-value/", views.value_reopen_view, name="value_reopen"),
    path("reports/<int:pk>/comment/", views.report_comment_view, name="report_comment"),
]
