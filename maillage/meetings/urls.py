from django.urls import include, path

from . import views

app_name = "meetings"

L = "collectifs/<slug:slug>/reunions/"
M = L + "<int:pk>/"
# <int:item> and <int:decision> are ids of the meeting's agenda items and decisions.
ITEM = M + "ordre-du-jour/<int:item>/"

urlpatterns = [
    path(L, views.meeting_list, name="list"),
    path(L + "nouvelle/", views.create, name="create"),
    path(M, views.detail, name="detail"),
    path(M + "modifier/", views.edit, name="edit"),
    path(M + "annuler/", views.cancel, name="cancel"),
    path(M + "suivante/", views.next_meeting, name="next_meeting"),
    path(M + "suites/", views.next_steps, name="next_steps"),
    path(M + "annonces/", views.announcement_add, name="announcement_add"),
    # Invitations and answers; the link of an invitation needs no account.
    path("reunions/reponse/<slug:key>/", views.rsvp, name="rsvp"),
    path(M + "reponse/", views.answer, name="answer"),
    path(M + "invites/", views.invitees, name="invitees"),
    path(M + "invites/membre/", views.invite_member, name="invite_member"),
    path(M + "invites/invite/", views.invite_guest, name="invite_guest"),
    path(M + "invites/envoyer/", views.send_invitations, name="send_invitations"),
    # <int:invitee> is the id of a person on the meeting's list.
    path(M + "invites/<int:invitee>/retirer/", views.remove_invitee, name="remove_invitee"),
    # On the day.
    path(M + "presences/", views.attendance, name="attendance"),
    path(M + "presences/sur-place/", views.walk_in, name="walk_in"),
    # The agenda.
    path(M + "ordre-du-jour/", views.item_add, name="item_add"),
    path(ITEM, views.item_edit, name="item_edit"),
    path(ITEM + "retenir/", views.item_decide, name="item_decide"),
    path(ITEM + "deplacer/", views.item_move, name="item_move"),
    path(ITEM + "commenter/", views.item_comment, name="item_comment"),
    path(ITEM + "notes/", views.item_notes, name="item_notes"),
    # Decisions and actions.
    path(M + "decisions/nouvelle/", views.decision_add, name="decision_add"),
    path(M + "decisions/<int:decision>/", views.decision_edit, name="decision_edit"),
    path(M + "actions/nouvelle/", views.action_add, name="action_add"),
    path("", include("maillage.meetings.urls_minutes")),
    path("", include("maillage.meetings.urls_calendar")),
    path("", include("maillage.meetings.urls_trace")),
]
