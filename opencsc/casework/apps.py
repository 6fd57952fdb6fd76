from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opencsc.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from opencsc.casework import access, involvement

        access.register()
        involvement.register()
