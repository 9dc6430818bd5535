"""What the search finds among local products and marks (issue 17): rows not deleted, in the
scope the models declare (the Department all, a commune its own)."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.products.models import IpAsset, IpStage, Product


def _product(product: Product) -> SearchDoc:
    return SearchDoc(
        title=product.name,
        text=text_of(product.get_category_display(), product.craft_village, product.description),
        url=product.get_absolute_url(),
        unit_id=product.unit_id,
        year=product.created_at.year,
        status="published" if product.is_published else "",
    )


def _asset(asset: IpAsset) -> SearchDoc:
    return SearchDoc(
        title=asset.name,
        text=text_of(asset.get_kind_display(), asset.owner_name, asset.application_number, asset.certificate_number),
        url=asset.get_absolute_url(),
        unit_id=asset.unit_id,
        organisation_id=asset.owner_organisation_id,
        year=asset.granted_on.year if asset.granted_on else asset.stage_since.year,
        status=asset.stage,
    )


SOURCES = (
    SearchSource(
        kind="products.product",
        label=_("Products"),
        model=Product,
        document=_product,
        queryset=lambda: Product.objects.all(),
    ),
    SearchSource(
        kind="products.mark",
        label=_("Marks and geographical indications"),
        model=IpAsset,
        document=_asset,
        queryset=lambda: IpAsset.objects.all(),
        statuses=tuple(IpStage.choices),
    ),
)
