"""Technology demands: scope of pages, exports and services; from a follow-up item; closing."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from khcn.experts.models import Demand, DemandSource, DemandStatus
from khcn.experts.services import demands as services
from khcn.experts.tests.factories import DemandFactory
from khcn.meetings.tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def test_officer_records_demand_of_own_commune(officer_a, ward_a):  # type: ignore[no-untyped-def]
    demand = services.demand_create(user=officer_a, unit=ward_a, title="Rơm rạ", problem="Đốt rơm")
    assert demand.status == DemandStatus.OPEN and demand.source == DemandSource.OFFICER


def test_officer_cannot_record_for_another_commune(officer_b, ward_a):  # type: ignore[no-untyped-def]
    with pytest.raises((ValidationError, Exception)) as info:
        services.demand_create(user=officer_b, unit=ward_a, title="Rơm rạ", problem="Đốt rơm")
    assert not Demand.objects.exists()
    assert info.type.__name__ in {"ValidationError", "PermissionDenied"}


def test_department_records_for_any_commune(dept_officer, ward_b):  # type: ignore[no-untyped-def]
    assert services.demand_create(user=dept_officer, unit=ward_b, title="Nước sạch", problem="Nhiễm asen").pk


def test_demand_must_be_a_commune(dept_officer, province):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.demand_create(user=dept_officer, unit=province, title="Nước sạch", problem="Nhiễm asen")


def test_ward_b_officer_cannot_see_ward_a_demand(client, officer_b, ward_a, ward_b):  # type: ignore[no-untyped-def]
    mine = DemandFactory.create(unit=ward_b, title="Của xã B")
    theirs = DemandFactory.create(unit=ward_a, title="Của xã A")
    client.force_login(officer_b)
    page = client.get(reverse("experts:demand_list"))
    assert page.status_code == 200
    assert mine.title in page.content.decode() and theirs.title not in page.content.decode()
    assert client.get(reverse("experts:demand_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("experts:demand_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("experts:demand_close", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    export = client.get(reverse("experts:demand_list"), {"export": "xlsx"})
    cells = [c.value for row in load_workbook(BytesIO(export.content)).active.iter_rows() for c in row]
    assert mine.title in cells and theirs.title not in cells


def test_export_is_formula_safe(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    DemandFactory.create(unit=ward_a, title='=HYPERLINK("http://x")')
    client.force_login(dept_officer)
    export = client.get(reverse("experts:demand_list"), {"export": "xlsx"})
    cells = [c for row in load_workbook(BytesIO(export.content)).active.iter_rows() for c in row]
    hit = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hit and all(c.data_type == "s" and c.quotePrefix for c in hit)  # text, never a formula


def test_officer_create_page_refuses_other_commune(client, officer_b, ward_a):  # type: ignore[no-untyped-def]
    client.force_login(officer_b)
    page = client.post(
        reverse("experts:demand_create"), {"title": "X", "problem": "Y", "unit": ward_a.pk, "requester_kind": "commune"}
    )
    assert page.status_code == 422 and not Demand.objects.exists()


def test_from_followup_prefills_and_links(client, officer_a, ward_a):  # type: ignore[no-untyped-def]
    item = FollowUpFactory.create(unit=ward_a, text="Cần giống lúa chịu hạn cho vụ đông")
    client.force_login(officer_a)
    url = reverse("experts:demand_from_followup", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["problem"] == item.text and form.initial["unit"] == ward_a.pk
    assert form.initial["title"] == item.text
    response = client.post(
        url, {"title": "Giống lúa chịu hạn", "problem": item.text, "unit": ward_a.pk, "requester_kind": "commune"}
    )
    assert response.status_code == 302, response.context["form"].errors
    demand = Demand.objects.get()
    assert demand.followup == item and demand.source == DemandSource.FOLLOWUP


def test_from_followup_outside_scope_is_404(client, officer_b, ward_a):  # type: ignore[no-untyped-def]
    item = FollowUpFactory.create(unit=ward_a)
    client.force_login(officer_b)
    assert client.get(reverse("experts:demand_from_followup", args=[item.pk])).status_code == 404


def test_followup_page_offers_the_button(client, officer_a, ward_a):  # type: ignore[no-untyped-def]
    item = FollowUpFactory.create(unit=ward_a)
    client.force_login(officer_a)
    page = client.get(item.get_absolute_url())
    assert reverse("experts:demand_from_followup", args=[item.pk]) in page.content.decode()


def test_close_needs_reason_and_keeps_it(client, officer_a, ward_a):  # type: ignore[no-untyped-def]
    demand = DemandFactory.create(unit=ward_a)
    client.force_login(officer_a)
    url = reverse("experts:demand_close", args=[demand.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Xã tự giải quyết", "loaded_version": demand.version}).status_code == 302
    demand.refresh_from_db()
    assert demand.status == DemandStatus.CLOSED
    page = client.get(demand.get_absolute_url())
    assert "Xã tự giải quyết" in page.content.decode()
    with pytest.raises(ValidationError):
        services.demand_close(user=officer_a, demand=demand, reason="again")


def test_demand_list_query_count_is_constant(client, dept_officer, ward_a, ward_b, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for unit in (ward_a, ward_b):
        DemandFactory.create_batch(3, unit=unit)
    client.force_login(dept_officer)
    client.get(reverse("experts:demand_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("experts:demand_list"))
    DemandFactory.create_batch(10, unit=ward_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("experts:demand_list"))
    assert len(many) == len(few)
