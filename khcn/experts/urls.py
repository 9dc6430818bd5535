"""URLs of the experts app (/experts/…); each area keeps to its own section."""

from django.urls import path

from khcn.experts.views import connections, demands, experts, matching, public, technologies

app_name = "experts"

urlpatterns = [
    # ---- Experts (views/experts.py) ----
    path("people/", experts.expert_list, name="expert_list"),
    path("people/new/", experts.expert_create, name="expert_create"),
    path("people/me/", experts.expert_me, name="expert_me"),
    path("people/import/", experts.expert_import, name="expert_import"),
    path("people/import/template/", experts.expert_import_template, name="expert_import_template"),
    path("people/<int:pk>/", experts.expert_detail, name="expert_detail"),
    path("people/<int:pk>/edit/", experts.expert_edit, name="expert_edit"),
    path("people/<int:pk>/validate/", experts.expert_validate, name="expert_validate"),
    path("people/<int:pk>/return/", experts.expert_return, name="expert_return"),
    path("people/<int:pk>/delete/", experts.expert_delete, name="expert_delete"),
    path("people/<int:pk>/history/", experts.expert_history, name="expert_history"),
    # ---- Technologies (views/technologies.py) ----
    path("technologies/", technologies.technology_list, name="technology_list"),
    path("technologies/new/", technologies.technology_create, name="technology_create"),
    path("technologies/import/", technologies.technology_import, name="technology_import"),
    path("technologies/import/template/", technologies.technology_import_template, name="technology_import_template"),
    path("technologies/<int:pk>/", technologies.technology_detail, name="technology_detail"),
    path("technologies/<int:pk>/edit/", technologies.technology_edit, name="technology_edit"),
    path("technologies/<int:pk>/submit/", technologies.technology_submit, name="technology_submit"),
    path("technologies/<int:pk>/review/", technologies.technology_review, name="technology_review"),
    path("technologies/<int:pk>/confirm/", technologies.technology_confirm, name="technology_confirm"),
    path("technologies/<int:pk>/withdraw/", technologies.technology_withdraw, name="technology_withdraw"),
    path("technologies/<int:pk>/files/", technologies.technology_file_add, name="technology_file_add"),
    path("technologies/files/<int:pk>/", technologies.technology_file, name="technology_file"),
    path("technologies/files/<int:pk>/delete/", technologies.technology_file_delete, name="technology_file_delete"),
    # ---- Demands (views/demands.py) ----
    path("demands/", demands.demand_list, name="demand_list"),
    path("demands/new/", demands.demand_create, name="demand_create"),
    path("demands/from-item/<int:followup_pk>/", demands.demand_from_followup, name="demand_from_followup"),
    path("demands/<int:pk>/", demands.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/edit/", demands.demand_edit, name="demand_edit"),
    path("demands/<int:pk>/close/", demands.demand_close, name="demand_close"),
    # ---- Matching (views/matching.py) ----
    path("demands/<int:pk>/matches/", matching.demand_matches, name="demand_matches"),
    path("match/item/<int:pk>/", matching.followup_matches, name="followup_matches"),
    path("match/proposal/<int:pk>/", matching.proposal_matches, name="proposal_matches"),
    # ---- Connections (views/connections.py) ----
    path("connections/", connections.connection_list, name="connection_list"),
    path("connections/new/", connections.connection_create, name="connection_create"),
    path("connections/board/", connections.connection_board, name="connection_board"),
    path("connections/<int:pk>/", connections.connection_detail, name="connection_detail"),
    path("connections/<int:pk>/edit/", connections.connection_edit, name="connection_edit"),
    path("connections/<int:pk>/files/", connections.connection_file_add, name="connection_file_add"),
    path("connections/files/<int:pk>/", connections.connection_file, name="connection_file"),
    path("connections/files/<int:pk>/delete/", connections.connection_file_delete, name="connection_file_delete"),
    path("connections/lookup/<str:kind>/", connections.connection_lookup, name="connection_lookup"),
    # ---- Public catalogue, no sign-in (views/public.py) ----
    path("catalogue/", public.catalogue, name="catalogue"),
    path("catalogue/technologies/<int:pk>/", public.technology_public, name="technology_public"),
    path("catalogue/technologies/<int:pk>/ask/", public.technology_ask, name="technology_ask"),
    path("catalogue/experts/", public.expert_public_list, name="expert_public_list"),
    path("catalogue/experts/<int:pk>/", public.expert_public, name="expert_public"),
]
