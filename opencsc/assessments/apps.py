from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "opencsc.assessments"
    label = "assessments"
    verbose_name = "Child and family assessments"
