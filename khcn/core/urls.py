from django.conf import settings
from django.urls import path

from khcn.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("language", views.language, name="language"),
]
if settings.KHCN_BENCH_BARE_VIEW:
    urlpatterns.append(path("bench/bare", views.bare, name="bare"))
