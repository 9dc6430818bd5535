"""The catalogue's services: scope of the commune, former communes, concurrency, publishing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.core.concurrency import StaleObjectError
from khcn.geo.models import AdminUnit
from khcn.products.models import Producer, Product
from khcn.products.services import catalogue as services
from khcn.products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _former(ward):
    return AdminUnit.objects.filter(valid_to__isnull=False, level="commune").first()


def test_officer_records_a_producer_of_their_commune(officer_a, ward_a):
    producer = services.producer_create(user=officer_a, name="  HTX  Đông Cao ", kind="cooperative", unit=ward_a)
    assert producer.name == "HTX Đông Cao" and producer.name_folded == "htx dong cao"
    assert producer.history.count() == 1 and producer.history.first().history_user == officer_a


def test_officer_cannot_record_a_producer_of_another_commune(officer_a, ward_b):
    with pytest.raises(ValidationError) as caught:
        services.producer_create(user=officer_a, name="HTX Quang Minh", kind="cooperative", unit=ward_b)
    assert "unit" in caught.value.message_dict
    assert not Producer.objects.exists()


def test_commune_must_be_current_and_former_must_be_former(dept_officer, ward_a, province):
    former = _former(ward_a)
    with pytest.raises(ValidationError) as caught:
        services.producer_create(user=dept_officer, name="HTX A", kind="cooperative", unit=former)
    assert caught.value.error_dict["unit"][0].code == services.NOT_A_COMMUNE
    with pytest.raises(ValidationError) as caught:
        services.producer_create(user=dept_officer, name="HTX A", kind="cooperative", unit=ward_a, former_unit=ward_a)
    assert caught.value.error_dict["former_unit"][0].code == services.NOT_FORMER
    producer = services.producer_create(
        user=dept_officer, name="HTX A", kind="cooperative", unit=ward_a, former_unit=former
    )
    assert producer.former_unit == former


def test_organisation_outside_scope_is_refused(officer_a, ward_a, department):
    with pytest.raises(ValidationError) as caught:
        services.producer_create(user=officer_a, name="HTX A", kind="cooperative", unit=ward_a, organisation=department)
    assert "organisation" in caught.value.message_dict


def test_stale_edit_is_refused(dept_officer, ward_a):
    producer = ProducerFactory.create(unit=ward_a)
    first = Producer.objects.get(pk=producer.pk)
    first.phone = "0241111111"
    services.producer_update(user=dept_officer, producer=first, expected_version=1)
    second = Producer.objects.get(pk=producer.pk)
    second.phone = "0242222222"
    with pytest.raises(StaleObjectError):
        services.producer_update(user=dept_officer, producer=second, expected_version=1)
    assert Producer.objects.get(pk=producer.pk).phone == "0241111111"


def test_officer_cannot_take_over_another_communes_producer(officer_a, ward_a, ward_b):
    producer = ProducerFactory.create(unit=ward_b)
    producer.unit = ward_a
    with pytest.raises(PermissionDenied):
        services.producer_update(user=officer_a, producer=producer, expected_version=None)


def test_product_links_only_producers_in_scope(officer_a, ward_a, ward_b):
    theirs = ProducerFactory.create(unit=ward_b)
    with pytest.raises(ValidationError) as caught:
        services.product_create(user=officer_a, name="Bưởi đỏ", category="food", unit=ward_a, producers=[theirs])
    assert "producers" in caught.value.message_dict
    mine = ProducerFactory.create(unit=ward_a)
    product = services.product_create(user=officer_a, name="Bưởi đỏ", category="food", unit=ward_a, producers=[mine])
    assert list(product.producers.all()) == [mine]


def test_gtin_is_checked_by_the_model(officer_a, ward_a):
    with pytest.raises(ValidationError) as caught:
        services.product_create(user=officer_a, name="Bưởi đỏ", category="food", unit=ward_a, gtin="8930000000001")
    assert "gtin" in caught.value.message_dict
    product = services.product_create(
        user=officer_a, name="Bưởi đỏ", category="food", unit=ward_a, gtin="8934567890120"
    )
    assert product.gtin == "08934567890120"


def test_publish_sets_published_at_once(officer_a, ward_a, time_machine):
    time_machine.move_to(date(2026, 11, 2))
    product = ProductFactory.create(unit=ward_a)
    services.product_publish(user=officer_a, product=product, publish=True)
    product.refresh_from_db()
    first = product.published_at
    assert product.is_published and first is not None
    services.product_publish(user=officer_a, product=product, publish=False)
    services.product_publish(user=officer_a, product=product, publish=True)
    product.refresh_from_db()
    assert product.published_at == first


def test_only_the_department_deletes_and_deleted_leaves_lists(officer_a, dept_officer, ward_a):
    product = ProductFactory.create(unit=ward_a, is_published=True)
    with pytest.raises(PermissionDenied):
        services.product_delete(user=officer_a, product=product)
    services.product_delete(user=dept_officer, product=product)
    assert not Product.objects.filter(pk=product.pk).exists()
    stored = Product.all_objects.get(pk=product.pk)
    assert stored.deleted_at is not None and not stored.is_published


def test_certification_dates_and_other_kind(officer_a, ward_a):
    producer = ProducerFactory.create(unit=ward_a)
    with pytest.raises(ValidationError):
        services.certification_add(user=officer_a, producer=producer, kind="other")
    with pytest.raises(ValidationError):
        services.certification_add(
            user=officer_a, producer=producer, kind="vietgap", issued_on=date(2026, 5, 1), valid_until=date(2026, 1, 1)
        )
    cert = services.certification_add(user=officer_a, producer=producer, kind="vietgap", number="VG-01")
    services.certification_remove(user=officer_a, certification=cert)
    assert not producer.certifications.exists()


def test_commune_officer_names_a_former_commune_outside_their_scope(officer_a, ward_a):
    """Xã Mê Linh was formed in 2025 from communes of the former Mê Linh district."""
    from khcn.products.forms.catalogue import ProducerForm

    former = AdminUnit.objects.filter(
        valid_to__isnull=False, level="commune", successions_out__successor=ward_a
    ).first()
    assert former is not None and not former.path.startswith(ward_a.path)
    offered = ProducerForm(user=officer_a).fields["former_unit"].queryset
    assert former in offered
    # A former commune that passed elsewhere is not offered (the registry holds thousands).
    elsewhere = AdminUnit.objects.filter(valid_to__isnull=False, level="commune").exclude(
        successions_out__successor=ward_a
    )
    assert elsewhere.exists() and not offered.filter(pk__in=elsewhere.values("pk")).exists()
    producer = services.producer_create(
        user=officer_a, name="HTX Tráng Việt", kind="cooperative", unit=ward_a, former_unit=former
    )
    assert producer.former_unit == former
