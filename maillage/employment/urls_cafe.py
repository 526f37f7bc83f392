from django.urls import path

from . import views_cafe as views
from . import views_seekers as seekers

C = "collectifs/<slug:slug>/emploi/"
K = C + "cafes/<int:pk>/"
S = "emploi/inscrits/<slug:key>/"

urlpatterns = [
    path(C, views.home, name="home"),
    path(K + "preparer/", views.cafe_setup, name="cafe_setup"),
    path(K, views.cafe, name="cafe"),
    path(K + "reglages/", views.cafe_edit, name="cafe_edit"),
    path(K + "recruteurs/ajouter/", views.recruiter_add, name="recruiter_add"),
    path(K + "recruteurs/<int:recruiter>/", views.recruiter_edit, name="recruiter_edit"),
    path(
        K + "recruteurs/<int:recruiter>/retirer/", views.recruiter_remove, name="recruiter_remove"
    ),
    path(
        K + "recruteurs/<int:recruiter>/presence/",
        views.recruiter_presence,
        name="recruiter_presence",
    ),
    path(
        K + "recruteurs/<int:recruiter>/envoyer-lien/",
        views.recruiter_send_link,
        name="recruiter_send_link",
    ),
    path(K + "recruteurs/<int:recruiter>/offres/ajouter/", views.offer_add, name="offer_add"),
    path(K + "offres/<int:offer>/", views.offer_edit, name="offer_edit"),
    path(K + "offres/<int:offer>/retirer/", views.offer_remove, name="offer_remove"),
    path(K + "inscrits/", seekers.seekers, name="seekers"),
    path(K + "inscrits/sans-inscription/", views.walk_in, name="walk_in"),
    path(K + "inscrits/<int:seeker>/", seekers.seeker, name="seeker"),
    path(K + "inscrits/<int:seeker>/cv/", seekers.seeker_cv, name="seeker_cv"),
    path(K + "inscrits/<int:seeker>/accueil/", views.check_in, name="check_in"),
    # Public, without an account.
    path("emploi/cafes/<int:pk>/inscription/", seekers.register, name="register"),
    path("emploi/cafes/<int:pk>/inscription/envoyee/", seekers.register_sent, name="register_sent"),
    path(S, seekers.seeker_page, name="seeker_page"),
    path(S + "profil/", seekers.seeker_profile, name="seeker_profile"),
    path(S + "consentement/", seekers.seeker_consent, name="seeker_consent"),
    path(S + "cv/", seekers.seeker_own_cv, name="seeker_own_cv"),
    path(S + "cv/envoyer/", seekers.seeker_cv_upload, name="seeker_cv_upload"),
    path(S + "cv/supprimer/", seekers.seeker_cv_delete, name="seeker_cv_delete"),
    path(S + "garder/", seekers.seeker_keep, name="seeker_keep"),
    path(S + "donnees/", seekers.seeker_data, name="seeker_data"),
    path(S + "supprimer/", seekers.seeker_delete, name="seeker_delete"),
]
