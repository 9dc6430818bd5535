"""URLs of the initiatives app (/initiatives/…)."""

from django.urls import path

from khcn.initiatives.views import city, initiatives, public, statistics
from khcn.research.views import councils

app_name = "initiatives"

urlpatterns = [
    path("", initiatives.initiative_list, name="initiative_list"),
    path("new/", initiatives.initiative_create, name="initiative_create"),
    path("statistics/", statistics.initiative_statistics, name="initiative_statistics"),
    path("<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("<int:pk>/edit/", initiatives.initiative_edit, name="initiative_edit"),
    path("<int:pk>/submit/", initiatives.initiative_submit, name="initiative_submit"),
    path("<int:pk>/recognise/", initiatives.initiative_recognise, name="initiative_recognise"),
    path("<int:pk>/city-round/", initiatives.initiative_city_submit, name="initiative_city_submit"),
    path("<int:pk>/city-council/", city.city_council_create, name="city_council_create"),
    # The city council's page: research's council page, under the initiatives' menu entry.
    path("councils/<int:pk>/", councils.council_detail, name="council_detail"),
    path("<int:pk>/city-decision.docx", city.city_decision_docx, name="city_decision_docx"),
    path("<int:pk>/certificate.docx", city.certificate_docx, name="certificate_docx"),
    path("<int:pk>/files/", initiatives.initiative_file_add, name="initiative_file_add"),
    path("files/<int:pk>/", initiatives.initiative_file, name="initiative_file"),
    path("files/<int:pk>/delete/", initiatives.initiative_file_delete, name="initiative_file_delete"),
    # ---- Public, no sign-in ----
    path("recognised/", public.recognised_list, name="recognised_list"),
]
