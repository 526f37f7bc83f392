"""The tenancy pages of shared premises (see urls.py)."""

from django.urls import path

from . import views_tenancy as views

S = "collectifs/<slug:slug>/locaux/<slug:site>/"
A = S + "candidatures/<int:pk>/"
T = S + "locataires/<int:pk>/"

urlpatterns = [
    path(S + "candidature/", views.apply, name="apply"),
    path(S + "candidatures/", views.applications, name="applications"),
    path(A, views.application, name="application"),
    path(A + "accepter/", views.accept, name="accept_application"),
    path(A + "refuser/", views.refuse, name="refuse_application"),
    path(S + "locataires/", views.tenancies, name="tenancies"),
    path(T, views.tenancy, name="tenancy"),
    path(T + "modifier/", views.tenancy_edit, name="tenancy_edit"),
    path(T + "fin/", views.tenancy_end, name="tenancy_end"),
]
