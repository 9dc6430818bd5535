from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from khcn.api.routes import api_router, app_routes

router = api_router(app_routes())

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
