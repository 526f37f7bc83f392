from django.urls import path

from . import views

app_name = "opendata"

C = "collectifs/<slug:slug>/"

urlpatterns = [
    path(C + "donnees-ouvertes/", views.page, name="page"),
    path(C + "donnees-ouvertes.zip", views.download, name="zip"),
    path(C + "donnees-ouvertes/data-inclusion.json", views.datainclusion, name="datainclusion"),
]
