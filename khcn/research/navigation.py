"""The research entries of the menu, in one drop-down: proposals, tasks, councils, the tasks
without state budget and the programmes of tasks."""

from django.utils.translation import gettext_lazy as _

from khcn.core.navigation import NavGroup, NavItem

NAV_GROUPS = {"research": NavGroup(_("S&T tasks"), "kanban")}

NAV_ITEMS = [
    NavItem(
        _("Task proposals"),
        "research:proposal_list",
        "lightbulb",
        "research.list_proposals",
        "research",
        30,
        group="research",
    ),
    NavItem(
        _("S&T tasks"), "research:task_list", "kanban", "research.list_tasks", "research/tasks", 31, group="research"
    ),
    NavItem(
        _("Tasks without state budget"),
        "research:selffunded_list",
        "clipboard-check",
        "research.list_selffunded",
        "research/self-funded",
        33,
        group="research",
    ),
    NavItem(
        _("Programmes of tasks"),
        "research:programme_list",
        "collection",
        "research.list_programmes",
        "research/programmes",
        34,
        group="research",
    ),
    NavItem(
        _("My councils"),
        "research:my_reviews",
        "clipboard-check",
        "research.my_reviews",
        "research/reviews",
        32,
        group="research",
    ),
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
