from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from khcn.core.concurrency import StaleObjectError
from khcn.meetings.models import FollowUp, FollowUpKind
from khcn.programs.models import SectionKey
from khcn.reporting import services
from khcn.reporting.models import Report, ReportStatus, Value
from khcn.reporting.validation import Entry

pytestmark = pytest.mark.django_db


def good_entries(ind):
    return {
        ind["received"].pk: Entry(value="1.200"),
        ind["on_time"].pk: Entry(value="1.150"),
        ind["rate"].pk: Entry(value="95,8"),
        ind["cashless"].pk: Entry(value="87"),
        ind["radios"].pk: Entry(numerator="5", denominator="18"),
        ind["plan"].pk: Entry(value="1"),
    }


def save(report, user, entries, *, submit, sections=None):
    report.refresh_from_db()
    return services.report_save(
        report=report,
        user=user,
        entries=entries,
        sections=sections or {},
        expected_version=report.version,
        submit=submit,
    )


def test_officer_opens_own_unit_report_once(period, officer_a, ward_a):
    first = services.report_open(period=period, unit=ward_a, user=officer_a)
    again = services.report_open(period=period, unit=ward_a, user=officer_a)
    assert first.pk == again.pk and first.status == ReportStatus.DRAFT
    assert list(first.events.values_list("action", flat=True)) == ["create"]


def test_officer_cannot_open_another_units_report(period, officer_a, ward_b):
    with pytest.raises(PermissionDenied):
        services.report_open(period=period, unit=ward_b, user=officer_a)


def test_unit_outside_the_form_levels_cannot_report(period, dept_officer):
    from khcn.geo.models import AdminUnit

    district = AdminUnit.objects.get(level="district", name="Mê Linh")
    with pytest.raises(ValidationError):
        services.report_open(period=period, unit=district, user=dept_officer)


