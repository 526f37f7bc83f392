"""Referrals ("orientations"): a professional of a member structure sends a person to
an offer of the network's catalogue, with the person's recorded consent, the least data
needed and, when useful, one document. The receiving structure accepts or refuses with
a coded reason the sender reads; the person's data and document are erased
ORIENTATION_REFERRAL_RETENTION_DAYS after the referral is decided or cancelled, while
the offer, the dates, the status and the reason stay for the counts (non-take-up).

The document is kept outside MEDIA_ROOT (``private_storage``: a folder ``private``
beside it, which no web server serves), under a random name, and is read only through
the permission-checked download view.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from maillage.core.private_files import PrivateStorage, private_storage  # noqa: F401

__all__ = [
    "DOCUMENT_TYPES",
    "OPEN_STATUSES",
    "RefusalReason",
    "Referral",
    "ReferralStatus",
    "private_storage",
]

# What a document may be: its MIME type, the extension it is stored with, and the first
# bytes every such file starts with (checked on the content, not on the name given).
DOCUMENT_TYPES = {
    "application/pdf": (".pdf", (b"%PDF-",)),
    "image/jpeg": (".jpg", (b"\xff\xd8\xff",)),
    "image/png": (".png", (b"\x89PNG\r\n\x1a\n",)),
}


def document_name(instance, filename):
    """A random name (the name given by the sender is not kept: it may say who it is)."""
    extension = DOCUMENT_TYPES.get(instance.document_type, (".bin",))[0]
    return f"referrals/{secrets.token_hex(20)}{extension}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled by the sender")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class RefusalReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("The person does not meet the criteria")
    NO_PLACE = "no_place", _("No place available")
    UNREACHABLE = "unreachable", _("The person could not be reached")
    DECLINED = "declined", _("The person declined")
    FOLLOWED_ELSEWHERE = "followed_elsewhere", _("Already followed elsewhere")
    OTHER = "other", _("Other reason")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The referrals ``user`` may see: those they sent, while an active member of the
        offer's collective; those sent to an offer of a structure whose organisation they
        represent there; every referral of a collective they coordinate. Nothing for
        anyone else."""
        if not user.is_authenticated:
            return self.none()
        from maillage.collectives.models import Membership, Role

        memberships = Membership.objects.active().filter(user=user)
        represents = memberships.filter(
            collective=OuterRef("offer__structure__collective"),
            organisation=OuterRef("offer__structure__organisation"),
        )
        return self.filter(
            Q(offer__structure__collective__in=memberships.values("collective"), sender=user)
            | Q(Exists(represents))
            | Q(
                offer__structure__collective__in=memberships.filter(role=Role.COORDINATOR).values(
                    "collective"
                )
            )
        )

    def of_collective(self, collective):
        return self.filter(offer__structure__collective=collective)


class Referral(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        "orientation.Offer",
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals_sent",
    )
    sender_structure = models.ForeignKey(
        "orientation.Structure",
        verbose_name=_("sending structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_sent",
    )
    # The person: the least needed to reach them, erased on schedule.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    need = models.TextField(_("what the person needs"), blank=True)
    notify_person = models.BooleanField(_("e-mail the person"), default=False)
    consent = models.BooleanField(_("consent given by the person"), default=False)
    consent_text = models.TextField(_("consent as shown"), blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    document = models.FileField(
        _("document"), storage=private_storage, upload_to=document_name, blank=True
    )
    document_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RefusalReason.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True, db_index=True)
    erased_at = models.DateTimeField(_("personal data erased on"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        indexes = [models.Index(fields=["status", "decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True),
                name="referral_with_consent",
                violation_error_message=_("The person's consent is needed."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""),
                name="referral_refused_with_reason",
                violation_error_message=_("Choose the reason for the refusal."),
            ),
        ]

    def __str__(self):
        return str(_("Referral to %(offer)s") % {"offer": self.offer.name})

    @property
    def collective(self):
        return self.offer.structure.collective

    @property
    def person_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_waiting(self):
        return self.status == ReferralStatus.SENT

    @property
    def is_accepted(self):
        return self.status == ReferralStatus.ACCEPTED

    @property
    def is_erased(self):
        return self.erased_at is not None
