"""The programmes, indicators and periods under /api/v1/: read by any signed-in user, never
written, filtered and paginated like the other lists."""

from datetime import date

import pytest
import time_machine

from khcn.programs.tests.factories import (
    IndicatorFactory,
    IndicatorGroupFactory,
    ProgramFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):  # type: ignore[no-untyped-def]
    program = ProgramFactory.create(code="07-CTr/TU", name="Chương trình 07-CTr/TU", start_year=2021, end_year=2025)
    group = IndicatorGroupFactory.create(program=program, code="A")
    for position, code in enumerate(["A3", "A1", "A2"]):
        IndicatorFactory.create(group=group, code=code, position=position)
    IndicatorFactory.create(code="B1")  # another programme's
    ReportingPeriodFactory.create(form__program=program, year=2024, half=True, closes_on=date(2024, 7, 31))
    ReportingPeriodFactory.create(form__program=program, year=2026)  # opens 15/11/2026
    return program


def test_a_commune_officer_reads_the_programme_and_its_indicators_in_order(client, officer_a, programme):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    body = client.get("/api/v1/programs/", {"year": 2023}).json()
    assert [p["code"] for p in body["results"]] == ["07-CTr/TU"]
    assert body["results"][0]["indicator_count"] == 3
    later = client.get("/api/v1/programs/", {"year": 2027}).json()["results"]
    assert "07-CTr/TU" not in [p["code"] for p in later]
    indicators = client.get("/api/v1/indicators/", {"program": programme.pk}).json()
    assert [i["code"] for i in indicators["results"]] == ["A3", "A1", "A2"]
    assert indicators["results"][0]["group_code"] == "A"


@time_machine.travel(date(2026, 12, 3))
def test_periods_filter_by_state_today(client, officer_a, programme):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    open_now = client.get("/api/v1/periods/", {"state": "open"}).json()["results"]
    assert [(p["year"], p["state"]) for p in open_now] == [(2026, "open")]
    closed = client.get("/api/v1/periods/", {"state": "closed", "program": programme.pk}).json()["results"]
    assert [p["year"] for p in closed] == [2024]
    assert client.get("/api/v1/periods/", {"state": "someday"}).status_code == 400
    assert client.get("/api/v1/periods/", {"year": 99999}).status_code == 400


def test_nobody_writes_and_visitors_read_nothing(client, dept_officer, programme):  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/programs/").status_code in (401, 403)
    client.force_login(dept_officer)
    assert client.post("/api/v1/programs/", {"code": "X"}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/v1/programs/{programme.pk}/").status_code == 405


def test_indicator_list_costs_the_same_for_few_and_many(client, officer_a, programme, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    client.get("/api/v1/indicators/")
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/indicators/")
    group = IndicatorGroupFactory.create(program=programme, code="C")
    IndicatorFactory.create_batch(20, group=group)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/indicators/")
