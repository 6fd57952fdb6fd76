from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opencsc.plans"
    label = "plans"
    verbose_name = "Children in need plans and visits"
