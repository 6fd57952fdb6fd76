from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "opencsc.timescales"
    label = "timescales"
    verbose_name = "Timescales"
