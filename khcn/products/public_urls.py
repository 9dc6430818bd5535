"""The public traceability pages, at the site's root so the URLs behind QR codes stay short:
/p/<product code>/, /b/<batch code>/ and the GS1 Digital Link paths /01/<GTIN>/10/<lot>."""

app_name = "products_public"
urlpatterns: list = []
