"""An article becomes a working session through the real UI: paste, correct, confirm.

`chuyenvien` (Department officer) pastes seed 000 (the Department's session of 19/07/2024 with
Mê Linh, Đông Anh, Sóc Sơn and Gia Lâm), corrects the place the draft proposes, and confirms;
the session, its figures and its follow-up items exist with their source sentences.
"""

import pytest
from playwright.sync_api import Page, expect

from khcn.ingest.models import SessionFigure
from khcn.ingest.tests.data import SEED_000
from khcn.meetings.models import FollowUp, FollowUpKind, Meeting

from .conftest import nav_open, sign_in

pytestmark = pytest.mark.e2e

PLACE = "Hội trường tầng 2, trụ sở UBND huyện Mê Linh"


def test_officer_pastes_an_article_corrects_the_draft_and_confirms(page: Page, live_server, demo_accounts):
    base = live_server.url
    sign_in(page, base, "chuyenvien")
    nav_open(page, "Nhập từ bài viết").click()

    page.get_by_label("Nội dung bài viết hoặc biên bản").fill(SEED_000.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Đọc và đề xuất bản nháp").click()

    # The draft proposes; nothing is saved yet.
    expect(page.get_by_role("heading", name="Bản nháp từ bài viết")).to_be_visible()
    expect(page.get_by_label("Ngày giờ")).to_have_value("19/07/2024 08:00")
    expect(page.get_by_role("textbox", name="Địa điểm")).to_have_value("trụ sở UBND huyện Mê Linh")
    expect(page.get_by_label("“Gia Lâm” thuộc buổi làm việc")).to_be_checked()
    expect(page.get_by_text("Câu gốc:").first).to_be_visible()
    assert not Meeting.objects.exists()

    page.get_by_role("textbox", name="Địa điểm").fill(PLACE)
    page.get_by_role("button", name="Xác nhận và tạo bản ghi").click()

    expect(page.get_by_text("Đã ghi nhận buổi làm việc")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.place == PLACE
    assert sorted(mu.unit.name for mu in meeting.cluster.select_related("unit")) == [
        "Gia Lâm",
        "Mê Linh",
        "Sóc Sơn",
        "Đông Anh",
    ]
    figures = {f.value: f.source_text for f in SessionFigure.objects.filter(meeting=meeting)}
    assert "87%" in figures and "lương hưu" in figures["87%"]
    assert "5/18" in figures and "Đài truyền thanh" in figures["5/18"]
    requests = FollowUp.objects.filter(meeting=meeting, kind=FollowUpKind.REQUEST)
    assert requests.count() == 3
    assert all(item.source_text.startswith("Do vậy, Huyện mong muốn") for item in requests)
    assert FollowUp.objects.filter(meeting=meeting, kind=FollowUpKind.DIRECTIVE).exists()
    # The result page shows what was created, with the sentences it came from.
    expect(page.get_by_role("cell", name="5/18", exact=True)).to_be_visible()
    expect(
        page.get_by_text("hỗ trợ thực hiện mô hình sản xuất nông nghiệp ứng dụng công nghệ cao").first
    ).to_be_visible()
