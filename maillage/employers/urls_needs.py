"""The group's set-up and the needs' pages (views_group, views_table, views_needs)."""

from django.urls import path

from . import views_group, views_needs, views_table

BASE = "collectifs/<slug:slug>/groupement/"

urlpatterns = [
    path(BASE, views_group.home, name="home"),
    path(f"{BASE}creer/", views_group.create, name="create"),
    path(f"{BASE}reglages/", views_group.settings, name="settings"),
    path(f"{BASE}membres/", views_group.members, name="members"),
    path(f"{BASE}membres/ajouter/", views_group.member_add, name="member_add"),
    path(f"{BASE}membres/<int:pk>/", views_group.member, name="member"),
    path(f"{BASE}membres/<int:pk>/depart/", views_group.member_end, name="member_end"),
    path(f"{BASE}membres/<int:pk>/sites/ajouter/", views_group.site_add, name="site_add"),
    path(f"{BASE}sites/<int:pk>/modifier/", views_group.site_edit, name="site_edit"),
    path(f"{BASE}qualifications/", views_table.table, name="table"),
    path(f"{BASE}qualifications/familles/ajouter/", views_table.family_add, name="family_add"),
    path(
        f"{BASE}qualifications/ajouter/",
        views_table.qualification_add,
        name="qualification_add",
    ),
    path(
        f"{BASE}qualifications/<int:pk>/modifier/",
        views_table.qualification_edit,
        name="qualification_edit",
    ),
    path(f"{BASE}formations/ajouter/", views_table.training_add, name="training_add"),
    path(f"{BASE}formations/<int:pk>/modifier/", views_table.training_edit, name="training_edit"),
    path(
        f"{BASE}formations/<int:pk>/retirer/", views_table.training_remove, name="training_remove"
    ),
    path(f"{BASE}besoins/", views_needs.needs, name="needs"),
    path(f"{BASE}besoins/declarer/", views_needs.need_add, name="need_add"),
    path(f"{BASE}besoins/<int:pk>/", views_needs.need, name="need"),
    path(f"{BASE}besoins/<int:pk>/modifier/", views_needs.need_edit, name="need_edit"),
    path(f"{BASE}besoins/<int:pk>/retirer/", views_needs.need_withdraw, name="need_withdraw"),
]
