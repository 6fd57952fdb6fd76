from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "opencsc.workforce"
    label = "workforce"
    verbose_name = "Caseloads and manager alerts"
