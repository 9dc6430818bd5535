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
