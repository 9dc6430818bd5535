"""axe-core on the pages people use, as each role, on a desktop and on a phone (issue 13, §4).

The whole demo is loaded (`load_demo`), so the pages carry the content a visitor of the demo
sees: the public pages, each role's home page, the forms, the boards and the tables. axe-core
comes bundled in the `axe-playwright-python` package (no download at test time); a page fails
on any violation axe rates serious or critical, and the failure names the page, the rule, the
elements and what to do.
"""

import re
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from khcn.accounts.models import User
from khcn.experts.models import Demand
from khcn.meetings.models import Meeting
from khcn.products.models import Product
from khcn.programs.models import ReportingPeriod
from khcn.reporting import services as reporting_services
from khcn.research.models import ResearchTask

from .conftest import sign_in

pytestmark = pytest.mark.e2e

BLOCKING = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
HOME_ROLES = ("xamelinh", "chuyenvien", "lanhdao", "chuyengia", "hoidong")
SUBMIT = "main form [type=submit]"
ACCOUNT_MENU = "header .dropdown-toggle"
PHONE_MENU = "header [data-bs-target='#main-nav']"


@dataclass(frozen=True)
class Visit:
    what: str
    user: str | None  # None: an anonymous visitor
    path: str  # a path, or "list path -> link pattern": the first link on the list page
    click: str = ""  # what to click before axe looks: a submit button, a menu to open


@pytest.fixture
def demo(demo_accounts):  # type: ignore[no-untyped-def]
    """Everything `make run` loads; the pages that need a record, by URL."""
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    commune = User.objects.get(username="xamelinh")
    open_period = ReportingPeriod.objects.get(opens_on__lte=today, closes_on__gte=today, program__code="57-NQ/TW")
    report = reporting_services.report_open(period=open_period, unit=commune.grants.get().unit, user=commune)
    # The seed districts' half-year period: submitted, late and missing reports side by side.
    past = ReportingPeriod.objects.filter(closes_on__lt=today).order_by("-data_to").first()
    assert past is not None
    meeting = Meeting.objects.filter(items__isnull=False).distinct().order_by("-starts_at").first()
    assert meeting is not None
    published = ResearchTask.objects.filter(published_at__isnull=False).first()
    assert published is not None
    return {
        "report": report.get_absolute_url(),
        "open_board": f"/reporting/periods/{open_period.pk}/board/",
        "past_board": f"/reporting/periods/{past.pk}/board/",
        "aggregate": f"/reporting/periods/{past.pk}/aggregate/",
        "meeting": meeting.get_absolute_url(),
        "result": published.get_public_url(),
        "product": Product.objects.filter(is_published=True).order_by("pk").first().get_public_url(),  # type: ignore[union-attr]
        "matches": f"/experts/demands/{Demand.objects.order_by('pk').values_list('pk', flat=True).first()}/matches/",
    }


def _visits(urls: dict[str, str]) -> list[Visit]:
    return [
        # Public
        Visit("landing page", None, "/"),
        Visit("sign-in form", None, "/accounts/login/"),
        Visit("sign-in form with errors", None, "/accounts/login/", click=SUBMIT),
        Visit("public follow-up tracker", None, "/meetings/public/"),
        Visit("public research results", None, "/research/results/"),
        Visit("public research result", None, urls["result"]),
        # Each role's home
        *(Visit(f"home page of {username}", username, "/") for username in HOME_ROLES),
        Visit("sheets to score", "chuyengia", "/research/reviews/"),
        # Forms
        Visit("report form", "xamelinh", urls["report"]),
        Visit("proposal form", "xamelinh", "/research/proposals/new/"),
        Visit("answer form of a follow-up item", "xamelinh", r"/meetings/items/ -> ^/meetings/items/\d+/$"),
        Visit("user form", "chuyenvien", "/accounts/users/new/"),
        Visit("user form with errors", "chuyenvien", "/accounts/users/new/", click=SUBMIT),
        Visit("session with its item form", "chuyenvien", urls["meeting"]),
        Visit("session form", "chuyenvien", "/meetings/new/"),
        Visit("scoring sheet", "chuyengia", r"/research/reviews/ -> ^/research/reviews/\d+/$"),
        # Boards
        Visit("completeness board, open period", "chuyenvien", urls["open_board"]),
        Visit("completeness board, late units", "chuyenvien", urls["past_board"]),
        Visit("tasks board", "chuyenvien", "/research/tasks/board/"),
        Visit("follow-up board", "chuyenvien", "/meetings/items/board/"),
        # Tables
        Visit("follow-up items", "chuyenvien", "/meetings/items/"),
        Visit("follow-up items of a commune", "xamelinh", "/meetings/items/"),
        Visit("proposals", "chuyenvien", "/research/proposals/"),
        Visit("research tasks", "chuyenvien", "/research/tasks/"),
        Visit("user accounts", "chuyenvien", "/accounts/users/"),
        Visit("city aggregate", "chuyenvien", urls["aggregate"]),
        Visit("reporting periods", "chuyenvien", "/reporting/"),
        Visit("programmes", "chuyenvien", "/programs/"),
        Visit("unit tree", "chuyenvien", "/geo/units/"),
        # Local products (issue 14)
        Visit("products", "chuyenvien", "/products/"),
        Visit("products of a commune", "xamelinh", "/products/"),
        Visit("product page", "chuyenvien", r"/products/ -> ^/products/\d+/$"),
        Visit("product form", "chuyenvien", "/products/new/"),
        Visit("product form with errors", "chuyenvien", "/products/new/", click=SUBMIT),
        Visit("producers", "chuyenvien", "/products/producers/"),
        Visit("producer page", "chuyenvien", r"/products/producers/ -> ^/products/producers/\d+/$"),
        Visit("marks and indications", "chuyenvien", "/products/ip/"),
        Visit("IP dossier with its timeline", "chuyenvien", r"/products/ip/ -> ^/products/ip/\d+/$"),
        Visit("OCOP ratings", "chuyenvien", "/products/ocop/"),
        Visit("products board and map", "chuyenvien", "/products/board/"),
        Visit("public product page", None, urls["product"]),
        # Experts and technologies (issue 15)
        Visit("experts", "chuyenvien", "/experts/people/"),
        Visit("expert profile", "chuyenvien", r"/experts/people/ -> ^/experts/people/\d+/$"),
        Visit("own expert profile form", "chuyengia", "/experts/people/me/"),
        Visit("technology offers", "chuyenvien", "/experts/technologies/"),
        Visit("demands of a commune", "xamelinh", "/experts/demands/"),
        Visit("demand page", "chuyenvien", r"/experts/demands/ -> ^/experts/demands/\d+/$"),
        Visit("matches of a demand", "chuyenvien", urls["matches"]),
        Visit("connection form", "chuyenvien", "/experts/connections/new/"),
        Visit("connections board", "chuyenvien", "/experts/connections/board/"),
        Visit("technology catalogue", None, "/experts/catalogue/"),
        Visit("public technology page", None, r"/experts/catalogue/ -> ^/experts/catalogue/technologies/\d+/$"),
        Visit("public experts", None, "/experts/catalogue/experts/"),
        Visit("public expert profile", None, r"/experts/catalogue/experts/ -> ^/experts/catalogue/experts/\d+/$"),
        # The portal (issue 17)
        Visit("open data", None, "/open-data/"),
        Visit("public products", None, "/portal/products/"),
        Visit("public products, filtered to nothing", None, "/portal/products/?q=khongco"),
        Visit("recognised initiatives", None, "/initiatives/recognised/"),
    ]


