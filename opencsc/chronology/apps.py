from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "opencsc.chronology"
    label = "chronology"
    verbose_name = "Chronology"
