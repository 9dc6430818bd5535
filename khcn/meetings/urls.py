from django.urls import path

from khcn.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create_view, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendees/", views.attendee_add_view, name="attendee_add"),
    path("<int:pk>/attendance/", views.attendance_view, name="attendance"),
    path("<int:pk>/minutes/", views.minutes_view, name="minutes"),
    path("<int:pk>/items/", views.item_add_view, name="item_add"),
    path("<int:pk>/notice.docx", views.notice_docx, name="notice_docx"),
    path("<int:pk>/invitation.docx", views.invitation_docx, name="invitation_docx"),
    path("items/", views.item_list, name="item_list"),
    path("items/import/", views.item_import, name="item_import"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/respond/", views.item_respond_view, name="item_respond"),
    path("items/<int:pk>/responses/<int:response_pk>/file", views.response_file, name="response_file"),
    path("items/board/", views.board, name="board"),
    path("items/move/<int:unit_pk>/", views.items_move_view, name="items_move"),
    path("units/<int:unit_pk>/", views.unit_page, name="unit_page"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create_view, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/delete/", views.round_delete_view, name="round_delete"),
    path("public/", views.public_tracker, name="public_tracker"),
]
