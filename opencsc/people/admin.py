"""Django admin for support staff: read the history of person records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from opencsc.people.models import Address, Household, Person, Relationship


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = [
        "id",
        "last_name",
        "first_name",
        "kind",
        "date_of_birth",
        "nhs_number",
        "merged_into",
    ]
    list_filter = ["kind", "is_restricted"]
    search_fields = ["last_name", "first_name", "nhs_number", "upn"]
    raw_id_fields = ["household", "merged_into", "created_by"]
    filter_horizontal = ["named_staff"]


@admin.register(Relationship)
class RelationshipAdmin(SimpleHistoryAdmin):
    list_display = ["from_person", "kind", "to_person", "has_parental_responsibility"]
    raw_id_fields = ["from_person", "to_person", "created_by"]


@admin.register(Address)
class AddressAdmin(SimpleHistoryAdmin):
    list_display = ["line_1", "town", "postcode"]
    search_fields = ["postcode", "line_1"]


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    raw_id_fields = ["address"]
