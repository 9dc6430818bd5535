"""Form and list pages as people meet them (issue 13, defect 13)."""

import django_tables2 as tables
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.core.templatetags.khcn_tables import filters_active, table_empty_text
from khcn.geo.models import Organisation, OrganisationKind
from khcn.research.forms import ProposalForm

pytestmark = pytest.mark.django_db

# Pages with a choice field, and the prompt their blank choice shows.
FORM_PAGES = [
    ("accounts:user_create", "— Chọn —"),
    ("geo:organisation_create", "— Chọn —"),
    ("meetings:meeting_create", "— Chọn —"),
    ("research:proposal_create", "— Chọn —"),
    ("meetings:round_create", None),
    ("research:call_create", None),
    ("meetings:item_list", None),
    ("research:proposal_list", None),
    ("geo:organisation_list", None),
]


@pytest.mark.parametrize(("name", "prompt"), FORM_PAGES)
def test_no_form_offers_a_row_of_dashes_as_a_choice(client, dept_officer, name, prompt):
    client.force_login(dept_officer)
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "---------" not in html
    if prompt:
        assert prompt in html


def test_an_unfiltered_empty_list_says_nothing_is_there_yet(client, officer_a):
    client.force_login(officer_a)
    html = client.get(reverse("geo:organisation_list")).content.decode()
    assert "Chưa có mục nào." in html
    assert "bộ lọc" not in html.split("<tbody>")[1]


def test_a_filtered_empty_list_says_the_filters_hid_everything(client, officer_a):
    client.force_login(officer_a)
    html = client.get(reverse("geo:organisation_list") + "?kind=other").content.decode()
    assert "Không có tổ chức nào phù hợp với bộ lọc này." in html


class TargetTable(tables.Table):
    name = tables.Column()

    class Meta:
        empty_text = _("No target yet: add one, or import them from Excel.")


class ItemTable(tables.Table):
    name = tables.Column()

    class Meta:
        empty_text = _("No follow-up item matches these filters.")


@pytest.mark.parametrize(
    ("table", "query", "expected"),
    [
        (TargetTable, "", "Chưa có mục tiêu"),
        (TargetTable, "?q=x", "Chưa có mục tiêu"),
        (ItemTable, "", "Chưa có mục nào."),
        (ItemTable, "?page=2&sort=name", "Chưa có mục nào."),
        (ItemTable, "?status=open", "phù hợp với điều kiện lọc"),
    ],
)
def test_an_empty_table_speaks_of_filters_only_when_one_is_set(rf, table, query, expected):
    with translation.override("vi"):
        text = table_empty_text({"request": rf.get("/x/" + query)}, table([]))
    assert expected in text


def test_sorting_or_paging_is_not_a_filter(rf):
    assert not filters_active(rf.get("/x/?sort=name&page=2&export="))
    assert not filters_active(rf.get("/x/?q=+"))
    assert filters_active(rf.get("/x/?q=me+linh"))
    assert filters_active(rf.get("/x/?status=open&page=2"))


def test_the_only_organisation_of_an_account_is_preselected(ward_a):
    university = Organisation.objects.create(name="Trường Đại học Mê Linh", kind=OrganisationKind.OTHER, unit=ward_a)
    researcher = make_user("vien", Role.LOCAL_OFFICER, organisation=university)
    form = ProposalForm(user=researcher)
    assert list(form.fields["organisation"].queryset) == [university]
    assert form["organisation"].value() == university.pk


def test_a_commune_keeps_its_unit_and_no_organisation_is_chosen_for_it(officer_a, ward_a):
    Organisation.objects.create(name="Hợp tác xã Mê Linh", kind=OrganisationKind.OTHER, unit=ward_a)
    form = ProposalForm(user=officer_a)
    assert form["unit"].value() == ward_a.pk
    assert form["organisation"].value() is None
