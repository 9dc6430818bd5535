from django.urls import path

from khcn.research.views import board, councils, exports, plans, progress, proposals, results, reviews, tasks

app_name = "research"
urlpatterns = [
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/new/", proposals.proposal_create_view, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/action/", proposals.proposal_action, name="proposal_action"),
    path("proposal-files/<int:pk>/", proposals.proposal_file, name="proposal_file"),
    path("proposals/<int:pk>/council/", councils.council_create_view, name="council_create"),
    path("councils/<int:pk>/", councils.council_detail, name="council_detail"),
    path("councils/<int:pk>/conclude/", councils.council_conclude_view, name="council_conclude"),
    path("councils/<int:pk>/minutes.docx", councils.council_minutes_docx, name="council_minutes"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/national.<str:fmt>", exports.national_export, name="national_export"),
    path("tasks/board/", board.task_board, name="task_board"),
    # A task's councils (selection, acceptance) live under the tasks section for the navigation.
    path("tasks/councils/<int:pk>/", councils.council_detail, name="task_council_detail"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/action/", tasks.task_action, name="task_action"),
    path("tasks/<int:pk>/progress/new/", progress.progress_create, name="progress_create"),
    path("progress/<int:pk>/", progress.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/edit/", progress.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/action/", progress.progress_action, name="progress_action"),
    path("progress/<int:pk>/file/", progress.progress_file, name="progress_file"),
    path("applications/<int:pk>/dossier/", tasks.application_dossier, name="application_dossier"),
    path("results/", results.result_list, name="result_list"),
    path("results/<int:pk>/", results.result_detail, name="result_detail"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/action/", plans.plan_action, name="plan_action"),
    path("plans/<int:pk>/plan.docx", exports.plan_docx, name="plan_docx"),
    path("reviews/", reviews.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", reviews.seat_detail, name="seat_detail"),
]
