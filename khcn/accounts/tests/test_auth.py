import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from khcn.core.navigation import nav_for

pytestmark = pytest.mark.django_db

PUBLIC_URL_NAMES = {
    "home:home",
    "core:healthz",
    "core:favicon",
    "core:language",  # a visitor's display language: a cookie on their own browser
    "accounts:login",
    "accounts:logout",
    "set_language",
    "api:schema",
    "api:docs",  # Swagger UI over the schema
    "meetings:public_tracker",
    "research:result_list",
    "research:result_detail",
    "products:photo",  # a published product's photos are public; others answer 404 (never a redirect)
    "experts:expert_public_list",  # consented, validated profiles only
    "experts:expert_public",
    "experts:catalogue",  # the public technology catalogue (issue 15)
    "experts:technology_public",  # a listed offer's page; others answer 404
    "experts:technology_file",  # a listed offer's files are public; others answer 404 (never a redirect)
    "initiatives:recognised_list",  # initiatives recognised by their units (issue 16)
    "api:recognised-initiative-list",  # the same list as JSON
    # The portal (issue 17): open data built from the public lists above, the published
    # products, robots.txt and the sitemap of public pages.
    "portal:open_data",
    "portal:open_data_file",
    "portal:open_data_schema",
    "portal:products",
    "portal:robots",
    "portal:sitemap",
}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name


def test_anonymous_users_are_turned_away_everywhere_but_public_pages(client, org_a):
    checked = 0
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or name in PUBLIC_URL_NAMES or (name is None and "api/v1" not in route):
            continue
        url = "/" + route.replace("<int:pk>", str(org_a.pk)).replace("<path:object_id>", "1")
        url = url.replace("<pk>", str(org_a.pk)).replace("^", "").replace("$", "")
        if "<" in url or "(?P" in url:
            continue
        response = client.get(url)
        assert response.status_code in (302, 401, 403), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login"))
        checked += 1
    assert checked >= 8


WORK, FOLLOW, PROPOSALS, TASKS = "Working sessions", "Follow-up items", "Task proposals", "S&T tasks"
EXPERTS = ["Experts", "Technologies", "Technology demands", "Connections"]
CATALOGUE = ["Products", "Producers"]
QUALITY = ["ISO 9001 board", "Courses"]  # khcn/quality/navigation.py
FUND = ["Fund overview", "Fund applications"]  # khcn/fund/navigation.py
ENTERPRISES = "S&T enterprises"  # khcn/enterprises/navigation.py
IPSTATS = "IP statistics"  # khcn/ipstats/navigation.py
# khcn/metrology, khcn/radiation and khcn/enforcement navigation.py (issue 18): staff read them.
REGISTERS = [
    "Measuring instruments",
    "Verifications",
    "Conformity announcements",
    "Testing and calibration laboratories",
    "Radiation facilities",
    "Radiation licences",
    "Radiation sources and devices",
    "Radiation incidents",
    "Inspections and checks",
    "Sanction decisions",
]


IP, OCOP = "Marks and geographical indications", "OCOP products"  # khcn/products/navigation.py


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "dept_leader",
            [
                "Overview",
                "Periodic reports",
                WORK,
                FOLLOW,
                "Import an article",
                "Work with the city",
                "Technology appraisals",
                *FUND,
                ENTERPRISES,
                IPSTATS,
                PROPOSALS,
                TASKS,
                "Tasks without state budget",
                "Programmes of tasks",
                *CATALOGUE,
                IP,
                OCOP,
                "Products board",
                *EXPERTS,
                *QUALITY,
                "Initiatives",
                *REGISTERS,
                "Administrative units",
                "Organisations",
                "Programme setup",
                "Calls for proposals",
                "Session rounds",
                "Users and roles",
            ],
        ),
        (
            "dept_officer",
            [
                "Overview",
                "Periodic reports",
                WORK,
                FOLLOW,
                "Import an article",
                "Work with the city",
                "Technology appraisals",
                *FUND,
                ENTERPRISES,
                IPSTATS,
                PROPOSALS,
                TASKS,
                "Tasks without state budget",
                "Programmes of tasks",
                *CATALOGUE,
                IP,
                OCOP,
                "Products board",
                *EXPERTS,
                *QUALITY,
                "Initiatives",
                *REGISTERS,
                "Administrative units",
                "Organisations",
                "Programme setup",
                "Calls for proposals",
                "Session rounds",
                "Users and roles",
            ],
        ),
        (
            "officer_a",
            [
                "Overview",
                "Periodic reports",
                WORK,
                FOLLOW,
                PROPOSALS,
                TASKS,
                *CATALOGUE,
                IP,
                OCOP,
                "Products board",
                *EXPERTS,
                *QUALITY,
                "Initiatives",
                *REGISTERS,
                "Administrative units",
                "Organisations",
            ],
        ),
        ("expert", ["Overview", TASKS, "My councils", *EXPERTS[:2], "Administrative units", "Organisations"]),
        ("public_user", ["Overview", "Administrative units"]),
    ],
)
def test_navigation_shows_each_role_its_modules(request, persona, expected):
    from django.utils import translation

    user = request.getfixturevalue(persona)
    with translation.override("en"):
        assert [str(i["label"]) for i in nav_for(user)] == expected


def test_department_staff_open_the_user_list_and_local_officers_do_not(client, dept_leader, dept_officer, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    client.force_login(dept_officer)
    response = client.get(reverse("accounts:user_list") + "?role=department_officer")
    assert response.status_code == 200
    assert "Chuyên viên Sở" in response.content.decode()
    assert "Lãnh đạo Sở</td>" not in response.content.decode()


def test_login_succeeds_with_right_password(client, officer_a):
    response = client.post(reverse("accounts:login"), {"username": "officer_a", "password": "pw-officer_a"})
    assert response.status_code == 302
    assert client.get(reverse("home:home")).context["user"].username == "officer_a"


def test_repeated_failures_lock_the_account(client, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "officer_a", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "officer_a", "password": "pw-officer_a"})
    assert locked.status_code == 429
    assert "khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_vietnamese_error(client, officer_a):
    response = client.post(reverse("accounts:login"), {"username": "officer_a", "password": "wrong"})
    assert response.status_code == 200
    assert "mật khẩu" in response.content.decode().lower()


def test_sessions_expire_after_idle_time(client, officer_a, settings, time_machine):
    time_machine.move_to("2026-11-24 09:00:00+07:00", tick=False)
    client.force_login(officer_a)
    assert client.get("/").status_code == 200
    first = client.session.get_expiry_date()
    time_machine.shift(settings.SESSION_REFRESH_SECONDS + 1)
    client.get("/")
    assert client.session.get_expiry_date() > first  # activity slides the expiry
    time_machine.shift(settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/geo/units/")
    assert response.status_code == 302  # idle too long: back to the sign-in page
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_logout_is_a_post(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pw-officer_a",
            "new_password1": "Mot-mat-khau-dai-2026",
            "new_password2": "Mot-mat-khau-dai-2026",
        },
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mot-mat-khau-dai-2026")
