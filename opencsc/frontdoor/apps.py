from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "opencsc.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door (MASH)"

    def ready(self) -> None:
        from opencsc.casework import disclosures
        from opencsc.frontdoor import access
        from opencsc.frontdoor.services.contacts import record_disclosure

        access.register()
        disclosures.register(record_disclosure)

    def copy_due_dates(self) -> None:
        """After deadlines are recounted, copy them onto open contacts and waiting checks."""
        from opencsc.frontdoor import services

        services.copy_due_dates()
