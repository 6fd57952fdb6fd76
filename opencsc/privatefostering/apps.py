from django.apps import AppConfig


class PrivateFosteringConfig(AppConfig):
    name = "opencsc.privatefostering"
    label = "privatefostering"
    verbose_name = "Private fostering"

    def ready(self) -> None:
        from opencsc.privatefostering import access

        access.register()
