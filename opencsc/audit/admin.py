"""Django admin: the access log, read only."""

from django.contrib import admin
from django.http import HttpRequest

from opencsc.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "kind", "action", "child", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["user__username", "action"]
    raw_id_fields = ["user", "child"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
