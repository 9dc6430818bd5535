"""URLs of the quality app (/quality/…): the ISO 9001 board and units, then courses."""

from django.urls import path

from khcn.quality import views

app_name = "quality"

urlpatterns = [
    # ---- ISO 9001 ----
    path("iso/", views.board, name="board"),
    path("iso/units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("iso/units/<int:pk>/edit/", views.qms_edit, name="qms_edit"),
    path("iso/units/<int:pk>/self-report/", views.selfreport_submit, name="selfreport_submit"),
    path("iso/units/<int:pk>/inspections/new/", views.inspection_create, name="inspection_create"),
    path("iso/self-reports/<int:pk>/review/", views.selfreport_review, name="selfreport_review"),
    # ---- Courses ----
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/mine/", views.my_courses, name="my_courses"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("courses/<int:pk>/attendance/", views.attendance_record, name="attendance_record"),
    path("courses/<int:pk>/evaluation/", views.evaluation_submit, name="evaluation_submit"),
    path("courses/<int:pk>/files/", views.course_file_add, name="course_file_add"),
    path("courses/<int:pk>/answers/", views.course_link, name="course_link"),
    path("courses/files/<int:pk>/", views.course_file, name="course_file"),
]
