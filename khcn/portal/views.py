"""The public portal: the open-data catalogue and files, the product list, the sitemap (no sign-in)."""

import csv
import io
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from khcn.core.bounds import ID_MAX
from khcn.core.exports import FORMULA_TRIGGERS
from khcn.core.text import fold
from khcn.geo.models import AdminUnit
from khcn.portal import datasets
from khcn.products.models import OcopRating, Product, ProductCategory


def _site(request: HttpRequest) -> str:
    """The address links in files and the sitemap start with: the configured public address,
    else the one the request came to."""
    return (settings.KHCN_PUBLIC_BASE_URL or request.build_absolute_uri("/")).rstrip("/")


def _dataset(slug: str) -> datasets.Dataset:
    dataset = datasets.BY_SLUG.get(slug)
    if dataset is None:
        raise Http404
    return dataset


@login_not_required
@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The catalogue: each dataset, how many records it holds, its files, schema and licence."""
    entries = [
        {
            "dataset": d,
            "count": d.records().count(),
            "columns": d.columns,
            "csv": reverse("portal:open_data_file", args=[d.slug, "csv"]),
            "json": reverse("portal:open_data_file", args=[d.slug, "json"]),
            "schema": reverse("portal:open_data_schema", args=[d.slug]),
            "page": reverse(d.page),
        }
        for d in datasets.DATASETS
    ]
    context = {"entries": entries, "licence": datasets.licence(), "schema_version": datasets.SCHEMA_VERSION}
    return render(request, "portal/open_data.html", context)


def _csv_text(value: Any) -> Any:
    """A cell as written to CSV: text that a spreadsheet would read as a formula gets the
    apostrophe spreadsheets use to keep it text (documented on the catalogue page)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@login_not_required
@require_safe
def open_data_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = _dataset(slug)
    site = _site(request)
    stamp = timezone.localdate().isoformat()
    licence = datasets.licence()
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            datasets.document(dataset, site=site), json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in dataset.columns])
        for row in dataset.rows(site):
            writer.writerow([_csv_text(v) for v in row.values()])
        # A BOM, so that Excel opens the Vietnamese text as UTF-8.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="khcn-{slug}-{stamp}.{fmt}"'
    schema = site + reverse("portal:open_data_schema", args=[slug])
    response["Link"] = f'<{schema}>; rel="describedby", <{licence["path"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_safe
def open_data_schema(request: HttpRequest, slug: str) -> JsonResponse:
    response = JsonResponse(
        datasets.json_schema(_dataset(slug), site=_site(request)),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_safe
def products(request: HttpRequest) -> HttpResponse:
    """The published products: search (folded Vietnamese), category, OCOP stars, commune; pages."""
    today = timezone.localdate()
    qs = Product.objects.filter(is_published=True).select_related("unit").order_by("name_folded", "pk")
    q = request.GET.get("q", "").strip()[:200]
    for word in fold(q).split()[:8]:
        qs = qs.filter(name_folded__contains=word)
    category = request.GET.get("category", "")
    if category in ProductCategory.values:
        qs = qs.filter(category=category)
    stars = request.GET.get("stars", "")
    if stars in {"3", "4", "5"}:
        rated = OcopRating.objects.filter(valid_until__gte=today, stars__gte=int(stars)).values("product_id")
        qs = qs.filter(pk__in=rated)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit() and int(unit_id) <= ID_MAX:
        qs = qs.filter(unit_id=int(unit_id))
    page = Paginator(qs, 24).get_page(request.GET.get("page"))
    ratings = {
        r["product_id"]: r["best"]
        for r in OcopRating.objects.filter(product__in=[p.pk for p in page.object_list], valid_until__gte=today)
        .values("product_id")
        .annotate(best=Max("stars"))
    }
    for product in page.object_list:
        product.ocop_stars = ratings.get(product.pk, 0)  # type: ignore[attr-defined]
    units = AdminUnit.objects.filter(
        pk__in=Product.objects.filter(is_published=True).values("unit_id").annotate(n=Count("pk")).values("unit_id")
    ).order_by("sort_key", "pk")
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "q": q,
        "category": category,
        "categories": ProductCategory.choices,
        "stars": stars,
        "unit": unit_id,
        "units": units,
    }
    return render(request, "portal/product_list.html", context)


@login_not_required
@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {_site(request)}{reverse('portal:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """The public pages and every public record's page, for search engines."""
    site = _site(request)
    urls: list[tuple[str, str | None]] = [
        (reverse("home:home"), None),
        (reverse("portal:open_data"), None),
        (reverse("portal:products"), None),
    ]
    urls += [(reverse(d.page), None) for d in datasets.DATASETS if d.page != "portal:products"]
    for dataset in datasets.DATASETS:
        url_column = next((c for c in dataset.columns if c.name == "url"), None)
        if url_column is None:
            continue
        stamp = next((c for c in dataset.columns if c.name == "published_at"), None)
        for obj in dataset.records().iterator(chunk_size=500):
            when = stamp.get(obj) if stamp else None
            urls.append((url_column.get(obj), timezone.localdate(when).isoformat() if when else None))
    body = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in urls:
        entry = f"<url><loc>{_xml(site + path)}</loc>"
        if lastmod:
            entry += f"<lastmod>{lastmod}</lastmod>"
        body.append(entry + "</url>")
    body.append("</urlset>")
    return HttpResponse("\n".join(body) + "\n", content_type="application/xml; charset=utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
