"""Calendars: private feeds (a key in the address, for calendar applications) and
one meeting's calendar file. Included in the "meetings" namespace by urls.py."""

from django.urls import path

from . import views_calendar

urlpatterns = [
    path("agenda/", views_calendar.calendars, name="calendars"),
    path("agenda/<slug:key>.ics", views_calendar.feed, name="feed"),
    path(
        "collectifs/<slug:slug>/reunions/<int:pk>/calendrier.ics",
        views_calendar.meeting_ics,
        name="ics",
    ),
]
