"""Writes to reports: open, save (draft or submit), review moves, comments.

Pages, the API and Excel imports all call these functions, so the same validation and
permissions apply everywhere (STYLE.md §2).
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from khcn.core.concurrency import StaleObjectError
from khcn.core.history import attribute_to
from khcn.core.uploads import check_upload
from khcn.geo.models import AdminUnit
from khcn.notifications.models import NotificationKind
from khcn.notifications.selectors import unit_officers
from khcn.notifications.services import notify
from khcn.programs.models import ReportingPeriod
from khcn.reporting import hooks, selectors
from khcn.reporting.formatting import entry_strings
from khcn.reporting.models import Attachment, Report, ReportEvent, ReportSection, ReportStatus, Value, ValueComment
from khcn.reporting.validation import Entry, Outcome, validate
from khcn.reporting.workflow import TRANSITIONS, can_move

MESSAGE_REQUIRED = "message_required"
WRONG_STATE = "wrong_state"
PERIOD_NOT_OPEN = "period_not_open"
PERIOD_CLOSED = "period_closed"


def _event(report: Report, *, action: str, from_status: str, user: Any, message: str = "") -> None:
    ReportEvent.objects.create(
        report=report, action=action, from_status=from_status, to_status=report.status, actor=user, message=message
    )


def _move(report: Report, *, action: str, user: Any, message: str = "") -> None:
    if not can_move(report.status, action):
        raise ValidationError(
            _("This report is “%(status)s”; that action is not possible now.")
            % {"status": report.get_status_display()},
            code=WRONG_STATE,
        )
    before = report.status
    report.status = TRANSITIONS[action][1]
    report.version += 1
    report.updated_by = user
    report.save()
    _event(report, action=action, from_status=before, user=user, message=message)


VALUE_FIELDS = ["number", "numerator", "denominator", "flag", "date_value", "text", "explanation"]


def _history_user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def period_check_open(*, period: ReportingPeriod, today: date | None = None, report: Report | None = None) -> None:
    """Units write in a period from its opening day to its closing day, when it has one.

    A report the Department returned may still be corrected after the close: the Department
    asked for it. Closing a period on the setup pages sets its closing day.
    """
    if report is not None and report.status == ReportStatus.RETURNED:
        return
    today = today or timezone.localdate()
    if today < period.opens_on:
        raise ValidationError(
            _("Reports for this period open on %(day)s.") % {"day": f"{period.opens_on:%d/%m/%Y}"},
            code=PERIOD_NOT_OPEN,
        )
    if period.closes_on is not None and today > period.closes_on:
        raise ValidationError(
            _("This period closed on %(day)s; the Department no longer takes reports for it.")
            % {"day": f"{period.closes_on:%d/%m/%Y}"},
            code=PERIOD_CLOSED,
        )


def report_open(
    *,
    period: ReportingPeriod,
    unit: AdminUnit,
    user: Any,
    expected: set[int] | None = None,
    today: date | None = None,
) -> Report:
    """Get the unit's report for the period, creating the draft on first opening.

    A new report is started only while the period is open (`period_check_open`); an
    existing one always opens, to be read. `expected` (ids of the units expected in the
    period) saves a query when the caller, such as the workbook import, already has them.
    """
    probe = Report(period=period, unit=unit)
    existing = Report.objects.filter(period=period, unit=unit).first()
    # Opening an existing report only reads it (a former district's history account may);
    # starting one is a write.
    if existing is not None and user.has_perm("reporting.view_report", existing):
        return existing
    if not user.has_perm("reporting.fill_report", probe):
        raise PermissionDenied
    if expected is None:
        expected = {u.pk for u in selectors.period_expected_units(period=period)}
    if unit.pk not in expected:
        raise ValidationError(_("This unit does not report in this period."), code="not_expected")
    if not Report.objects.filter(period=period, unit=unit).exists():
        period_check_open(period=period, today=today)
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            period=period, unit=unit, defaults={"created_by": user, "updated_by": user}
        )
        if created:
            _event(report, action="create", from_status="", user=user)
    return report


def report_save(
    *,
    report: Report,
    user: Any,
    entries: dict[int, Entry],
    sections: dict[str, str],
    expected_version: int,
    submit: bool,
    today: date | None = None,
) -> Outcome:
    """Save what the unit typed; with `submit`, also check strictly and submit.

    Only while the period is open, or for a report the Department returned (`period_check_open`).
    A submission is also checked by the other apps' hooks (`hooks.report_submitting`).

    Nothing parseable is lost: values that parse are saved as a draft even when others are
    wrong or when strict checks refuse the submission; the caller shows the outcome with
    the user's input. A copy loaded at an older version is refused (StaleObjectError).
    Approved reports are locked; re-opening them is an explicit review action.
    """
    if not user.has_perm("reporting.fill_report", report):
        raise PermissionDenied
    if report.is_locked:
        raise ValidationError(_("This report is approved and locked."), code="locked")
    if not report.is_editable:
        raise ValidationError(
            _("This report was submitted and is being reviewed; it cannot be edited now."),
            code=WRONG_STATE,
        )
    period_check_open(period=report.period, today=today, report=report)
    if submit:  # e.g. too many requests to follow up: refused before anything is written
        hooks.report_submitting(report=report, sections=sections, user=user)
    items = selectors.form_items(period=report.period)
    outcome = validate(
        items=items,
        entries=entries,
        rules=list(report.period.form.rules.all()),
        previous=selectors.previous_numbers(report=report),
        strict=submit,
    )
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.version != expected_version and _saved_by_others(current, since=expected_version, user=user):
            raise StaleObjectError(current)
        existing = {v.indicator_id: v for v in report.values.all()}
        created: list[Value] = []
        changed: list[Value] = []
        for ind, _required in items:
            parsed = outcome.parsed.get(ind.pk)
            if parsed is None:
                continue
            value = existing.get(ind.pk)
            fields = {name: getattr(parsed, name) for name in VALUE_FIELDS}
            if value is None:
                created.append(Value(report=report, indicator=ind, **fields))
            elif any(getattr(value, name) != new for name, new in fields.items()):
                for name, new in fields.items():
                    setattr(value, name, new)
                changed.append(value)
        # In bulk, with their history rows: a 10,000-row workbook must not cost 20,000 queries.
        bulk_create_with_history(created, Value, batch_size=500, default_user=_history_user(user))
        bulk_update_with_history(changed, Value, fields=VALUE_FIELDS, batch_size=500, default_user=_history_user(user))
        existing_sections = {s.key: s for s in report.sections.all()}
        for key, text in sections.items():
            section = existing_sections.get(key) or ReportSection(report=report, key=key)
            section.text = text
            section.save()
        report.version = current.version + 1
        report.updated_by = user
        report.status = current.status
        report.save()
        if submit and outcome.ok:
            before = report.status
            report.status = ReportStatus.SUBMITTED
            report.submitted_at = timezone.now()
            report.save()
            _event(report, action="submit", from_status=before, user=user)
            hooks.report_submitted(report=report, sections=sections, user=user)
    return outcome


def report_submit_check(*, report: Report, user: Any, entries: dict[int, Entry], sections: dict[str, str]) -> Outcome:
    """The checks a submission would run (strict validation and the other apps' hooks),
    without writing: the page runs them before asking the unit to confirm (issue 13,
    defect 7), so a report that cannot go is refused before the question, not after it.
    A hook's refusal is raised (ValidationError), as in `report_save`."""
    if not user.has_perm("reporting.fill_report", report):
        raise PermissionDenied
    hooks.report_submitting(report=report, sections=sections, user=user)
    return validate(
        items=selectors.form_items(period=report.period),
        entries=entries,
        rules=list(report.period.form.rules.all()),
        previous=selectors.previous_numbers(report=report),
        strict=True,
    )


def _saved_by_others(report: Report, *, since: int, user: Any) -> bool:
    """Whether anyone but `user` saved the report after version `since`.

    The user's own autosave, landing between loading the page and pressing a button, is not
    a conflict; a save by anybody else (or by the system) is.
    """
    later = report.history.filter(version__gt=since)  # type: ignore[attr-defined]
    return not later.exists() or later.exclude(history_user=user).exists()


def report_return(*, report: Report, user: Any, message: str) -> None:
    """Send a submitted report back to the unit with a required reason; e-mail its officers."""
    if not user.has_perm("reporting.review_report", report):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError(_("Write what the unit must correct."), code=MESSAGE_REQUIRED)
    with transaction.atomic():
        _move(report, action="return", user=user, message=message)
        _notify_unit(report, NotificationKind.REPORT_RETURNED, message)


def report_approve(*, report: Report, user: Any, message: str = "") -> None:
    if not user.has_perm("reporting.review_report", report):
        raise PermissionDenied
    with transaction.atomic():
        _move(report, action="approve", user=user, message=message.strip())
        report.approved_at = timezone.now()
        report.save(update_fields=["approved_at"])
        report.comments.update(resolved=True)
        _notify_unit(report, NotificationKind.REPORT_APPROVED, message.strip())


def report_sign_off(*, report: Report, user: Any, message: str = "") -> None:
    """The Department leader's sign-off of an approved report."""
    if not user.has_perm("reporting.sign_off_report", report):
        raise PermissionDenied
    with transaction.atomic():
        _move(report, action="sign_off", user=user, message=message.strip())
        _notify_unit(report, NotificationKind.REPORT_SIGNED_OFF, message.strip())


def report_reopen(*, report: Report, user: Any, message: str) -> None:
    """Re-open an approved report: an explicit, logged action with a reason."""
    if not user.has_perm("reporting.review_report", report):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError(_("Write why the report is re-opened."), code=MESSAGE_REQUIRED)
    with transaction.atomic():
        _move(report, action="reopen", user=user, message=message)
        _notify_unit(report, NotificationKind.REPORT_REOPENED, message)


def value_reopen(*, report: Report, indicator_id: int, user: Any, message: str) -> Value:
    """Re-open one value of an approved report for correction; the rest stays locked.

    The reason is required: it goes to the timeline, beside the field as a comment, and by
    e-mail to the unit. Until corrected, the approved value keeps counting in the aggregate.
    """
    if not user.has_perm("reporting.review_report", report):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError(_("Write why the value is re-opened."), code=MESSAGE_REQUIRED)
    if not report.is_locked:
        raise ValidationError(
            _("Only a value of an approved report is re-opened; comment on it or return the report instead."),
            code=WRONG_STATE,
        )
    indicator = next((ind for ind, _r in selectors.form_items(period=report.period) if ind.pk == indicator_id), None)
    if indicator is None:
        raise ValidationError(_("This indicator is not in the report."), code="bad_indicator")
    with transaction.atomic():
        value, _created = Value.objects.get_or_create(report=report, indicator=indicator)
        if value.reopened:
            raise ValidationError(_("This value is already re-opened."), code=WRONG_STATE)
        value.reopened = True
        attribute_to(value, user)
        value.save(update_fields=["reopened"])
        ValueComment.objects.create(report=report, indicator=indicator, author=user, text=message)
        report.version += 1
        report.updated_by = user
        report.save(update_fields=["version", "updated_by", "updated_at"])
        _event(
            report, action="reopen_value", from_status=report.status, user=user, message=f"{indicator.code}: {message}"
        )
        _notify_unit(report, NotificationKind.REPORT_REOPENED, f"{indicator.code}. {indicator.name}: {message}")
    return value


def reopened_indicator_ids(report: Report) -> set[int]:
    return set(report.values.filter(reopened=True).values_list("indicator_id", flat=True))


def value_correct(*, report: Report, user: Any, entries: dict[int, Entry], expected_version: int) -> Outcome:
    """Send the correction of re-opened values; only those change, checked with the whole form.

    The report stays approved. When anything is wrong, nothing is saved and the caller shows
    the typed input back with the messages.
    """
    if not user.has_perm("reporting.fill_report", report):
        raise PermissionDenied
    reopened = reopened_indicator_ids(report)
    if not report.is_locked or not reopened:
        raise ValidationError(_("No value of this report is open for correction."), code=WRONG_STATE)
    items = selectors.form_items(period=report.period)
    stored = {v.indicator_id: v for v in report.values.all()}
    merged = {
        ind.pk: entries.get(ind.pk, Entry()) if ind.pk in reopened else Entry(**entry_strings(stored.get(ind.pk), ind))
        for ind, _required in items
    }
    outcome = validate(
        items=items,
        entries=merged,
        rules=list(report.period.form.rules.all()),
        previous=selectors.previous_numbers(report=report),
        strict=True,
    )
    if not outcome.ok:
        return outcome
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.version != expected_version and _saved_by_others(current, since=expected_version, user=user):
            raise StaleObjectError(current)
        codes = []
        for ind, _required in items:
            if ind.pk not in reopened:
                continue
            value = stored[ind.pk]
            source = outcome.parsed.get(ind.pk) or Value()  # left blank: the value is cleared
            for name in VALUE_FIELDS:
                setattr(value, name, getattr(source, name))
            value.reopened = False
            attribute_to(value, user)
            value.save()
            codes.append(ind.code)
        report.comments.filter(indicator_id__in=reopened).update(resolved=True)
        report.version = current.version + 1
        report.updated_by = user
        report.save(update_fields=["version", "updated_by", "updated_at"])
        _event(report, action="correct_value", from_status=report.status, user=user, message=", ".join(codes))
    return outcome


def value_comment_add(*, report: Report, indicator_id: int, user: Any, text: str) -> ValueComment:
    """A reviewer's comment on one value, shown beside the field to the unit."""
    if not user.has_perm("reporting.review_report", report):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the comment."), code=MESSAGE_REQUIRED)
    if indicator_id not in {ind.pk for ind, _r in selectors.form_items(period=report.period)}:
        raise ValidationError(_("This indicator is not in the report."), code="bad_indicator")
    return ValueComment.objects.create(report=report, indicator_id=indicator_id, author=user, text=text)


# What the unit's officers are told of each review move (notifications.notify: the inbox, and
# the e-mail for those who want it).
_NOTICES: dict[str, tuple[str, str]] = {
    NotificationKind.REPORT_RETURNED: (
        gettext_noop("Report returned: %(report)s"),
        gettext_noop("The Department returned your report “%(report)s” for correction:\n\n%(message)s"),
    ),
    NotificationKind.REPORT_REOPENED: (
        gettext_noop("Report re-opened: %(report)s"),
        gettext_noop("The Department re-opened your approved report “%(report)s” for correction:\n\n%(message)s"),
    ),
    NotificationKind.REPORT_APPROVED: (
        gettext_noop("Report approved: %(report)s"),
        gettext_noop("The Department approved your report “%(report)s”.\n\n%(message)s"),
    ),
    NotificationKind.REPORT_SIGNED_OFF: (
        gettext_noop("Report signed off: %(report)s"),
        gettext_noop("The Department's leader signed off your report “%(report)s”.\n\n%(message)s"),
    ),
}


def _notify_unit(report: Report, kind: str, message: str) -> None:
    """Tell the unit's officers that their report moved, with the reviewer's words."""
    subject, body = _NOTICES[kind]
    with translation.override("vi"):
        notify(
            kind,
            unit_officers(units=[report.unit_id]),
            title=_(subject) % {"report": report},
            body=(_(body) % {"report": report, "message": message}).strip(),
            url=report.get_absolute_url(),
            target=report,
        )


def attachment_add(*, report: Report, user: Any, upload: Any, indicator_id: int | None) -> Attachment:
    """Attach a file to the report, or as evidence to one value, while the unit may edit it.

    Only the kinds of file in KHCN_UPLOAD_EXTENSIONS and up to KHCN_UPLOAD_MAX_MB are taken.
    """
    if not user.has_perm("reporting.fill_report", report):
        raise PermissionDenied
    correcting = not report.is_editable and indicator_id is not None and indicator_id in reopened_indicator_ids(report)
    if not report.is_editable and not correcting:
        raise ValidationError(
            _("Files can be attached only while the report can be edited, or as evidence for a re-opened value."),
            code=WRONG_STATE,
        )
    name = check_upload(upload)
    if indicator_id is not None and indicator_id not in {i.pk for i, _r in selectors.form_items(period=report.period)}:
        raise ValidationError(_("This indicator is not in the report."), code="bad_indicator")
    attachment = Attachment(report=report, indicator_id=indicator_id, name=name, size=upload.size, uploaded_by=user)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def attachment_delete(*, attachment: Attachment, user: Any) -> None:
    report = attachment.report
    if not user.has_perm("reporting.fill_report", report):
        raise PermissionDenied
    if not report.is_editable:
        raise ValidationError(_("Files can be removed only while the report can be edited."), code=WRONG_STATE)
    attachment.file.delete(save=False)
    attachment.delete()
