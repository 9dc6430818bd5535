"""Open data: the files hold what the public pages show, validate against their published
schema, neutralise formulas in CSV; the sitemap lists the public records only."""

import csv
import io
import json
from datetime import date, datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from khcn.experts.tests.factories import technology_make
from khcn.initiatives.tests.factories import recognised_initiative
from khcn.meetings.models import FollowUpResponse
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.portal import datasets
from khcn.products.tests.factories import IpAssetFactory, OcopRatingFactory, ProducerFactory, ProductFactory
from khcn.research.models import TaskStatus
from khcn.research.tests.factories import ResearchTaskFactory

pytestmark = pytest.mark.django_db

SLUGS = [d.slug for d in datasets.DATASETS]


@pytest.fixture
def public_records(ward_a, ward_b):  # type: ignore[no-untyped-def]
    """One record of each public list, and beside each one that must stay out of the files."""
    published = timezone.make_aware(datetime(2026, 5, 4, 10, 0))
    ResearchTaskFactory.create(
        title="Ứng dụng chế phẩm sinh học xử lý ô nhiễm làng nghề",
        code="01C-07/01-2024",
        pi_name="Trần Văn Nghiệm",
        accepted_on=date(2026, 4, 20),
        public_summary="=Kết quả đạt yêu cầu",  # a formula-looking summary
        published_at=published,
    )
    ResearchTaskFactory.create(title="Nhiệm vụ chưa công bố", published_at=None)
    ResearchTaskFactory.create(title="Nhiệm vụ đang thực hiện", status=TaskStatus.IN_PROGRESS, published_at=published)
    technology_make(title="Máy sấy nông sản năng lượng mặt trời", published_at=published)
    technology_make(title="Công nghệ còn là bản nháp", published=False)
    product = ProductFactory.create(name="Gạo nếp cái hoa vàng", unit=ward_a, is_published=True, published_at=published)
    product.producers.add(ProducerFactory.create(name="HTX Nông nghiệp Tiến Thắng", unit=ward_a))
    OcopRatingFactory.create(product=product, stars=4)
    IpAssetFactory.create(name="Gạo nếp cái hoa vàng Mê Linh", unit=ward_a).products.add(product)
    ProductFactory.create(name="Sản phẩm chưa công khai", unit=ward_b)
    recognised_initiative(title="Quét mã QR hồ sơ hộ tịch", unit=ward_a)
    request = FollowUpFactory.create(unit=ward_a, text="Đề nghị hỗ trợ đào tạo chuyển đổi số", is_public=True)
    FollowUpResponse.objects.create(item=request, text="Sở sẽ tổ chức lớp tập huấn tháng 8.")
    FollowUpFactory.create(unit=ward_b, text="Kiến nghị nội bộ không công khai", is_public=False)
    return product


def _json(client, slug):  # type: ignore[no-untyped-def]
    response = client.get(reverse("portal:open_data_file", args=[slug, "json"]))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize("slug", SLUGS)
def test_json_file_validates_against_its_published_schema(client, public_records, slug):  # type: ignore[no-untyped-def]
    schema = client.get(reverse("portal:open_data_schema", args=[slug])).json()
    Draft202012Validator.check_schema(schema)
    document = _json(client, slug)
    errors = sorted(
        Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(document), key=str
    )
    assert not errors, [e.message for e in errors]
    assert document["count"] == len(document["records"]) == 1  # the one public record, not its hidden twin
    assert document["licence"]["name"] == "CC-BY-4.0"


