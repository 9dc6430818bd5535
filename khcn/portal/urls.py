from django.urls import path, re_path

from khcn.portal import views

app_name = "portal"
urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    re_path(r"^open-data/(?P<slug>[a-z-]+)\.(?P<fmt>csv|json)$", views.open_data_file, name="open_data_file"),
    path("open-data/<slug:slug>/schema.json", views.open_data_schema, name="open_data_schema"),
    path("portal/products/", views.products, name="products"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
