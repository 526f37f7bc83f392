from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("mes-donnees/<slug:key>/", views.download, name="download"),
    path("donnees-personnelles/<slug:key>/", views.download_by_key, name="download_by_key"),
    path(
        "collectifs/<slug:slug>/donnees-personnelles/",
        views.collective_requests,
        name="collective",
    ),
]
