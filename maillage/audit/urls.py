from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("collectifs/<slug:slug>/journal/", views.collective_log, name="log"),
]
