"""Finding a consultation, a group and the person's participation from a request.

People who join a workshop without an account are recognised by a signed cookie
holding their participant token, one cookie per consultation; members who join
with their account are recognised by their account.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from maillage.collectives.models import Collective

from .models import Consultation, Group, Participant
from .rules import takes_part

COOKIE_SALT = "maillage.consultations.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 180  # half a year: Delphi rounds come weeks later


def cookie_name(consultation):
    return f"maillage_participant_{consultation.pk}"


# What never changes once made, kept per process for the wall's polling, which 300
# participants repeat every 2 seconds: for a participant's token (random, never
# reused), their participant, group, consultation and the collective's slug.
_TOKENS = {}
_KEPT = 50_000  # entries, then the table starts again empty
_PREFIX = "maillage_participant_"


def polling_participant(request, slug, group_pk):
    """The participant's pk when the request comes from a participant of this group
    without an account, found from their signed cookie; otherwise None.

    After the first request of a participant it costs no query. Only for reading a
    wall the participant may read anyway: any other case takes the full checks."""
    for name, value in request.COOKIES.items():
        if not name.startswith(_PREFIX) or not value:
            continue
        token = request.get_signed_cookie(
            name, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
        )
        if not token:
            continue
        known = _TOKENS.get(token)
        if known is None:
            known = (
                Participant.objects.filter(token=token)
                .values_list("pk", "group_id", "consultation_id", "consultation__collective__slug")
                .first()
            )
            if known is None:
                continue
            if len(_TOKENS) >= _KEPT:
                _TOKENS.clear()
            _TOKENS[token] = known
        participant_pk, group, consultation_pk, collective_slug = known
        if (group, collective_slug, name) == (group_pk, slug, f"{_PREFIX}{consultation_pk}"):
            return participant_pk
    return None


def participant_for(request, consultation):
    """The request's participant in this consultation, or None."""
    cache = request.__dict__.setdefault("_maillage_participants", {})
    if consultation.pk in cache:
        return cache[consultation.pk]
    participant = None
    if request.user.is_authenticated:
        participant = (
            Participant.objects.select_related("group__territory")
            .filter(consultation=consultation, user=request.user)
            .first()
        )
        if participant is not None:
            participant.consultation = consultation
            # Participation by account follows the membership: once it has ended,
            # the person's notes stay, their access does not.
            if not takes_part(request.user, participant):
                participant = None
    if participant is None:
        token = request.get_signed_cookie(
            cookie_name(consultation), default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
        )
        if token:
            participant = Participant.objects.filter(consultation=consultation, token=token).first()
    cache[consultation.pk] = participant
    return participant


def remember_participant(response, participant):
    response.set_signed_cookie(
        cookie_name(participant.consultation),
        participant.token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        # Sent over HTTPS only wherever the session cookie is (production).
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def get_consultation(request, slug, pk, perm="consultations.view_consultation"):
    """The consultation if the person may see it (404 otherwise), checked against
    ``perm`` (403). A participant who joined with a code may always reach the
    consultation they take part in, for the pages open to participants."""
    collective = get_object_or_404(Collective, slug=slug)
    consultation = get_object_or_404(
        Consultation.objects.select_related("collective", "network"), collective=collective, pk=pk
    )
    if perm == "participant":
        if participant_for(request, consultation) is None and not request.user.has_perm(
            "consultations.change_consultation", consultation
        ):
            raise Http404
        return consultation
    if not Consultation.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    if not request.user.has_perm(perm, consultation):
        raise PermissionDenied
    return consultation


def get_group(request, slug, pk, perm="consultations.facilitate_group"):
    group = get_object_or_404(
        Group.objects.select_related("consultation__collective", "territory"),
        consultation__collective__slug=slug,
        pk=pk,
    )
    consultation = group.consultation
    # A group's facilitators may come from its territory, another collective.
    visible = Consultation.objects.visible_to(request.user).filter(
        pk=consultation.pk
    ).exists() or request.user.has_perm("consultations.facilitate_group", group)
    if not visible and participant_for(request, consultation) is None:
        raise Http404
    if perm and not request.user.has_perm(perm, group):
        raise PermissionDenied
    return group


def can_read_wall(request, group):
    """A group's wall: its participants, its facilitators and those who run the
    consultation; everyone who may see the consultation once the synthesis is
    published."""
    user = request.user
    if user.has_perm("consultations.facilitate_group", group):
        return True
    participant = participant_for(request, group.consultation)
    if participant is not None and participant.group_id == group.pk:
        return True
    return user.has_perm("consultations.read_published_wall", group)
