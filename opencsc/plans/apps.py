from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opencsc.plans"
    label = "plans"
    verbose_name = "Children in need plans and visits"

    def ready(self) -> None:
        from opencsc.plans import involvement

        involvement.register()
