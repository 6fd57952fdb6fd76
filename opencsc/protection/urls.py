"""URLs for protection."""

from django.urls import path  # noqa: F401

app_name = "protection"

urlpatterns: list = []
