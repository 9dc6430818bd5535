"""The open data: each public list of KHCN as a dataset with a stable, documented schema.

A dataset is what a public page already shows, nothing more: the published results of tasks,
the technology catalogue, the published products, the recognised initiatives and the requests
units opted into the public tracker. Each is served as CSV and JSON under /open-data/ with its
schema beside it (a Frictionless Table Schema for the columns, embedded in a JSON Schema of the
JSON file), so a reuser can validate what they download.

Columns are part of the contract: a new column may be added at the end; a column is never
renamed, retyped or removed without a new `SCHEMA_VERSION`.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khcn.experts.models import Technology
from khcn.experts.selectors import technologies as expert_selectors
from khcn.initiatives import selectors as initiative_selectors
from khcn.meetings.models import FollowUp, FollowUpKind, FollowUpResponse
from khcn.products.models import IpAsset, IpStage, OcopRating, Producer, Product
from khcn.research import selectors as research_selectors

SCHEMA_VERSION = "1.0"

# Table Schema types (https://specs.frictionlessdata.io/table-schema/) and their JSON Schema forms.
JSON_TYPES: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "string": {"type": "string"},
    "date": {"type": ["string", "null"], "format": "date"},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
    "boolean": {"type": "boolean"},
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of JSON_TYPES
    title: str | Promise
    description: str | Promise
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str | Promise
    description: str | Promise
    page: str  # the URL name of the public page that shows the same records
    columns: tuple[Column, ...]
    records: Callable[[], QuerySet[Any]]

    def rows(self, site: str) -> Iterator[dict[str, Any]]:
        """Each record as a dict of plain JSON values, in column order (links made absolute)."""
        for obj in self.records().iterator(chunk_size=500):
            row = {}
            for column in self.columns:
                value = column.get(obj)
                if column.type in ("date", "datetime"):
                    value = _iso(value)
                elif column.type == "string":
                    value = "" if value is None else str(value)
                    if column.name == "url" and value.startswith("/"):
                        value = site + value
                row[column.name] = value
            yield row


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _choice(field: str) -> Callable[[Any], str]:
    return lambda obj: str(getattr(obj, f"get_{field}_display")())


def licence() -> dict[str, str]:
    """The licence every dataset is published under (a setting: the Department decides)."""
    return {"name": settings.KHCN_OPEN_DATA_LICENCE, "path": settings.KHCN_OPEN_DATA_LICENCE_URL}


# -- the datasets ------------------------------------------------------------------------------


def _results() -> QuerySet[Any]:
    return research_selectors.result_list().select_related("host_organisation").order_by("pk")


def _technologies() -> QuerySet[Technology]:
    return (
        expert_selectors.catalogue_list()
        .select_related("unit", "owner_organisation", "owner_expert")
        .prefetch_related(None)
        .order_by("pk")
    )


def _products() -> QuerySet[Product]:
    today = timezone.localdate()
    return (
        Product.objects.filter(is_published=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "producers",
                queryset=Producer.objects.only("pk", "name").order_by("name", "pk"),
                to_attr="open_producers",
            ),
            Prefetch(
                "ratings",
                queryset=OcopRating.objects.filter(valid_until__gte=today).order_by("-stars", "-decision_date", "-pk"),
                to_attr="open_ratings",
            ),
            Prefetch(
                "ip_assets",
                queryset=IpAsset.objects.exclude(stage__in=[IpStage.REFUSED, IpStage.WITHDRAWN]).order_by("name", "pk"),
                to_attr="open_assets",
            ),
        )
        .order_by("pk")
    )


def _initiatives() -> QuerySet[Any]:
    return initiative_selectors.recognised_list().order_by("pk")


def _requests() -> QuerySet[FollowUp]:
    answers = FollowUpResponse.objects.order_by("created_at", "pk")
    return (
        FollowUp.objects.filter(is_public=True, kind=FollowUpKind.REQUEST)
        .select_related("unit")
        .prefetch_related(Prefetch("responses", queryset=answers, to_attr="answers"))
        .order_by("pk")
    )


def _ocop_stars(product: Product) -> int:
    return product.open_ratings[0].stars if product.open_ratings else 0  # type: ignore[attr-defined]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        slug="results",
        title=_("Published results of S&T tasks"),
        description=_("Tasks the Department funded, accepted and whose results it published."),
        page="research:result_list",
        records=_results,
        columns=(
            Column("id", "integer", _("Identifier"), _("KHCN's number of the task; stable."), lambda t: t.pk),
            Column("code", "string", _("Code"), _("The task's code."), lambda t: t.code),
            Column("title", "string", _("Title"), _("The task's title."), lambda t: t.title),
            Column("field", "string", _("Field"), _("Field of science and technology."), _choice("field")),
            Column(
                "host",
                "string",
                _("Host organisation"),
                _("The organisation that carried out the task."),
                lambda t: t.host_label,
            ),
            Column(
                "principal_investigator",
                "string",
                _("Principal investigator"),
                _("The task's lead."),
                lambda t: t.pi_name,
            ),
            Column("accepted_on", "date", _("Accepted on"), _("Date of the acceptance."), lambda t: t.accepted_on),
            Column(
                "summary",
                "string",
                _("Summary"),
                _("Summary of the results, as published."),
                lambda t: t.public_summary,
            ),
            Column(
                "published_at",
                "datetime",
                _("Published at"),
                _("When the Department published the results."),
                lambda t: t.published_at,
            ),
            Column("url", "string", _("Page"), _("The public page of the result."), lambda t: t.get_public_url()),
        ),
    ),
    Dataset(
        slug="technologies",
        title=_("Technology catalogue"),
        description=_("Technologies offered for transfer, while their listing is current."),
        page="experts:catalogue",
        records=_technologies,
        columns=(
            Column("id", "integer", _("Identifier"), _("KHCN's number of the offer; stable."), lambda t: t.pk),
            Column("title", "string", _("Title"), _("Name of the technology."), lambda t: t.title),
            Column("summary", "string", _("Summary"), _("What it does."), lambda t: t.summary),
            Column("field", "string", _("Field"), _("Field group."), _choice("field")),
            Column(
                "maturity",
                "integer",
                _("Maturity (TRL)"),
                _("Technology readiness level, 1 to 9."),
                lambda t: t.maturity,
            ),
            Column(
                "owner",
                "string",
                _("Owner"),
                _("Who offers it."),
                lambda t: t.owner_name or str(t.owner_organisation or t.owner_expert or ""),
            ),
            Column(
                "ip_status",
                "string",
                _("Intellectual property"),
                _("Protection of the technology."),
                _choice("ip_status"),
            ),
            Column(
                "published_at", "datetime", _("Published at"), _("When the offer was listed."), lambda t: t.published_at
            ),
            Column(
                "url",
                "string",
                _("Page"),
                _("The public page of the offer."),
                lambda t: reverse("experts:technology_public", args=[t.pk]),
            ),
        ),
    ),
    Dataset(
        slug="products",
        title=_("Local products"),
        description=_("Products whose public page is published, with their current OCOP rating and marks."),
        page="portal:products",
        records=_products,
        columns=(
            Column(
                "id", "string", _("Public code"), _("The code in the product's QR link; stable."), lambda p: p.public_id
            ),
            Column("name", "string", _("Name"), _("The product's name."), lambda p: p.name),
            Column("category", "string", _("Category"), _("Product group."), _choice("category")),
            Column(
                "commune", "string", _("Commune"), _("The commune or ward it comes from."), lambda p: p.unit.full_name
            ),
            Column(
                "producers",
                "string",
                _("Producers"),
                _("Producers, separated by semicolons."),
                lambda p: "; ".join(x.name for x in p.open_producers),
            ),
            Column(
                "ocop_stars", "integer", _("OCOP stars"), _("Stars of the current OCOP rating; 0 if none."), _ocop_stars
            ),
            Column(
                "marks",
                "string",
                _("Marks"),
                _("Trademarks and geographical indications, separated by semicolons."),
                lambda p: "; ".join(a.name for a in p.open_assets),
            ),
            Column(
                "published_at",
                "datetime",
                _("Published at"),
                _("When the page was published."),
                lambda p: p.published_at,
            ),
            Column(
                "url",
                "string",
                _("Page"),
                _("The product's public page (its QR link)."),
                lambda p: reverse("products_public:product", args=[p.public_id]),
            ),
        ),
    ),
    Dataset(
        slug="initiatives",
        title=_("Recognised initiatives"),
        description=_("Initiatives recognised by their unit or by the city, with the scope recognised."),
        page="initiatives:recognised_list",
        records=_initiatives,
        columns=(
            Column("id", "integer", _("Identifier"), _("KHCN's number of the initiative; stable."), lambda i: i.pk),
            Column("title", "string", _("Title"), _("Name of the initiative."), lambda i: i.title),
            Column("field", "string", _("Field"), _("Field of application."), _choice("field")),
            Column(
                "owner", "string", _("Unit or organisation"), _("Where it was applied for."), lambda i: i.owner_label()
            ),
            Column(
                "authors",
                "string",
                _("Authors"),
                _("Authors, separated by semicolons."),
                lambda i: "; ".join(a.full_name for a in i.authors.all()),
            ),
            Column(
                "decision_number",
                "string",
                _("Decision"),
                _("Number of the unit's recognition decision."),
                lambda i: i.base_recognition.decision_number,
            ),
            Column(
                "decision_date",
                "date",
                _("Decision date"),
                _("Date of the unit's recognition decision."),
                lambda i: i.base_recognition.decision_date,
            ),
            Column(
                "recognised_scope",
                "string",
                _("Scope recognised"),
                _("Scope of influence a decision recognised."),
                lambda i: i.get_recognised_scope_display(),
            ),
            Column("effects", "string", _("Effects"), _("The effects the authors report."), lambda i: i.effects),
        ),
    ),
    Dataset(
        slug="requests",
        title=_("Requests of units and the Department's answers"),
        description=_("Requests raised at working sessions that were opted into the public tracker, one by one."),
        page="meetings:public_tracker",
        records=_requests,
        columns=(
            Column("id", "integer", _("Identifier"), _("KHCN's number of the request; stable."), lambda f: f.pk),
            Column("unit", "string", _("Unit"), _("The unit that raised it."), lambda f: f.unit.full_name),
            Column("topic", "string", _("Topic"), _("What it is about."), _choice("topic")),
            Column("text", "string", _("Request"), _("The request as recorded."), lambda f: f.text),
            Column("status", "string", _("Status"), _("Where it stands."), _choice("status")),
            Column(
                "raised_on",
                "date",
                _("Raised on"),
                _("When it was recorded."),
                lambda f: timezone.localdate(f.created_at),
            ),
            Column(
                "answers",
                "string",
                _("Answers"),
                _("The Department's answers, oldest first, separated by blank lines."),
                lambda f: "\n\n".join(r.text for r in f.answers),
            ),
            Column(
                "resolution", "string", _("Resolved by"), _("How it was resolved, once it is."), lambda f: f.resolution
            ),
        ),
    ),
)

BY_SLUG = {d.slug: d for d in DATASETS}


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """The columns as a Frictionless Table Schema."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "title": str(c.title), "description": str(c.description)}
            for c in dataset.columns
        ],
        "primaryKey": "id",
    }