def _resolve(page: Any, base: str, path: str) -> str:
    """A path as is, or the first link matching a pattern on a list page."""
    if " -> " not in path:
        return path
    list_path, pattern = path.split(" -> ")
    page.goto(base + list_path)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = next((href for href in hrefs if re.search(pattern, href)), None)
    assert found, f"no link matching {pattern} on {list_path}"
    return found


def _describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    shown = "; ".join(targets[:5]) + (f"; … {len(targets) - 5} more" if len(targets) > 5 else "")
    summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
    return (
        f"  {violation['id']} ({violation['impact']}, {len(targets)}×): {violation['help']}\n"
        f"    on: {shown}\n    e.g. {summary[:300]}\n    see {violation['helpUrl']}"
    )


def _audit(browser, browser_context_args, base: str, visits: list[Visit], viewport: dict[str, int]) -> list[str]:  # type: ignore[no-untyped-def]
    """Visit each page as its user at this size; what axe finds serious or critical, per page."""
    axe = Axe()
    pages: dict[str | None, Any] = {}
    failures = []
    try:
        for visit in visits:
            if visit.user not in pages:
                context = browser.new_context(**{**browser_context_args, "viewport": viewport})
                pages[visit.user] = context.new_page()
                if visit.user:
                    sign_in(pages[visit.user], base, visit.user)
            page = pages[visit.user]
            path = _resolve(page, base, visit.path)
            response = page.goto(base + path)
            assert response is not None and response.ok, (
                f"{visit.what} ({path}) answered {response and response.status}"
            )
            page.wait_for_load_state("networkidle")  # fragments HTMX loads after the page
            if visit.click:
                page.locator(visit.click).first.click()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(400)  # Bootstrap's menu and collapse transitions
            blocking = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
            if blocking:
                who = visit.user or "anonymous"
                failures.append(
                    f"{visit.what} ({path}, as {who}, {viewport['width']} px):\n" + "\n".join(map(_describe, blocking))
                )
    finally:
        for page in pages.values():
            page.context.close()
    return failures


def test_no_serious_or_critical_violation_on_a_desktop(browser, browser_context_args, live_server, demo):  # type: ignore[no-untyped-def]
    visits = [*_visits(demo), Visit("account menu open", "chuyenvien", "/", click=ACCOUNT_MENU)]
    assert len(visits) >= 15
    failures = _audit(browser, browser_context_args, live_server.url, visits, DESKTOP)
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)


def test_no_serious_or_critical_violation_on_a_phone(browser, browser_context_args, live_server, demo):  # type: ignore[no-untyped-def]
    """Every page again at 375 px: the collapsed menu, stacked cards and scrolling tables."""
    visits = [*_visits(demo), Visit("menu open", "chuyenvien", "/", click=PHONE_MENU)]
    failures = _audit(browser, browser_context_args, live_server.url, visits, PHONE)
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)
