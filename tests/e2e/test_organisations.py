"""Editing organisations through the real UI: stale saves and confirmed deletion."""

import pytest
from playwright.sync_api import expect

from khcn.geo.models import Organisation

from .conftest import sign_in

pytestmark = pytest.mark.e2e

ORG = "Hợp tác xã rau, củ quả Đông Cao"
STALE = "Người khác đã lưu bản ghi này trong lúc bạn đang chỉnh sửa."


def _open_from_list(page, live_server, name: str) -> None:
    page.goto(f"{live_server.url}/geo/organisations/")
    page.get_by_label("Tìm kiếm").fill("dong cao")
    page.get_by_role("table").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def test_second_editor_sees_the_conflict_keeps_input_and_can_save_again(page, new_page, live_server, login):
    login("lanhdao")
    other = new_page()
    sign_in(other, live_server.url, "lanhdao")
    for p in (page, other):
        _open_from_list(p, live_server, ORG)
        p.get_by_role("link", name="Chỉnh sửa").click()
        expect(p.get_by_role("heading", level=1, name="Chỉnh sửa tổ chức")).to_be_visible()

    page.get_by_label("Địa chỉ").fill("Thôn Đông Cao, xã Mê Linh")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu thay đổi.")).to_be_visible()

    other.get_by_label("Địa chỉ").fill("Số 9 đường Mê Linh")
    other.get_by_label("Số điện thoại").fill("0243 123 4567")
    other.get_by_role("button", name="Lưu").click()
    expect(other.get_by_role("alert").filter(has_text=STALE)).to_be_visible()
    expect(other.get_by_label("Địa chỉ")).to_have_value("Số 9 đường Mê Linh")
    expect(other.get_by_label("Số điện thoại")).to_have_value("0243 123 4567")
    theirs = other.get_by_role("region", name="Giá trị người khác đã lưu")
    expect(theirs).to_contain_text("Thôn Đông Cao, xã Mê Linh")

    other.get_by_role("button", name="Lưu").click()
    expect(other.get_by_role("alert").filter(has_text="Đã lưu thay đổi.")).to_be_visible()
    expect(other.get_by_role("heading", level=1, name=ORG)).to_be_visible()
    expect(other.get_by_role("main")).to_contain_text("Số 9 đường Mê Linh")
    org = Organisation.objects.get(name=ORG)
    assert (org.address, org.phone, org.version) == ("Số 9 đường Mê Linh", "0243 123 4567", 3)


def test_delete_asks_for_confirmation_and_cancel_keeps_the_organisation(page, live_server, login):
    login("lanhdao")
    _open_from_list(page, live_server, ORG)
    detail_url = page.url
    page.get_by_role("link", name="Xóa", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Xóa tổ chức")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"Bạn có chắc chắn muốn xóa “{ORG}”?")
    expect(page.get_by_role("button", name="Xác nhận xóa")).to_be_visible()
    assert Organisation.objects.filter(name=ORG).exists()  # asking deleted nothing

    page.get_by_role("main").get_by_role("link", name="Hủy").click()
    expect(page).to_have_url(detail_url)
    expect(page.get_by_role("heading", level=1, name=ORG)).to_be_visible()
    assert Organisation.objects.filter(name=ORG).exists()
    page.goto(f"{live_server.url}/geo/organisations/")
    expect(page.get_by_role("table").get_by_role("link", name=ORG)).to_be_visible()

    # Confirming does delete it (softly: it leaves the lists, the row stays for history).
    _open_from_list(page, live_server, ORG)
    page.get_by_role("link", name="Xóa", exact=True).click()
    page.get_by_role("button", name="Xác nhận xóa").click()
    expect(page.get_by_role("alert").filter(has_text=f"Đã xóa tổ chức “{ORG}”.")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("link", name=ORG)).to_have_count(0)
    assert not Organisation.objects.filter(name=ORG).exists()
    assert Organisation.all_objects.filter(name=ORG).exists()
