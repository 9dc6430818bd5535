"""Board, city aggregate and pages: hand-computed figures, scoping, constant query counts."""

from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khcn.geo.models import AdminUnit
from khcn.programs.models import Target
from khcn.reporting import selectors, services
from khcn.reporting.models import NOT_STARTED, Report, ReportStatus
from khcn.reporting.validation import Entry

pytestmark = pytest.mark.django_db


def fill(period, unit, user, ind, *, received, on_time, rate, cashless, radios, plan, submit=True):
    report = services.report_open(period=period, unit=unit, user=user)
    entries = {
        ind["received"].pk: Entry(value=str(received)),
        ind["on_time"].pk: Entry(value=str(on_time)),
        ind["rate"].pk: Entry(value=str(rate)),
        ind["cashless"].pk: Entry(value=str(cashless)),
        ind["radios"].pk: Entry(numerator=str(radios[0]), denominator=str(radios[1])),
        ind["plan"].pk: Entry(value=plan),
    }
    outcome = services.report_save(
        report=report, user=user, entries=entries, sections={}, expected_version=report.version, submit=submit
    )
    assert outcome.ok, outcome.errors
    report.refresh_from_db()
    return report


@pytest.fixture
def two_reports(period, dept_officer, ward_a, ward_b, indicators):
    a = fill(
        period,
        ward_a,
        dept_officer,
        indicators,
        received=1000,
        on_time=950,
        rate=95,
        cashless=87,
        radios=(5, 18),
        plan="1",
    )
    b = fill(
        period,
        ward_b,
        dept_officer,
        indicators,
        received=3000,
        on_time=2970,
        rate=99,
        cashless=93,
        radios=(10, 12),
        plan="0",
    )
    return a, b


def test_city_aggregate_matches_hand_computation(period, dept_officer, indicators, two_reports):
    rows = {r.indicator.code: r for r in selectors.period_aggregate(period=period, user=dept_officer)}
    assert rows["A1"].value == 4000 and rows["A2"].value == 3920
    # weighted by dossiers received: (95*1000 + 99*3000) / 4000 = 98
    assert rows["A3"].value == Decimal(98)
    assert rows["A4"].value == Decimal(90)  # plain mean of 87 and 93
    assert (rows["A5"].numerator, rows["A5"].denominator) == (15, 30)  # sums, not mean of ratios
    assert rows["A6"].flag_yes == 1
    assert rows["A4"].target == 90 and rows["A4"].progress == "achieved"
    assert all(r.reported == 2 for code, r in rows.items() if code != "A7")


def test_cached_aggregate_follows_every_change(
    period, dept_officer, officer_a, officer_b, indicators, two_reports, django_assert_num_queries
):
    def a1(user):
        return next(r for r in selectors.period_aggregate(period=period, user=user) if r.indicator.code == "A1")

    assert a1(dept_officer).value == 4000
    with django_assert_num_queries(2):  # the stamp and the targets: the figures come from the cache
        assert a1(dept_officer).value == 4000
    assert a1(officer_a).value == 1000, "each scope has its own entry"
    services.report_approve(report=two_reports[1], user=dept_officer)
    services.value_reopen(
        report=two_reports[1], indicator_id=indicators["received"].pk, user=dept_officer, message="Sửa"
    )
    two_reports[1].refresh_from_db()
    assert services.value_correct(
        report=two_reports[1],
        user=officer_b,
        entries={indicators["received"].pk: Entry(value="3.500")},
        expected_version=two_reports[1].version,
    ).ok
    assert a1(dept_officer).value == 4500, "a correction shows at once"
    Target.objects.filter(indicator=indicators["cashless"]).update(value=95)
    row = next(r for r in selectors.period_aggregate(period=period, user=dept_officer) if r.indicator.code == "A4")
    assert row.target == 95 and row.progress == "at_risk", "targets are read fresh"


def test_drafts_do_not_count_in_the_aggregate(period, dept_officer, ward_a, indicators):
    fill(
        period,
        ward_a,
        dept_officer,
        indicators,
        received=10,
        on_time=10,
        rate=100,
        cashless=50,
        radios=(1, 2),
        plan="1",
        submit=False,
    )
    rows = {r.indicator.code: r for r in selectors.period_aggregate(period=period, user=dept_officer)}
    assert rows["A1"].value is None and rows["A1"].reported == 0


def test_progress_against_target():
    assert selectors._progress(Decimal(85), Decimal(90), "higher") == "at_risk"
    assert selectors._progress(Decimal(70), Decimal(90), "higher") == "not_achieved"
    assert selectors._progress(Decimal(5), Decimal(10), "lower") == "achieved"