def test_draft_keeps_every_value_that_parses(period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    entries = good_entries(indicators)
    entries[indicators["cashless"].pk] = Entry(value="tám mươi")
    outcome = save(report, officer_a, entries, submit=False)
    assert not outcome.ok
    stored = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert stored["A1"].number == Decimal(1200) and stored["A3"].number == Decimal("95.8")
    assert (stored["A5"].numerator, stored["A5"].denominator) == (5, 18)
    assert "A4" not in stored  # the one that did not parse is shown back, not stored


def test_submit_with_errors_saves_a_draft_and_does_not_submit(period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    entries = good_entries(indicators)
    entries[indicators["radios"].pk] = Entry(numerator="20", denominator="18")
    outcome = save(report, officer_a, entries, submit=True)
    report.refresh_from_db()
    assert not outcome.ok and report.status == ReportStatus.DRAFT
    assert report.values.filter(indicator=indicators["cashless"]).get().number == 87


def test_full_review_cycle(
    period, officer_a, dept_officer, dept_leader, ward_a, indicators, django_capture_on_commit_callbacks
):
    officer_a.email = "a@example.vn"
    officer_a.save()
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    sections = {SectionKey.REQUESTS: "- Tập huấn cho cán bộ\n- Hỗ trợ mô hình nông nghiệp công nghệ cao"}
    assert save(report, officer_a, good_entries(indicators), submit=True, sections=sections).ok
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    items = FollowUp.objects.filter(source_report=report)
    assert sorted(items.values_list("text", flat=True)) == [
        "Hỗ trợ mô hình nông nghiệp công nghệ cao",
        "Tập huấn cho cán bộ",
    ]
    assert set(items.values_list("kind", flat=True)) == {FollowUpKind.REQUEST}

    with pytest.raises(ValidationError) as missing:
        services.report_return(report=report, user=dept_officer, message="  ")
    assert missing.value.code == "message_required"
    services.value_comment_add(
        report=report, indicator_id=indicators["rate"].pk, user=dept_officer, text="Kiểm tra lại tỷ lệ."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, user=dept_officer, message="Đề nghị rà soát chỉ tiêu A3.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert len(mail.outbox) == 1 and "Đề nghị rà soát chỉ tiêu A3." in mail.outbox[0].body
    assert mail.outbox[0].to == ["a@example.vn"]

    assert save(report, officer_a, good_entries(indicators), submit=True, sections=sections).ok
    assert FollowUp.objects.filter(source_report=report).count() == 2  # not doubled
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, user=officer_a)
    services.report_approve(report=report, user=dept_officer)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.is_locked
    with pytest.raises(ValidationError) as locked:
        save(report, officer_a, good_entries(indicators), submit=False)
    assert locked.value.code == "locked"
    with pytest.raises(PermissionDenied):
        services.report_sign_off(report=report, user=dept_officer)
    services.report_sign_off(report=report, user=dept_leader)
    services.report_reopen(report=report, user=dept_officer, message="Cập nhật số liệu quý IV.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    actions = list(report.events.values_list("action", "actor__username"))
    assert actions == [
        ("create", "officer_a"),
        ("submit", "officer_a"),
        ("return", "officer"),
        ("submit", "officer_a"),
        ("approve", "officer"),
        ("sign_off", "leader"),
        ("reopen", "officer"),
    ]


def test_moves_out_of_order_are_refused(period, officer_a, dept_officer, ward_a):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    with pytest.raises(ValidationError) as wrong:
        services.report_approve(report=report, user=dept_officer)
    assert wrong.value.code == "wrong_state"


def test_stale_save_is_refused(period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    old_version = report.version
    save(report, officer_a, good_entries(indicators), submit=False)
    with pytest.raises(StaleObjectError):
        services.report_save(
            report=report, user=officer_a, entries={}, sections={}, expected_version=old_version, submit=False
        )


def test_values_history_is_kept(period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    save(report, officer_a, good_entries(indicators), submit=False)
    entries = good_entries(indicators)
    entries[indicators["cashless"].pk] = Entry(value="90")
    save(report, officer_a, entries, submit=False)
    value = Value.objects.get(report=report, indicator=indicators["cashless"])
    assert [h.number for h in value.history.order_by("history_date")] == [Decimal(87), Decimal(90)]
    assert Report.objects.get(pk=report.pk).version == 3


def test_a_failing_submission_hook_undoes_the_submission(period, officer_a, ward_a, indicators, monkeypatch):
    """Hooks run inside the submission's transaction: if one fails, the report stays a draft."""
    from khcn.reporting import hooks

    seen = []

    def failing(event):
        seen.append((event.report.pk, event.sections.get(SectionKey.REQUESTS)))
        raise RuntimeError("receiver failed")

    monkeypatch.setattr(hooks, "_submitted", [*hooks._submitted, failing])
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    with pytest.raises(RuntimeError):
        save(report, officer_a, good_entries(indicators), submit=True, sections={SectionKey.REQUESTS: "- Hỗ trợ"})
    report.refresh_from_db()
    assert seen == [(report.pk, "- Hỗ trợ")]
    assert report.status == ReportStatus.DRAFT
    assert not FollowUp.objects.filter(source_report=report).exists()


def test_a_report_is_written_only_while_its_period_is_open(period, officer_a, ward_a, dept_officer, indicators):
    """Before the opening day nothing starts; after the closing day a draft is refused, but a
    report the Department returned may still be corrected."""
    from datetime import date

    with pytest.raises(ValidationError) as early:
        services.report_open(period=period, unit=ward_a, user=officer_a, today=period.opens_on.replace(day=1))
    assert early.value.code == services.PERIOD_NOT_OPEN
    assert not Report.objects.filter(period=period, unit=ward_a).exists()

    report = services.report_open(period=period, unit=ward_a, user=officer_a, today=period.opens_on)
    period.closes_on = date(2027, 1, 15)
    period.save()
    report.refresh_from_db()
    after_close = date(2027, 1, 16)
    with pytest.raises(ValidationError) as closed:
        services.report_save(
            report=report,
            user=officer_a,
            entries=good_entries(indicators),
            sections={},
            expected_version=report.version,
            submit=True,
            today=after_close,
        )
    assert closed.value.code == services.PERIOD_CLOSED
    assert "15/01/2027" in closed.value.messages[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report.values.exists()

    # Submitted in time, returned after the close: the unit corrects it all the same.
    in_time = services.report_save(
        report=report,
        user=officer_a,
        entries=good_entries(indicators),
        sections={},
        expected_version=report.version,
        submit=True,
        today=period.due_on,
    )
    assert in_time.ok
    services.report_return(report=report, user=dept_officer, message="Đề nghị rà soát.")
    report.refresh_from_db()
    outcome = services.report_save(
        report=report,
        user=officer_a,
        entries=good_entries(indicators),
        sections={},
        expected_version=report.version,
        submit=True,
        today=after_close,
    )
    assert outcome.ok
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
