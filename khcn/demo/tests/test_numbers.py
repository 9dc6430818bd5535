"""Issue 13, defect 11: the demo's research pages show amounts the Vietnamese way.

"1.500 triệu đồng", never "1500,0 triệu đồng" or "4000 triệu đồng": every page goes through
the one number filter (`core/templatetags/numbers.py`).
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from khcn.accounts.models import User
from khcn.research.models import AnnualPlan, Council, Proposal, ResearchTask

pytestmark = pytest.mark.django_db

# An amount as people write it: 1.500 · 2.500,5 · 800
VI_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$")
BEFORE_MILLION = re.compile(r"([\d.,]+)\s*triệu đồng")
TRAILING_ZERO = re.compile(r"(?<![\d.,])\d+,0(?![\d])")  # "1500,0"
UNGROUPED = re.compile(r"(?<![\w.,/-])\d{5,}(?![\w.,/-])")  # "250000"
UNGROUPED_THOUSANDS = re.compile(r"(?<![\w.,/-])\d{4},\d")  # "1500,5"


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _research_pages() -> list[str]:
    pages = [
        reverse("research:proposal_list"),
        reverse("research:task_list"),
        reverse("research:task_board"),
        reverse("research:plan_list"),
        reverse("research:result_list"),
    ]
    pages += [p.get_absolute_url() for p in Proposal.objects.all()]
    pages += [t.get_absolute_url() for t in ResearchTask.objects.all()]
    published = ResearchTask.objects.filter(published_at__isnull=False)
    pages += [reverse("research:result_detail", args=[t.pk]) for t in published]
    pages += [p.get_absolute_url() for p in AnnualPlan.objects.all()]
    pages += [reverse("research:council_detail", args=[c.pk]) for c in Council.objects.all()]
    return pages


def test_research_pages_of_the_demo_show_no_unformatted_amount(client, loaded_demo):
    client.force_login(User.objects.get(username="chuyenvien"))
    amounts = 0
    for url in _research_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response.content.decode())
        for match in BEFORE_MILLION.finditer(text):
            amounts += 1
            assert VI_NUMBER.match(match.group(1)), f"{url}: {match.group(0)!r}"
        for pattern in (TRAILING_ZERO, UNGROUPED, UNGROUPED_THOUSANDS):
            found = pattern.search(text)
            assert found is None, f"{url}: {text[max(0, found.start() - 60) : found.end() + 20]!r}"
    assert amounts >= 5, "the demo's pages show amounts in million VND"
