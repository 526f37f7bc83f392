from django.urls import path

from . import views_kanban

urlpatterns = [
    path("collectifs/<slug:slug>/chantiers/kanban/", views_kanban.kanban, name="kanban"),
    path(
        "collectifs/<slug:slug>/chantiers/kanban/<int:pk>/deplacer/",
        views_kanban.kanban_move,
        name="kanban_move",
    ),
    path("mon-travail/", views_kanban.my_work, name="mine"),
]