def json_schema(dataset: Dataset, *, site: str) -> dict[str, Any]:
    """A JSON Schema of the dataset's JSON file; its columns' Table Schema rides along."""
    properties = {
        c.name: {**JSON_TYPES[c.type], "title": str(c.title), "description": str(c.description)}
        for c in dataset.columns
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site + reverse("portal:open_data_schema", args=[dataset.slug]),
        "title": str(dataset.title),
        "description": str(dataset.description),
        "version": SCHEMA_VERSION,
        "type": "object",
        "required": ["dataset", "title", "licence", "generated_at", "count", "records"],
        "properties": {
            "dataset": {"const": dataset.slug},
            "title": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "licence": {
                "type": "object",
                "required": ["name", "path"],
                "properties": {"name": {"type": "string"}, "path": {"type": "string"}},
            },
            "generated_at": {"type": "string", "format": "date-time"},
            "count": {"type": "integer", "minimum": 0},
            "records": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [c.name for c in dataset.columns],
                    "additionalProperties": False,
                    "properties": properties,
                },
            },
        },
        "tableSchema": table_schema(dataset),
    }


def document(dataset: Dataset, *, site: str, rows: Iterable[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The dataset's JSON file."""
    records = list(rows if rows is not None else dataset.rows(site))
    return {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "schema_version": SCHEMA_VERSION,
        "licence": licence(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "count": len(records),
        "records": records,
    }
