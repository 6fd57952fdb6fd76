from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "opencsc.record"
    label = "record"
    verbose_name = "The child's record"
