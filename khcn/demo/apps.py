from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Only the `load_demo` command: it sits on top of every module and fills each."""

    name = "khcn.demo"
    label = "demo"