@pytest.mark.parametrize("slug", SLUGS)
def test_csv_has_the_schema_columns_and_typed_values(client, public_records, slug):  # type: ignore[no-untyped-def]
    response = client.get(reverse("portal:open_data_file", args=[slug, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"] and "schema.json" in response["Link"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    schema = client.get(reverse("portal:open_data_schema", args=[slug])).json()["tableSchema"]
    assert rows[0] == [f["name"] for f in schema["fields"]]
    assert len(rows) == 2
    for field, value in zip(schema["fields"], rows[1], strict=True):
        if field["type"] == "integer":
            int(value)
        elif field["type"] == "date" and value:
            date.fromisoformat(value)
        elif field["type"] == "datetime" and value:
            datetime.fromisoformat(value)


def test_files_hold_what_the_pages_show(client, public_records):  # type: ignore[no-untyped-def]
    result = _json(client, "results")["records"][0]
    assert result["title"] == "Ứng dụng chế phẩm sinh học xử lý ô nhiễm làng nghề"
    assert result["accepted_on"] == "2026-04-20"
    assert result["url"].startswith("http://testserver/research/results/")
    product = _json(client, "products")["records"][0]
    assert product == {
        **product,
        "name": "Gạo nếp cái hoa vàng",
        "ocop_stars": 4,
        "producers": "HTX Nông nghiệp Tiến Thắng",
        "marks": "Gạo nếp cái hoa vàng Mê Linh",
        "url": f"http://testserver/p/{public_records.public_id}/",
    }
    request = _json(client, "requests")["records"][0]
    assert request["text"] == "Đề nghị hỗ trợ đào tạo chuyển đổi số"
    assert request["answers"] == "Sở sẽ tổ chức lớp tập huấn tháng 8."
    assert _json(client, "initiatives")["records"][0]["title"] == "Quét mã QR hồ sơ hộ tịch"


def test_csv_neutralises_formulas_and_json_keeps_the_text(client, public_records):  # type: ignore[no-untyped-def]
    text = client.get(reverse("portal:open_data_file", args=["results", "csv"])).content.decode("utf-8")
    row = next(iter(csv.DictReader(io.StringIO(text[1:]))))
    assert row["summary"] == "'=Kết quả đạt yêu cầu"
    assert _json(client, "results")["records"][0]["summary"] == "=Kết quả đạt yêu cầu"


def test_catalogue_page_lists_each_dataset_with_its_count(client, public_records, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:open_data"))
    assert response.status_code == 200
    body = response.content.decode()
    for dataset in datasets.DATASETS:
        assert reverse("portal:open_data_file", args=[dataset.slug, "csv"]) in body
        assert reverse("portal:open_data_schema", args=[dataset.slug]) in body
    assert body.count("1 bản ghi") == len(datasets.DATASETS)
    assert 'rel="license"' in body
    assert '<meta property="og:title" content="Dữ liệu mở">' in body


def test_unknown_dataset_and_format_are_not_found(client, db):  # type: ignore[no-untyped-def]
    assert client.get("/open-data/users.json").status_code == 404
    assert client.get("/open-data/results.xml").status_code == 404
    assert client.get("/open-data/users/schema.json").status_code == 404


def test_sitemap_lists_public_records_only(client, public_records):  # type: ignore[no-untyped-def]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert f"http://testserver/p/{public_records.public_id}/" in locs
    assert "http://testserver/open-data/" in locs
    assert sum("/research/results/" in (loc or "") for loc in locs) == 2  # the list and the one published result
    assert "2026-05-04" in [e.text for e in root.findall("s:url/s:lastmod", ns)]
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /accounts/" in robots


@pytest.mark.parametrize("value", ["99999999999999999999", "abc", "-1"])
def test_product_list_ignores_filter_values_it_cannot_read(client, public_records, value):  # type: ignore[no-untyped-def]
    response = client.get(reverse("portal:products"), {"unit": value, "stars": value, "category": value})
    assert response.status_code == 200
    assert "Gạo nếp cái hoa vàng" in response.content.decode()


def test_product_list_filters_and_finds_without_diacritics(client, public_records, ward_b):  # type: ignore[no-untyped-def]
    body = client.get(reverse("portal:products"), {"q": "gao nep", "stars": "4"}).content.decode()
    assert "Gạo nếp cái hoa vàng" in body and "OCOP 4 sao" in body
    assert "Gạo nếp" not in client.get(reverse("portal:products"), {"stars": "5"}).content.decode()
    assert "Gạo nếp" not in client.get(reverse("portal:products"), {"unit": ward_b.pk}).content.decode()
    assert "Sản phẩm chưa công khai" not in client.get(reverse("portal:products")).content.decode()
