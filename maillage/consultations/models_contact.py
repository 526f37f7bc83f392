"""Participants who can be reached again: the e-mail address a participant without an
account leaves to be told when a round opens, with the consent they gave, and who was
told of which round.

The address serves this consultation only: nobody sees it in the pages (those who run
the consultation see how many participants can be reached), the participant may remove
it from the wall, and it is erased when the consultation closes. The row stays, without
the address, as the record of the consent and of its end (``withdrawn_at`` or
``erased_at``). services_contact.py makes every change.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParticipantContactQuerySet(models.QuerySet):
    def reachable(self):
        """Contacts that still hold an address."""
        return self.exclude(email="")


class ParticipantContact(models.Model):
    participant = models.OneToOneField(
        "consultations.Participant", on_delete=models.CASCADE, related_name="contact"
    )
    # Empty once the participant removed it or the consultation closed.
    email = models.EmailField(_("e-mail address"), blank=True)
    # The consent exactly as it was shown, in the language it was shown in.
    consent_text = models.TextField()
    consent_language = models.CharField(max_length=10)
    consented_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant's contact")
        constraints = [
            # An address only while the consent holds.
            models.CheckConstraint(
                condition=Q(email="") | Q(withdrawn_at__isnull=True, erased_at__isnull=True),
                name="consultations_contact_only_with_consent",
            ),
        ]

    def __str__(self):
        # Never the address: this may end up in a log or on a page.
        return str(_("Contact of participant %(number)s") % {"number": self.participant_id})

    @property
    def is_reachable(self):
        return bool(self.email)


class RoundNotice(models.Model):
    """A participant was told that ``round`` opened: once per round and participant,
    so that telling them again sends nothing twice."""

    round = models.ForeignKey(
        "consultations.Round", on_delete=models.CASCADE, related_name="notices"
    )
    participant = models.ForeignKey(
        "consultations.Participant", on_delete=models.CASCADE, related_name="round_notices"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("round notice")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="consultations_one_notice_per_round"
            )
        ]

    def __str__(self):
        return f"{self.round_id}: {self.participant_id}"
