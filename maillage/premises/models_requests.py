"""Requests from outside and calendar feeds of shared premises.

A ``RoomRequest`` is what someone without an account asked for on a site's public
request page: one ``Booking`` per half-day asked (status REQUESTED, which blocks
nothing), the consent they gave in the words they read, and the coordinators'
decision (its reason when refused). The bookings' requester_* fields hold the
person's name, address and phone; they are erased ``PREMISES_REQUESTS_ERASE_AFTER_DAYS``
after the date, the rows staying for the occupancy.

A ``CalendarFeed`` is the secret address of a calendar (a space's bookings or an
organisation's at a site): a calendar application cannot log in, so the token in the
address is the credential; renewing it makes the old address answer 404.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Booking, Site, Space


class RoomRequest(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="room_requests")
    bookings = models.ManyToManyField(Booking, related_name="room_requests")
    language = models.CharField(max_length=10, default="fr")
    any_room = models.BooleanField(_("any room for the number of people"), default=False)
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField()
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    # The key of the form that sent it: sent again, it finds this request
    # (services_requests.submit_request).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("room request")
        verbose_name_plural = _("room requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "client_key"],
                condition=Q(client_key__isnull=False),
                name="premises_request_once_per_client_key",
            ),
        ]

    def __str__(self):
        return str(_("Request %(number)s") % {"number": self.pk})


class CalendarFeed(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="calendar_feeds")
    space = models.OneToOneField(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feed"
    )
    organisation = models.ForeignKey(
        "collectives.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="premises_feeds",
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(space__isnull=False, organisation__isnull=True)
                | Q(space__isnull=True, organisation__isnull=False),
                name="premises_feed_space_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["site", "organisation"],
                condition=Q(organisation__isnull=False),
                name="premises_feed_one_per_organisation",
            ),
        ]

    def __str__(self):
        return str(self.space or self.organisation)
