"""The addresses of the foundation's grants (views_grants.py, views_grants_decisions.py)."""

from django.urls import path

from . import views_grants as views
from . import views_grants_decisions as decisions

BASE = "collectifs/<slug:slug>/fondation/"
CALLS = f"{BASE}appels/"
CALL = f"{CALLS}<int:pk>/"
APPLICATION = f"{BASE}candidatures/<int:pk>/"

urlpatterns = [
    path(CALLS, views.calls, name="calls"),
    path(f"{CALLS}nouvel/", views.call_add, name="call_add"),
    path(CALL, views.call, name="call"),
    path(f"{CALL}modifier/", views.call_edit, name="call_edit"),
    path(f"{CALL}ouvrir/", views.call_open, name="call_open"),
    path(f"{CALL}clore/", views.call_close, name="call_close"),
    path(f"{CALL}criteres/nouveau/", views.criterion_add, name="criterion_add"),
    path(f"{CALL}candidater/", views.apply, name="apply"),
    path(f"{BASE}mes-candidatures/", views.my_applications, name="my_applications"),
    path(APPLICATION, views.application, name="application"),
    path(f"{APPLICATION}retirer/", views.application_withdraw, name="application_withdraw"),
    path(f"{APPLICATION}conflit/", views.conflict_declare, name="conflict_declare"),
    path(f"{APPLICATION}noter/", views.score, name="score"),
    path(f"{APPLICATION}decider/", decisions.decide, name="decide"),
    path(f"{APPLICATION}versement/", decisions.disburse, name="disburse"),
    path(f"{APPLICATION}rapports/nouveau/", decisions.report_add, name="report_add"),
    path(
        f"{APPLICATION}rapports/<int:report>/accepter/",
        decisions.report_accept,
        name="report_accept",
    ),
]