def test_board_counts_statuses_and_flags_late_units(period, dept_officer, ward_a, ward_b, indicators, time_machine):
    time_machine.move_to(datetime(2026, 12, 22, 3, tzinfo=UTC))  # two days after the deadline
    fill(
        period, ward_a, dept_officer, indicators, received=1, on_time=1, rate=100, cashless=90, radios=(1, 1), plan="1"
    )
    board = selectors.period_board(period=period, user=dept_officer)
    expected = AdminUnit.objects.current(period.data_to).filter(level="commune", path__startswith="p01/").count()
    assert board.total == expected == 126
    assert board.counts[ReportStatus.SUBMITTED] == 1 and board.counts[NOT_STARTED] == 125
    rows = {r.unit.pk: r for r in board.rows}
    assert rows[ward_a.pk].late  # submitted after the deadline
    assert rows[ward_b.pk].late and rows[ward_b.pk].status == NOT_STARTED


def test_board_reads_the_same_rows_by_unit_ids_or_by_period(
    period, dept_officer, officer_a, two_reports, monkeypatch, django_assert_num_queries
):
    def board(user):
        rows = selectors.period_board(period=period, user=user).rows
        return [(r.unit.pk, r.unit.full_name, r.status, r.report and r.report.pk, r.late) for r in rows]

    for user in (dept_officer, officer_a):
        by_ids = board(user)
        monkeypatch.setattr(selectors, "BOARD_UNITS_LISTED", 0)  # as a national board does
        by_period = board(user)
        monkeypatch.undo()
        assert by_ids == by_period
    mine = two_reports[0]
    late = mine.submitted_at.date() > period.due_on  # submitted today, whichever day the suite runs
    assert [row for row in board(officer_a) if row[3]] == [
        (mine.unit_id, mine.unit.full_name, mine.status, mine.pk, late)
    ]
    with django_assert_num_queries(3):  # the deployment's province, its units, their reports
        selectors.period_board(period=period, user=dept_officer)


def test_board_before_deadline_has_nobody_late(period, dept_officer, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 3, tzinfo=UTC))
    assert selectors.period_board(period=period, user=dept_officer).late == 0


def test_local_officer_cannot_read_or_write_another_units_report(
    client, period, officer_a, officer_b, two_reports, indicators
):
    report_a, report_b = two_reports
    client.force_login(officer_a)
    assert client.get(reverse("reporting:report_detail", args=[report_a.pk])).status_code == 200
    assert client.get(reverse("reporting:report_detail", args=[report_b.pk])).status_code == 404
    post = client.post(
        reverse("reporting:report_save", args=[report_b.pk]),
        {"loaded_version": report_b.version, f"v-{indicators['received'].pk}": "1"},
    )
    assert post.status_code == 404
    assert client.get(reverse("reporting:period_board", args=[report_b.period_id])).status_code == 403
    assert client.get(reverse("reporting:period_aggregate", args=[report_b.period_id])).status_code == 403
    assert Report.objects.get(pk=report_b.pk).values.get(indicator=indicators["received"]).number == 3000


def test_period_list_shows_the_officer_only_their_unit(client, period, officer_a, ward_a, ward_b):
    client.force_login(officer_a)
    body = client.get(reverse("reporting:period_list")).content.decode()
    assert ward_a.full_name in body and ward_b.full_name not in body


