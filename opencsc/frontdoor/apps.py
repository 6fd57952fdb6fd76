from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "opencsc.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door (MASH)"

    def ready(self) -> None:
        from opencsc.frontdoor import access

        access.register()

    def copy_due_dates(self) -> None:
        """After deadlines are recounted, copy them onto open contacts and waiting checks."""
        from opencsc.frontdoor import services

        services.copy_due_dates()
