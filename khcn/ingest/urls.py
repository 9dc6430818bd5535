from django.urls import path

from khcn.ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.ingest_start, name="start"),
    path("confirm/", views.ingest_confirm, name="confirm"),
    path("sessions/<int:pk>/", views.session_result, name="session_result"),
]
