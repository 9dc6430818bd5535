from django.urls import path

from khcn.research import views, views_board, views_exports, views_tasks

app_name = "research"
urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create_view, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/action/", views.proposal_action, name="proposal_action"),
    path("proposal-files/<int:pk>/", views.proposal_file, name="proposal_file"),
    path("proposals/<int:pk>/council/", views.council_create_view, name="council_create"),
    path("councils/<int:pk>/", views.council_detail, name="council_detail"),
    path("councils/<int:pk>/conclude/", views.council_conclude_view, name="council_conclude"),
    path("councils/<int:pk>/minutes.docx", views.council_minutes_docx, name="council_minutes"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/national.<str:fmt>", views_exports.national_export, name="national_export"),
    path("tasks/board/", views_board.task_board, name="task_board"),
    # A task's councils (selection, acceptance) live under the tasks section for the navigation.
    path("tasks/councils/<int:pk>/", views.council_detail, name="task_council_detail"),
    path("tasks/<int:pk>/", views_tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views_tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/action/", views_tasks.task_action, name="task_action"),
    path("tasks/<int:pk>/progress/new/", views_tasks.progress_create, name="progress_create"),
    path("progress/<int:pk>/", views_tasks.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/edit/", views_tasks.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/action/", views_tasks.progress_action, name="progress_action"),
    path("progress/<int:pk>/file/", views_tasks.progress_file, name="progress_file"),
    path("applications/<int:pk>/dossier/", views_tasks.application_dossier, name="application_dossier"),
    path("results/", views_tasks.result_list, name="result_list"),
    path("results/<int:pk>/", views_tasks.result_detail, name="result_detail"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/action/", views.plan_action, name="plan_action"),
    path("plans/<int:pk>/plan.docx", views_exports.plan_docx, name="plan_docx"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", views.seat_detail, name="seat_detail"),
]
