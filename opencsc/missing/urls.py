"""Missing episodes: record one (staff, the police), an episode, its return, the MASH's list,
matching a child the police named, and the MASH's decision."""

from django.urls import path

from opencsc.missing import views

app_name = "missing"

urlpatterns = [
    path("missing/new/", views.start, name="start"),
    path("people/<int:pk>/missing/new/", views.new, name="new"),
    path("missing/police/", views.police_list, name="police"),
    path("missing/police/new/", views.police_new, name="police-new"),
    path("missing/mash/", views.mash_list, name="mash"),
    path("missing/tracking/", views.tracking_lists, name="tracking"),
    path("missing/report/", views.missing_report, name="report"),
    path("missing/report.csv", views.missing_report_csv, name="report-csv"),
    path("people/<int:pk>/missing/", views.history, name="history"),
    path("missing/<int:pk>/", views.episode, name="episode"),
    path("missing/<int:pk>/return/", views.record_return, name="return"),
    path("missing/<int:pk>/match/", views.match, name="match"),
    path("missing/<int:pk>/decide/", views.decide, name="decide"),
    path("missing/interviews/", views.interviews, name="interviews"),
    path("missing/<int:pk>/interview/", views.interview, name="interview"),
    path("missing/<int:pk>/interview/offer/", views.interview_offer, name="interview-offer"),
    path("missing/<int:pk>/interview/record/", views.interview_record, name="interview-record"),
    path(
        "missing/<int:pk>/interview/actions/new/", views.interview_action, name="interview-action"
    ),
]
