"""The menu gathers each group's entries into one drop-down, where its first entry would be."""

from django.utils import translation

from khcn.core.navigation import nav_for, nav_menu


def _labels(menu):  # type: ignore[no-untyped-def]
    return [(str(e["label"]), [str(c["label"]) for c in e.get("children", [])]) for e in menu]


def test_department_staff_get_the_groups_as_drop_downs(dept_officer):
    with translation.override("en"):
        menu = _labels(nav_menu(dept_officer, "/"))
    assert menu[0] == ("Overview", [])
    groups = dict(menu)
    assert groups["Local products"] == [
        "Products",
        "Producers",
        "Marks and geographical indications",
        "OCOP products",
        "Products board",
    ]
    assert groups["Experts and technologies"] == ["Experts", "Technologies", "Technology demands", "Connections"]
    assert groups["Registries and setup"][:3] == ["Administrative units", "Organisations", "Programme setup"]
    # Every entry the user may open is in the menu exactly once.
    with translation.override("en"):
        flat = [str(e["label"]) for e in nav_for(dept_officer, "/")]
    shown = [c for label, children in menu for c in (children or [label])]
    assert sorted(shown) == sorted(flat)
    # Where the first entry of a group stood.
    names = [label for label, _children in menu]
    assert names.index("Local products") < names.index("Experts and technologies") < names.index("Registries and setup")


def test_a_group_with_one_entry_shows_the_entry_alone(public_user):
    with translation.override("en"):
        assert _labels(nav_menu(public_user, "/")) == [("Overview", []), ("Administrative units", [])]


def test_the_group_of_the_active_page_is_active(dept_officer):
    menu = nav_menu(dept_officer, "/products/ocop/")
    products = next(e for e in menu if e.get("id") == "nav-products")
    assert products["active"] is True
    assert [c["active"] for c in products["children"]] == [False, False, False, True, False]
    assert not any(e["active"] for e in menu if e is not products)


def test_the_pages_menu_is_kept_per_scope_and_a_new_grant_shows_at_once(client, officer_a, django_assert_num_queries):
    """Every page shows the menu; a process keeps it under what its permissions depend on (the
    user and their scopes), so a grant given is a new key and its entries show on the next page."""
    from khcn.accounts.models import RoleGrant
    from khcn.accounts.roles import Role

    client.force_login(officer_a)
    with translation.override("en"):
        first = client.get("/geo/units/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/geo/units/" aria-current="page"' in first
    assert 'href="/city/"' not in first  # the work with the city is the Department's
    RoleGrant.objects.create(user=officer_a, role=Role.DEPARTMENT_OFFICER, unit=officer_a.grants.get().unit)
    again = client.get("/geo/units/").content.decode()
    assert 'href="/city/"' in again
    # The active entry follows the page, from the same kept entries.
    other = client.get("/reporting/").content.decode()
    assert 'href="/reporting/" aria-current="page"' in other
    assert 'href="/geo/units/" aria-current="page"' not in other


def test_a_kept_menu_is_in_the_language_of_the_page(client, dept_officer):
    client.force_login(dept_officer)
    client.cookies["django_language"] = "en"
    english = client.get("/geo/units/").content.decode()
    client.cookies["django_language"] = "vi"
    vietnamese = client.get("/geo/units/").content.decode()
    assert "Main navigation" in english and "Local products" in english
    assert "Điều hướng chính" in vietnamese and "Main navigation" not in vietnamese


def test_kept_entries_are_the_rules_entries(dept_officer, officer_a):
    """With a key or without, the same entries: the key only keeps them."""
    for user in (dept_officer, officer_a):
        key = ("test", user.pk)
        assert nav_for(user, "/products/", key=key) == nav_for(user, "/products/")
        assert nav_for(user, "/products/", key=key) == nav_for(user, "/products/")  # from the kept entries
