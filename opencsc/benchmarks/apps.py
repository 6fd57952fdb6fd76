from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "opencsc.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
