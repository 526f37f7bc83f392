from django.urls import path

from . import views_trace

# <int:pk>: the consultation; <int:round>: the round's number; <int:statement>: its id.
urlpatterns = [
    path(
        "collectifs/<slug:slug>/decisions/consultation/<int:pk>/tour/<int:round>/"
        "enonce/<int:statement>/",
        views_trace.decide_from_statement,
        name="decide_from_statement",
    ),
]
