"""Councils on subjects other than research's own: what each kind of subject brings.

Research's councils advise on a proposal, a selection application or a task, held by foreign
keys. Another app may put its own records before the same machinery (members, declarations of
interest, secret per-criterion sheets, the aggregate, the quorum, the minutes) by registering a
`SubjectKind` for its model, usually in its AppConfig.ready: the initiatives app registers the
city's evaluation of an initiative. Research never imports the registering app; the council
holds the subject as a content type and an id.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Model


@dataclass(frozen=True)
class SubjectKind:
    """How a council on one model's records behaves.

    - `criteria()`: the sheet's criteria, (code, label, maximum points), out of 100 in all.
    - `pass_mean()`: the mean total from which the sheets recommend the subject.
    - `may_form(user, subject)`, `may_conclude(user, subject)`: who forms the council, and who
      sees it and records its conclusion (the staff of the body that owns the round).
    - `conflict_reasons(user, organisation, subject)`: why the system suspects a member.
    - `conclude(user=, council=, subject=, result=, accept=, conclusion=, data=)`: act on the
      conclusion; `data` is what the conclusion form sent (the subject's own fields). It runs
      inside the conclusion's transaction: a ValidationError leaves the council open.
    - `title(subject)`, `subject_line(subject)`: the subject on pages and in the minutes.
    - `dossier_template`, `conclude_template`: what a member reads once they may score, and the
      subject's own part of the conclusion form.
    - `council_url_name`: the council's page (research's view, routed where the menu wants it).
    - `dossier(subject)`: the record's fields as text, what a member reads through the API.
    """

    criteria: Callable[[], list[tuple[str, Any, int]]]
    may_form: Callable[[Any, Any], bool]
    may_conclude: Callable[[Any, Any], bool]
    conflict_reasons: Callable[[Any, Any, Any], list[str]]
    conclude: Callable[..., None]
    title: Callable[[Any], str]
    subject_line: Callable[[Any], str]
    dossier_template: str
    conclude_template: str
    pass_mean: Callable[[], float] = lambda: float(settings.KHCN_SCORE_PASS_MEAN)
    # The council's page, under the registering app's section of the menu (research's view).
    council_url_name: str = "research:council_detail"
    # The record's fields as text, by name: the dossier a member reads through the API.
    dossier: Callable[[Any], dict[str, str]] = lambda subject: {}


_KINDS: dict[str, SubjectKind] = {}


def register(model: type[Model], kind: SubjectKind) -> None:
    """Let councils be formed on `model`'s records (called once, from an AppConfig.ready)."""
    _KINDS[model._meta.label_lower] = kind


def kind_for_label(label: str) -> SubjectKind:
    try:
        return _KINDS[label]
    except KeyError:
        raise LookupError(f"no council subject kind registered for {label}") from None


def kind_of(council: Any) -> SubjectKind | None:
    """The registered kind of a council on another app's record; None for research's own."""
    if not council.subject_type_id:
        return None
    subject_type = council.subject_type
    return kind_for_label(f"{subject_type.app_label}.{subject_type.model}")
