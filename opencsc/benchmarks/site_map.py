"""Every page of the app, as concrete URLs with real ids: what `opencsc bench pages` times and the
need-to-know and hostile-input tests walk (tests/security/site_map.py).

`url_names()` is read from the URL resolver, so a new page is in it the day it is added; a test
(tests/security/test_site_map.py) fails until `OPENS` says which model the new page's ids name.
`page_urls()` gives one URL per object in the database for each pattern that takes an id, and one
URL for each pattern that takes none.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Namespaces that are not the app's own pages (the Django admin is not served in production).
NOT_OURS = {"admin"}

# Which model the id in each pattern names, and the keyword it is passed as.
OPENS: dict[str, tuple[str, str]] = {
    "accounts:staff-edit": ("accounts.User", "pk"),
    "accounts:staff-set-active": ("accounts.User", "pk"),
    "accounts:staff-reset-second-factor": ("accounts.User", "pk"),
    "accounts:role-grant": ("accounts.RoleGrant", "pk"),
    "assessments:start": ("casework.Referral", "referral_pk"),
    "assessments:detail": ("assessments.Assessment", "pk"),
    "assessments:edit": ("assessments.Assessment", "pk"),
    "assessments:submit": ("assessments.Assessment", "pk"),
    "assessments:review": ("assessments.Assessment", "pk"),
    "casework:allocate": ("casework.Referral", "pk"),
    "casework:transfer-new": ("casework.Referral", "pk"),
    "casework:action-done": ("casework.DirectionAction", "pk"),
    "casework:action-change": ("casework.DirectionAction", "pk"),
    "casework:transfer": ("casework.TeamTransfer", "pk"),
    "casework:restrict": ("people.Person", "pk"),
    "casework:person-details": ("people.Person", "pk"),
    "exploitation:screening-new": ("people.Person", "pk"),
    "exploitation:screening": ("exploitation.Screening", "pk"),
    "exploitation:nrm-new": ("people.Person", "pk"),
    "exploitation:nrm": ("exploitation.NrmReferral", "pk"),
    "exploitation:nrm-decision": ("exploitation.NrmReferral", "pk"),
    "exploitation:meeting": ("exploitation.PanelMeeting", "pk"),
    "exploitation:action-new": ("exploitation.PanelMeeting", "pk"),
    "exploitation:action-done": ("exploitation.PanelAction", "pk"),
    "frontdoor:contact-create": ("people.Person", "child_id"),
    "frontdoor:contact-detail": ("frontdoor.Contact", "pk"),
    "frontdoor:contact-children": ("frontdoor.Contact", "pk"),
    "frontdoor:contact-rate": ("frontdoor.Contact", "pk"),
    "frontdoor:contact-told": ("frontdoor.Contact", "pk"),
    "frontdoor:notice-read": ("frontdoor.ContactNotification", "pk"),
    "frontdoor:check-request": ("frontdoor.Contact", "pk"),
    "frontdoor:decision-propose": ("frontdoor.Contact", "pk"),
    "frontdoor:meeting-choose": ("frontdoor.Contact", "pk"),
    "frontdoor:meeting-outcome": ("frontdoor.Contact", "pk"),
    "frontdoor:check-detail": ("frontdoor.AgencyCheck", "pk"),
    "frontdoor:check-chase": ("frontdoor.AgencyCheck", "pk"),
    "frontdoor:decision-review": ("frontdoor.ContactDecision", "pk"),
    "frontdoor:consent-record": ("frontdoor.Contact", "pk"),
    "frontdoor:override-request": ("frontdoor.Contact", "pk"),
    "frontdoor:override-review": ("frontdoor.ConsentOverride", "pk"),
    "missing:new": ("people.Person", "pk"),
    "missing:history": ("people.Person", "pk"),
    "missing:episode": ("missing.MissingEpisode", "pk"),
    "missing:return": ("missing.MissingEpisode", "pk"),
    "missing:match": ("missing.MissingEpisode", "pk"),
    "missing:decide": ("missing.MissingEpisode", "pk"),
    "missing:interview": ("missing.MissingEpisode", "pk"),
    "missing:interview-offer": ("missing.MissingEpisode", "pk"),
    "missing:interview-record": ("missing.MissingEpisode", "pk"),
    "missing:interview-action": ("missing.MissingEpisode", "pk"),
    "privatefostering:new": ("people.Person", "pk"),
    "privatefostering:arrangement": ("privatefostering.Arrangement", "pk"),
    "privatefostering:member-new": ("privatefostering.Arrangement", "pk"),
    "privatefostering:visit-new": ("privatefostering.Arrangement", "pk"),
    "privatefostering:decision-new": ("privatefostering.Arrangement", "pk"),
    "privatefostering:end": ("privatefostering.Arrangement", "pk"),
    "privatefostering:check": ("privatefostering.SuitabilityCheck", "pk"),
    "privatefostering:decision": ("privatefostering.SuitabilityDecision", "pk"),
    "notes:child-notes": ("people.Person", "pk"),
    "notes:new": ("people.Person", "pk"),
    "notes:note": ("notes.CaseNote", "pk"),
    "notes:edit": ("notes.CaseNote", "pk"),
    "notes:finalise": ("notes.CaseNote", "pk"),
    "notes:correct": ("notes.CaseNote", "pk"),
    "notes:read": ("notes.CaseNote", "pk"),
    "people:relative-find": ("people.Person", "pk"),
    "people:relative-link": ("people.Person", "pk"),
    "people:relative-create": ("people.Person", "pk"),
    "people:person-merge": ("people.Person", "pk"),
    "people:disabilities": ("people.Person", "pk"),
    "people:person-history": ("people.Person", "pk"),
    "people:person-move": ("people.Person", "pk"),
    "people:duplicate-pair": ("people.DuplicatePair", "pk"),
    "plans:new": ("casework.Referral", "pk"),
    "plans:detail": ("plans.CINPlan", "pk"),
    "plans:review-new": ("plans.CINPlan", "pk"),
    "plans:end": ("plans.CINPlan", "pk"),
    "plans:visit-new": ("casework.Referral", "pk"),
    "plans:visit": ("plans.Visit", "pk"),
    "protection:strategy-new": ("casework.Referral", "pk"),
    "protection:strategy": ("protection.StrategyDiscussion", "pk"),
    "protection:medical-new": ("protection.StrategyDiscussion", "pk"),
    "protection:medical-not-held-new": ("protection.StrategyDiscussion", "pk"),
    "protection:medical-not-held": ("protection.MedicalNotHeld", "pk"),
    "protection:enquiry": ("protection.Section47Enquiry", "pk"),
    "protection:enquiry-complete": ("protection.Section47Enquiry", "pk"),
    "protection:conference-new": ("protection.Section47Enquiry", "pk"),
    "protection:plan": ("protection.ProtectionPlan", "pk"),
    "protection:review-new": ("protection.ProtectionPlan", "pk"),
    "protection:core-group-new": ("protection.ProtectionPlan", "pk"),
    "protection:plan-write": ("protection.ProtectionPlan", "pk"),
    "protection:plan-history": ("protection.ProtectionPlan", "pk"),
    "protection:decision": ("protection.ProtectiveDecision", "pk"),
    "protection:plan-end": ("protection.ProtectionPlan", "pk"),
    "record:child": ("people.Person", "pk"),
    "record:chronology": ("people.Person", "pk"),
    "record:work": ("people.Person", "pk"),
    "record:missing": ("people.Person", "pk"),
    "record:fostering": ("people.Person", "pk"),
    "record:episode": ("casework.Referral", "pk"),
    "record:close": ("casework.Referral", "pk"),
    "record:closure": ("casework.Closure", "pk"),
    "record:warnings": ("people.Person", "pk"),
    "record:warning-set": ("people.Person", "pk"),
    "record:warning-review": ("people.PersonWarning", "pk"),
    "record:warning-end": ("people.PersonWarning", "pk"),
    "workforce:acknowledge": ("timescales.DueItem", "pk"),
    "workforce:mark-read": ("timescales.DueItem", "pk"),
    "workforce:tray-open": ("timescales.DueItem", "pk"),
}


@dataclass(frozen=True)
class UrlName:
    name: str  # "namespace:name"
    keywords: tuple[str, ...]  # the pattern's keyword arguments


@dataclass(frozen=True)
class PageUrl:
    name: str
    path: str
    pk: int | None = None  # the id in the path, when the pattern takes one


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[UrlName]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            if (entry.namespace or "") in NOT_OURS:
                continue
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            keywords = tuple(sorted(entry.pattern.converters))
            yield UrlName(f"{namespace}{entry.name}", keywords)


def url_names() -> list[UrlName]:
    """Every named URL pattern of the app (not the Django admin's)."""
    seen: dict[str, UrlName] = {}
    for item in _walk(get_resolver().url_patterns):
        seen.setdefault(item.name, item)
    return sorted(seen.values(), key=lambda item: item.name)


def page_urls(limit_per_pattern: int | None = None) -> list[PageUrl]:
    """A URL for every pattern: one per object in the database for those that take an id (up to
    `limit_per_pattern` each, lowest ids first), one for those that take none."""
    pages: list[PageUrl] = []
    for item in url_names():
        if not item.keywords:
            pages.append(PageUrl(item.name, reverse(item.name)))
            continue
        label, keyword = OPENS[item.name]
        ids = apps.get_model(label)._default_manager.order_by("pk").values_list("pk", flat=True)
        if limit_per_pattern is not None:
            ids = ids[:limit_per_pattern]
        pages.extend(PageUrl(item.name, reverse(item.name, kwargs={keyword: pk}), pk) for pk in ids)
    return pages
