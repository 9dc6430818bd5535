"""The setup pages: Department only, status codes, kept input, HTMX partials, query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khcn.programs.models import Indicator, IndicatorGroup, PeriodKind, Program, ReportingPeriod, Target, ValueType
from khcn.reporting.models import Report


@pytest.fixture
def pages(form, period, indicators):  # type: ignore[no-untyped-def]
    """Every setup page (name, args) with the records it needs."""
    program = form.program
    target = Target.objects.get(indicator=indicators["cashless"])
    rule = form.rules.get()
    group = IndicatorGroup.objects.get(program=program)
    return [
        ("programs:program_list", []),
        ("programs:program_create", []),
        ("programs:program_detail", [program.pk]),
        ("programs:program_edit", [program.pk]),
        ("programs:group_create", [program.pk]),
        ("programs:group_edit", [group.pk]),
        ("programs:indicator_create", [program.pk]),
        ("programs:indicator_edit", [indicators["rate"].pk]),
        ("programs:target_list", [program.pk]),
        ("programs:target_create", [program.pk]),
        ("programs:target_edit", [target.pk]),
        ("programs:target_delete", [target.pk]),
        ("programs:target_import", [program.pk]),
        ("programs:target_template", [program.pk]),
        ("programs:form_create", [program.pk]),
        ("programs:form_detail", [form.pk]),
        ("programs:form_edit", [form.pk]),
        ("programs:rule_delete", [rule.pk]),
        ("programs:period_list", []),
        ("programs:period_create", [program.pk]),
        ("programs:period_detail", [period.pk]),
        ("programs:period_edit", [period.pk]),
        ("programs:period_close", [period.pk]),
        ("programs:period_delete", [period.pk]),
    ]


def test_department_officer_opens_every_setup_page(client, dept_officer, pages):
    client.force_login(dept_officer)
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_local_officer_is_refused_every_setup_page(client, officer_a, pages):
    client.force_login(officer_a)
    for name, args in pages:
        assert client.get(reverse(name, args=args)).status_code == 403, name


def test_anonymous_visitor_is_sent_to_sign_in(client, pages):
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_local_officer_cannot_write_through_the_pages(client, officer_a, form, indicators, ward_a):
    client.force_login(officer_a)
    program = form.program
    posts = [
        (reverse("programs:program_create"), {"code": "X", "name": "X", "issuing_body": "X", "start_year": 2026}),
        (reverse("programs:target_create", args=[program.pk]), {"indicator": indicators["received"].pk, "year": 2027}),
        (reverse("programs:group_move", args=[indicators["received"].group_id]), {"direction": "up"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert not Program.objects.filter(code="X").exists()
    assert not Target.objects.filter(year=2027).exists()


def test_department_officer_creates_a_programme_and_sees_it_listed(client, dept_officer):
    client.force_login(dept_officer)
    data = {
        "code": "12-KH/UBND",
        "name": "Kế hoạch ứng dụng khoa học",
        "issuing_body": "UBND Thành phố",
        "start_year": 2026,
        "end_year": 2030,
    }
    response = client.post(reverse("programs:program_create"), data)
    program = Program.objects.get(code="12-KH/UBND")
    assert response.status_code == 302 and response["Location"] == program.get_absolute_url()
    assert "12-KH/UBND" in client.get(reverse("programs:program_list")).content.decode()


def test_a_refused_save_keeps_what_was_typed(client, dept_officer):
    client.force_login(dept_officer)
    data = {
        "code": "12-KH/UBND",
        "name": "Kế hoạch giữ nguyên",
        "issuing_body": "UBND",
        "start_year": 2030,
        "end_year": 2026,
    }
    response = client.post(reverse("programs:program_create"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Năm kết thúc không được trước năm bắt đầu." in page
    assert "Kế hoạch giữ nguyên" in page and 'value="12-KH/UBND"' in page
    assert not Program.objects.filter(code="12-KH/UBND").exists()


def test_a_service_refusal_lands_on_its_field(client, dept_officer, indicators):
    client.force_login(dept_officer)
    rate = indicators["rate"]
    url = reverse("programs:indicator_edit", args=[rate.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"weight": "", "loaded_version": rate.version})
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["weight"] == ["Chọn chỉ tiêu làm trọng số cho bình quân."]


def test_indicator_with_values_shows_its_type_fixed(client, dept_officer, indicators, period, ward_a):
    from khcn.reporting.models import Value

    report = Report.objects.create(period=period, unit=ward_a)
    Value.objects.create(report=report, indicator=indicators["received"], number=Decimal(3))
    client.force_login(dept_officer)
    response = client.get(reverse("programs:indicator_edit", args=[indicators["received"].pk]))
    assert response.context["form"].fields["value_type"].disabled
    assert "Các báo cáo đã có 1 số liệu" in response.content.decode()


def test_period_with_reports_is_not_deleted_by_the_page(client, dept_officer, period, ward_a):
    Report.objects.create(period=period, unit=ward_a)
    client.force_login(dept_officer)
    confirm = client.get(reverse("programs:period_delete", args=[period.pk]))
    assert "Xóa kỳ “Năm 2026”?" in confirm.content.decode()
    response = client.post(reverse("programs:period_delete", args=[period.pk]), follow=True)
    assert "không thể xóa, chỉ có thể đóng kỳ" in response.content.decode()
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()


def test_form_items_are_saved_from_the_form_page(client, dept_officer, form, indicators):
    client.force_login(dept_officer)
    keep = [indicators["received"], indicators["on_time"], indicators["cashless"]]
    data = {"loaded_version": form.version}
    for position, ind in enumerate(keep, start=1):
        data[f"in-{ind.pk}"] = "on"
        data[f"pos-{ind.pk}"] = str(4 - position)
    data[f"req-{indicators['cashless'].pk}"] = "on"
    response = client.post(reverse("programs:form_items", args=[form.pk]), data)
    assert response.status_code == 302
    assert list(form.items.order_by("position").values_list("indicator__code", "required")) == [
        ("A4", True),
        ("A2", False),
        ("A1", False),
    ]
    data[f"pos-{indicators['cashless'].pk}"] = "5000"  # out of bounds: refused, typed values kept
    data["loaded_version"] = form.version + 1
    response = client.post(reverse("programs:form_items", args=[form.pk]), data)
    assert response.status_code == 422
    assert 'value="5000"' in response.content.decode()


def test_targets_filter_by_indicator_and_export(client, dept_officer, form, indicators, ward_a):
    Target.objects.create(indicator=indicators["received"], unit=ward_a, year=2027, value=Decimal(1250))
    client.force_login(dept_officer)
    url = reverse("programs:target_list", args=[form.program.pk])
    response = client.get(url, {"indicator": indicators["received"].pk})
    rows = list(response.context["table"].paginated_rows)
    assert [r.record.unit for r in rows] == [ward_a]
    assert "1.250" in response.content.decode()
    export = client.get(url, {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_lists_answer_htmx_with_the_table_only(client, dept_officer, form, period):
    client.force_login(dept_officer)
    for name, args, target in [
        ("programs:program_list", [], "program-table"),
        ("programs:period_list", [], "period-table"),
        ("programs:target_list", [form.program.pk], "target-table"),
    ]:
        response = client.get(reverse(name, args=args), HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
        body = response.content.decode()
        assert response.status_code == 200 and "<table" in body and "<html" not in body, name


def test_period_list_filters_by_state(client, dept_officer, period, last_period, time_machine):
    time_machine.move_to(date(2026, 11, 20))
    client.force_login(dept_officer)
    response = client.get(reverse("programs:period_list"), {"state": "open"})
    names = [r.record.name for r in response.context["table"].paginated_rows]
    assert names == ["Năm 2026", "6 tháng đầu năm 2026"]  # neither has a closing day
    response = client.get(reverse("programs:period_list"), {"state": "upcoming"})
    assert list(response.context["table"].paginated_rows) == []


def _grow(program, count):  # type: ignore[no-untyped-def]
    """More programmes, groups, indicators, targets and periods: the lists must not cost more."""
    for i in range(count):
        other = Program.objects.create(code=f"P-{i}", name="Khác", issuing_body="UBND", start_year=2025, end_year=2030)
        group = IndicatorGroup.objects.create(program=program, code=f"G{i}", name="Nhóm", position=10 + i)
        ind = Indicator.objects.create(
            program=program, group=group, code=f"G{i}.1", name="X", value_type=ValueType.COUNT
        )
        Target.objects.create(indicator=ind, unit=None, year=2027, value=i)
        ReportingPeriod.objects.create(
            program=program,
            form=program.forms.first(),
            kind=PeriodKind.AD_HOC,
            year=2027,
            name=f"Đột xuất {i}",
            data_from=date(2027, 1, 1),
            data_to=date(2027, 1, 31),
            opens_on=date(2027, 2, 1),
            due_on=date(2027, 2, 10),
        )
        other.save()


@pytest.mark.parametrize(
    "name", ["programs:program_list", "programs:period_list", "programs:target_list", "programs:program_detail"]
)
def test_list_pages_cost_the_same_queries_whatever_their_length(
    client, dept_officer, form, period, name, django_assert_num_queries
):
    client.force_login(dept_officer)
    program = form.program
    url = reverse(name, args=[program.pk] if name in ("programs:target_list", "programs:program_detail") else [])
    client.get(url)  # warm the session and the scope
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(program, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
