"""One post of a task sheet adds a bounded number of rows (issue 12, defect 6)."""

from khcn.research.forms import BudgetFormSet, MemberFormSet, MilestoneFormSet
from khcn.research.models import TaskMemberRole


def test_a_task_sheet_post_adds_at_most_the_row_limit(settings):
    """Members, budget lines and milestones: one post reads at most KHCN_MAX_FORM_ROWS rows."""
    limit = settings.KHCN_MAX_FORM_ROWS
    data = {"members-TOTAL_FORMS": str(limit + 50), "members-INITIAL_FORMS": "0"}
    for n in range(limit + 50):
        data[f"members-{n}-name"] = f"Thành viên {n}"
        data[f"members-{n}-role"] = TaskMemberRole.MEMBER
    formset = MemberFormSet(data, prefix="members")
    assert not formset.is_valid()
    assert len(formset.forms) <= limit
    assert formset.non_form_errors() and not any(form.errors for form in formset.forms)
    for rows in (MemberFormSet, BudgetFormSet, MilestoneFormSet):
        assert rows.max_num == rows.absolute_max == limit and rows.validate_max
