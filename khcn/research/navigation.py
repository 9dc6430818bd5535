"""The research entries of the menu."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Task proposals"), "research:proposal_list", "lightbulb", "research.list_proposals", "research", 30),
    NavItem(_("S&T tasks"), "research:task_list", "kanban", "research.list_tasks", "research/tasks", 31),
    NavItem(
        _("Tasks without state budget"),
        "research:selffunded_list",
        "clipboard-check",
        "research.list_selffunded",
        "research/self-funded",
        24,
        group="department",
    ),
    NavItem(
        _("Programmes of tasks"),
        "research:programme_list",
        "collection",
        "research.list_programmes",
        "research/programmes",
        25,
        group="department",
    ),
    NavItem(_("My councils"), "research:my_reviews", "clipboard-check", "research.my_reviews", "research/reviews", 32),
    NavItem(
        _("Calls for proposals"),
        "research:call_list",
        "megaphone",
        "research.manage_calls",
        "research/calls",
        86,
        group="setup",
    ),
]
