"""An indicator bound to a count over records (khcn.core.record_counts): the setup form offers
the registered sources, the service refuses an unknown one or a type other than a count."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khcn.programs import services
from khcn.programs.models import Indicator, ValueType

pytestmark = pytest.mark.django_db


def _code(error: ValidationError) -> str | None:
    return error.error_dict["record_source"][0].code


def test_a_count_is_bound_to_a_registered_source(dept_officer, indicators):
    received = indicators["received"]
    received.record_source = "products.ocop"
    services.indicator_update(user=dept_officer, indicator=received, expected_version=received.version)
    assert Indicator.objects.get(pk=received.pk).record_source == "products.ocop"


def test_an_unknown_source_is_refused(dept_officer, indicators):
    received = indicators["received"]
    received.record_source = "products.nothing"
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=dept_officer, indicator=received, expected_version=received.version)
    assert _code(caught.value) == services.RECORD_SOURCE_UNKNOWN


def test_only_a_count_is_bound(dept_officer, indicators):
    cashless = indicators["cashless"]
    assert cashless.value_type == ValueType.PERCENT
    cashless.record_source = "products.ocop"
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=dept_officer, indicator=cashless, expected_version=cashless.version)
    assert _code(caught.value) == services.RECORD_SOURCE_TYPE


def test_the_setup_form_offers_the_sources_as_a_select(client, dept_officer, indicators):
    received = indicators["received"]
    client.force_login(dept_officer)
    url = reverse("programs:indicator_edit", args=[received.pk])
    page = client.get(url).content.decode()
    assert '<select name="record_source"' in page
    assert '<option value="products.collective_marks_granted">Nhãn hiệu tập thể đã được cấp văn bằng</option>' in page
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"weight": "", "loaded_version": received.version, "record_source": "products.traced"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert Indicator.objects.get(pk=received.pk).record_source == "products.traced"
    program = client.get(reverse("programs:program_detail", args=[received.program_id])).content.decode()
    assert program.count("đối chiếu với dữ liệu") == 1
