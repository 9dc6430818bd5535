from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (one loader per domain module) and the `load_demo` command.

    It sits on top of every domain app and may import them all; nothing but its own tests
    imports it.
    """

    name = "khcn.demo"
    label = "demo"
