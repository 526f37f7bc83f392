"""The bookings pages of shared premises (see urls.py)."""

from django.urls import path

from . import views_bookings as views

S = "collectifs/<slug:slug>/locaux/<slug:site>/"

urlpatterns = [
    path(S + "planning/", views.grid, name="grid"),
    path(S + "reserver/", views.book, name="book"),
    path(S + "reserver/serie/", views.book_series, name="book_series"),
    path(S + "series/<int:pk>/", views.series, name="series"),
    path(
        S + "series/<int:pk>/annuler-periode/",
        views.cancel_series_range,
        name="cancel_series_range",
    ),
    path(S + "series/<int:pk>/annuler-suite/", views.cancel_series_rest, name="cancel_series_rest"),
    path(S + "mes-reservations/", views.my_bookings, name="my_bookings"),
    path(S + "reservations/<int:pk>/annuler/", views.cancel_booking, name="cancel_booking"),
]
