from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "opencsc.missing"
    label = "missing"
    verbose_name = "Missing episodes"

    def ready(self) -> None:
        from opencsc.missing import access

        access.register()
