from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("collectifs/<slug:slug>/textes/nouveau/", views.text_create, name="create"),
    path("collectifs/<slug:slug>/textes/<int:pk>/", views.text_detail, name="text"),
    path("collectifs/<slug:slug>/textes/<int:pk>/modifier/", views.text_edit, name="edit"),
    path("collectifs/<slug:slug>/textes/<int:pk>/versions/", views.text_history, name="history"),
    path("collectifs/<slug:slug>/textes/<int:pk>/comparer/", views.text_compare, name="compare"),
]
