from django.urls import path

from khcn.research import views

app_name = "research"
urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create_view, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/action/", views.proposal_action, name="proposal_action"),
    path("proposals/<int:pk>/council/", views.council_create_view, name="council_create"),
    path("councils/<int:pk>/", views.council_detail, name="council_detail"),
    path("councils/<int:pk>/conclude/", views.council_conclude_view, name="council_conclude"),
    path("councils/<int:pk>/minutes.docx", views.council_minutes_docx, name="council_minutes"),
    path("tasks/", views.task_list, name="task_list"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/action/", views.plan_action, name="plan_action"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", views.seat_detail, name="seat_detail"),
]
