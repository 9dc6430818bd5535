from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from khcn.api.routes import api_router, app_routes

router = api_router(app_routes())

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # Browsable docs beside the schema (Swagger UI served from this site by the sidecar package,
    # its start-up script a file of its own: nothing inline for the Content-Security-Policy).
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
