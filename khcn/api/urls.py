from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from khcn.geo import api as geo_api
from khcn.meetings import api as meetings_api
from khcn.reporting import api as reporting_api
from khcn.research.api import proposals, reviews, tasks

router = DefaultRouter()
router.register("units", geo_api.AdminUnitViewSet, basename="unit")
router.register("organisations", geo_api.OrganisationViewSet, basename="organisation")
router.register("reports", reporting_api.ReportViewSet, basename="report")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("followups", meetings_api.FollowUpViewSet, basename="followup")
router.register("proposals", proposals.ProposalViewSet, basename="proposal")
router.register("tasks", tasks.TaskViewSet, basename="task")
router.register("progress-reports", tasks.ProgressReportViewSet, basename="progress_report")
router.register("reviews", reviews.ReviewSeatViewSet, basename="review")

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
