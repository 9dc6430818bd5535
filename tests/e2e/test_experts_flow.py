"""Issue 15, "Done when": the whole flow in a browser, as its people would go through it.

A commune's follow-up request becomes a technology demand (its officer clicks the button on
the item); the Department publishes an offer in review, finds experts and technologies for
the demand with the reasons for each, records one connection naming an expert and a
technology that answers it, and the demand and the follow-up item close together. The public
catalogue then lists the technology and the consenting expert, never the expert without
consent (neither in the expert list, nor as the owner of the technology, nor by address).
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from khcn.accounts.models import User
from khcn.experts.models import Connection, Demand, DemandStatus, Expert, OfferStatus, ProfileStatus, Technology
from khcn.meetings.models import FollowUp, FollowUpKind, FollowUpStatus
from khcn.research.models import ScienceField

from .conftest import sign_in

pytestmark = pytest.mark.e2e

PROBLEM = (
    "Chất thải chăn nuôi lợn ở các thôn gây ô nhiễm môi trường, đề nghị Sở hỗ trợ công nghệ "
    "xử lý chất thải chăn nuôi bằng đệm lót sinh học."
)


@pytest.fixture
def flow(demo_accounts):  # type: ignore[no-untyped-def]
    commune = User.objects.get(username="xamelinh").grants.get().unit
    item = FollowUp.objects.create(kind=FollowUpKind.REQUEST, unit=commune, text=PROBLEM)
    consenting = Expert.objects.create(
        full_name="Phạm Văn Đệm",
        degree="phd",
        field=ScienceField.AGRICULTURAL,
        keywords="chất thải chăn nuôi, đệm lót sinh học, xử lý môi trường",
        profile="Nghiên cứu xử lý chất thải chăn nuôi bằng đệm lót sinh học cho nông hộ.",
        public_consent=True,
        status=ProfileStatus.VALIDATED,
    )
    private = Expert.objects.create(
        full_name="Lê Thị Kín Đáo",
        field=ScienceField.AGRICULTURAL,
        keywords="chất thải chăn nuôi, men vi sinh, đệm lót",
        profile="Chế phẩm vi sinh xử lý chất thải chăn nuôi lợn.",
        public_consent=False,
        status=ProfileStatus.VALIDATED,
    )
    technology = Technology.objects.create(
        title="Đệm lót sinh học xử lý chất thải chăn nuôi lợn",
        summary="Đệm lót từ trấu, mùn cưa và men vi sinh xử lý chất thải chăn nuôi tại chuồng, giảm mùi hôi.",
        field=ScienceField.AGRICULTURAL,
        keywords="đệm lót sinh học, chất thải chăn nuôi",
        maturity=8,
        owner_expert=private,
        status=OfferStatus.SUBMITTED,
    )
    return {"item": item, "consenting": consenting, "private": private, "technology": technology}


def test_a_request_becomes_a_demand_is_matched_connected_and_closed(page, browser, live_server, flow):  # type: ignore[no-untyped-def]
    base = live_server.url
    item, consenting, private, technology = flow["item"], flow["consenting"], flow["private"], flow["technology"]

    # The commune's officer turns its request into a technology demand.
    sign_in(page, base, "xamelinh")
    page.goto(f"{base}/meetings/items/{item.pk}/")
    page.get_by_role("link", name="Chuyển thành nhu cầu công nghệ").click()
    expect(page.locator("#id_problem")).to_have_value(PROBLEM)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base}/experts/demands/*/")
    demand = Demand.objects.get(followup=item)
    assert demand.unit_id == item.unit_id and demand.created_by.username == "xamelinh"
    page.context.clear_cookies()

    # The Department publishes the offer sent for review.
    sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/experts/technologies/{technology.pk}/")
    page.get_by_label("Công bố trong danh mục").check()
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.get_by_text("Đã công bố trong danh mục")).to_be_visible()
    technology.refresh_from_db()
    assert technology.status == OfferStatus.PUBLISHED

    # It finds experts and technologies for the demand, each with why.
    page.goto(f"{base}/experts/demands/{demand.pk}/")
    page.get_by_role("link", name="Tìm chuyên gia và công nghệ").click()
    experts = page.locator("section[aria-labelledby=experts-title] li.list-group-item")
    techs = page.locator("section[aria-labelledby=techs-title] li.list-group-item")
    expect(experts.first).to_contain_text("Phạm Văn Đệm")
    expect(experts.filter(has_text="Lê Thị Kín Đáo")).to_contain_text("không công khai")
    expect(techs.first).to_contain_text("Đệm lót sinh học xử lý chất thải chăn nuôi lợn")
    reasons = experts.first.get_by_role("list", name="Lý do gợi ý").inner_text()
    assert "đệm lót" in reasons.lower() or "chất thải" in reasons.lower(), reasons

    # One connection names the expert and the technology and answers the request.
    experts.first.get_by_role("link", name="Ghi nhận kết nối").click()
    # Typing searches through htmx, a deferred script: wait for the page's load event first.
    page.wait_for_url("**/experts/connections/new/**", wait_until="load")
    expect(page.locator("#id_expert option:checked")).to_contain_text("Phạm Văn Đệm")
    page.get_by_label("Tìm công nghệ theo tên").fill("dem lot sinh hoc")
    expect(page.locator("#id_technology option")).to_have_count(2)
    page.locator("#id_technology").select_option(label="Đệm lót sinh học xử lý chất thải chăn nuôi lợn")
    page.locator("#id_introduced_on").fill("20/11/2026")
    page.locator("#id_outcome").select_option("site_visit")
    page.locator("#id_outcome_on").fill("27/11/2026")
    page.locator("#id_closes_request").check()
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base}/experts/connections/*/")
    connection = Connection.objects.get(demand=demand)
    assert (connection.expert, connection.technology) == (consenting, technology)
    assert connection.introduced_on == date(2026, 11, 20)

    # The demand is answered and the commune's request is done, with the connection as resolution.
    demand.refresh_from_db()
    item.refresh_from_db()
    assert demand.status == DemandStatus.ANSWERED
    assert item.status == FollowUpStatus.DONE
    assert item.resolution_url.endswith(f"/experts/connections/{connection.pk}/")
    page.goto(f"{base}/meetings/items/{item.pk}/")
    expect(page.locator("main")).to_contain_text("Phạm Văn Đệm")

    # The public, signed out: the technology is listed, the expert without consent is not.
    public = browser.new_context(locale="vi-VN")
    visitor = public.new_page()
    visitor.goto(f"{base}/experts/catalogue/?q=dem lot")
    expect(visitor.get_by_role("link", name="Đệm lót sinh học xử lý chất thải chăn nuôi lợn")).to_be_visible()
    visitor.get_by_role("link", name="Đệm lót sinh học xử lý chất thải chăn nuôi lợn").click()
    expect(visitor.locator("main")).to_contain_text("trấu, mùn cưa")
    expect(visitor.locator("main")).not_to_contain_text("Kín Đáo")
    visitor.goto(f"{base}/experts/catalogue/experts/")
    expect(visitor.locator("main")).to_contain_text("Phạm Văn Đệm")
    expect(visitor.locator("main")).not_to_contain_text("Kín Đáo")
    response = visitor.goto(f"{base}/experts/catalogue/experts/{private.pk}/")
    assert response is not None and response.status == 404
    response = visitor.goto(f"{base}/experts/catalogue/experts/{consenting.pk}/")
    assert response is not None and response.status == 200
    public.close()
