from django.urls import path

from . import views, views_guide

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("langue/", views.set_language, name="set_language"),
    path("guide/", views_guide.guide, name="guide"),
]