def test_officer_fills_through_the_page_and_keeps_input_on_error(client, period, officer_a, ward_a, indicators):
    client.force_login(officer_a)
    response = client.post(reverse("reporting:report_open", args=[period.pk, ward_a.pk]))
    report = Report.objects.get(period=period, unit=ward_a)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    data = {
        "loaded_version": report.version,
        "action": "submit",
        f"v-{indicators['received'].pk}": "1.000",
        f"v-{indicators['on_time'].pk}": "950",
        f"v-{indicators['rate'].pk}": "95",
        f"v-{indicators['cashless'].pk}": "87",
        f"n-{indicators['radios'].pk}": "20",
        f"d-{indicators['radios'].pk}": "18",
        f"v-{indicators['plan'].pk}": "1",
        "s-difficulties": "Thiếu nhân lực chuyển đổi số.",
    }
    bad = client.post(reverse("reporting:report_save", args=[report.pk]), data)
    assert bad.status_code == 422
    body = bad.content.decode()
    assert 'value="20"' in body and 'value="1.000"' in body and "Thiếu nhân lực chuyển đổi số." in body
    assert "is-invalid" in body
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    data[f"n-{indicators['radios'].pk}"] = "5"
    data["loaded_version"] = report.version
    data["confirmed"] = "1"  # the question "Gửi báo cáo cho Sở?" answered (test_confirm_moves)
    good = client.post(reverse("reporting:report_save", args=[report.pk]), data)
    assert good.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_autosave_returns_a_fragment_with_the_new_version(client, period, officer_a, dept_officer, ward_a, indicators):
    client.force_login(officer_a)
    client.post(reverse("reporting:report_open", args=[period.pk, ward_a.pk]))
    report = Report.objects.get(period=period, unit=ward_a)
    response = client.post(
        reverse("reporting:report_save", args=[report.pk]),
        {"loaded_version": report.version, f"v-{indicators['cashless'].pk}": "88"},
        headers={"HX-Request": "true", "HX-Target": "autosave"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and f'value="{report.version + 1}"' in body and "hx-swap-oob" in body
    assert report.values.get(indicator=indicators["cashless"]).number == 88
    services.report_save(
        report=Report.objects.get(pk=report.pk),
        user=dept_officer,
        entries={indicators["cashless"].pk: Entry(value="88")},
        sections={},
        expected_version=report.version + 1,
        submit=False,
    )  # someone else saves
    stale = client.post(
        reverse("reporting:report_save", args=[report.pk]),
        {"loaded_version": report.version, f"v-{indicators['cashless'].pk}": "89"},
        headers={"HX-Request": "true", "HX-Target": "autosave"},
    )
    assert stale.status_code == 409
    assert report.values.get(indicator=indicators["cashless"]).number == 88


def test_review_pages_need_a_message_to_return(client, period, dept_officer, two_reports):
    report, _ = two_reports
    client.force_login(dept_officer)
    response = client.post(reverse("reporting:report_review", args=[report.pk]), {"action": "return", "message": ""})
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    ok = client.post(
        reverse("reporting:report_review", args=[report.pk]), {"action": "return", "message": "Bổ sung số liệu."}
    )
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED


def test_board_and_aggregate_exports(client, period, dept_officer, two_reports):
    client.force_login(dept_officer)
    board = load_workbook(
        BytesIO(client.get(reverse("reporting:period_board", args=[period.pk]) + "?export=xlsx").content)
    ).active
    rows = list(board.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 126
    aggregate = load_workbook(
        BytesIO(client.get(reverse("reporting:period_aggregate", args=[period.pk]) + "?export=xlsx").content)
    ).active
    figures = {r[0]: r[2] for r in aggregate.iter_rows(min_row=3, values_only=True)}
    assert figures["A1"] == "4.000" and figures["A5"] == "15/30"


def test_board_and_aggregate_query_counts_do_not_grow(
    client, period, dept_officer, ward_a, ward_b, indicators, django_assert_max_num_queries
):
    client.force_login(dept_officer)
    fill(
        period, ward_a, dept_officer, indicators, received=1, on_time=1, rate=100, cashless=90, radios=(1, 1), plan="1"
    )
    client.get(reverse("reporting:period_board", args=[period.pk]))
    fill(
        period, ward_b, dept_officer, indicators, received=1, on_time=1, rate=100, cashless=90, radios=(1, 1), plan="1"
    )
    with django_assert_max_num_queries(12):
        client.get(reverse("reporting:period_board", args=[period.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("reporting:period_aggregate", args=[period.pk]))
    report = Report.objects.get(unit=ward_a, period=period)
    with django_assert_max_num_queries(25):
        client.get(reverse("reporting:report_detail", args=[report.pk]))


def test_official_documents_download_and_open(client, period, dept_officer, officer_a, officer_b, two_reports):
    from docx import Document

    report_a, report_b = two_reports
    client.force_login(officer_a)
    response = client.get(reverse("reporting:report_docx", args=[report_a.pk]))
    assert response.status_code == 200
    doc = Document(BytesIO(response.content))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "5/18" in text
    assert client.get(reverse("reporting:report_docx", args=[report_b.pk])).status_code == 404
    assert client.get(reverse("reporting:period_summary_docx", args=[period.pk])).status_code == 403
    client.force_login(dept_officer)
    summary = client.get(reverse("reporting:period_summary_docx", args=[period.pk]))
    cells = [c.text for t in Document(BytesIO(summary.content)).tables for row in t.rows for c in row.cells]
    assert "15/30" in cells


def test_report_page_queries_do_not_grow_with_values(
    client, period, dept_officer, ward_a, indicators, django_assert_max_num_queries
):
    report = fill(
        period, ward_a, dept_officer, indicators, received=1, on_time=1, rate=100, cashless=90, radios=(1, 1), plan="1"
    )
    client.force_login(dept_officer)
    client.get(reverse("reporting:report_detail", args=[report.pk]))
    with django_assert_max_num_queries(20):  # 7 values; a query per value would exceed this
        response = client.get(reverse("reporting:report_detail", args=[report.pk]))
    assert response.status_code == 200


def test_board_and_aggregate_count_the_same_deployment(period, dept_officer, two_reports, settings):
    """The aggregate counts the units the board expects: the deployment's province, or the
    whole country when KHCN_PROVINCE_CODE is empty; never figures from elsewhere."""
    settings.KHCN_PROVINCE_CODE = "79"  # a province this test database does not hold
    assert selectors.period_board(period=period, user=dept_officer).total == 0
    rows = {r.indicator.code: r for r in selectors.period_aggregate(period=period, user=dept_officer)}
    assert rows["A1"].value is None and rows["A1"].reported == 0
    settings.KHCN_PROVINCE_CODE = ""
    board = selectors.period_board(period=period, user=dept_officer)
    assert board.total == selectors.period_expected_units(period=period).count() > 0
    rows = {r.indicator.code: r for r in selectors.period_aggregate(period=period, user=dept_officer)}
    assert rows["A1"].value == 4000
