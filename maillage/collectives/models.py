import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = [
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("en", _("English")),
]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")

    @property
    def rank(self):
        return ROLE_RANK[self]


# Higher rank, more rights: a coordinator can do all a facilitator can, and so on.
ROLE_RANK = {Role.OBSERVER: 1, Role.MEMBER: 2, Role.FACILITATOR: 3, Role.COORDINATOR: 4}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read its presentation page and ask to join")
    PRIVATE = "private", _("Private: only its members know it")


class Network(models.Model):
    """A network of territories or collectives (e.g. a European network)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("collectives:network", args=[self.slug])


class NetworkCoordinatorQuerySet(models.QuerySet):
    def active(self):
        """Coordinators while they are: named, not removed, and still an active
        member of the collective through which they belong to the network."""
        return self.filter(
            removed_at__isnull=True,
            collective__memberships__user=models.F("user"),
            collective__memberships__end_date__isnull=True,
        ).distinct()


class NetworkCoordinator(models.Model):
    """A person who coordinates a network: they set up its network consultations and
    see everything in them. They belong to the network through one of its member
    collectives, and are a network coordinator only while they are a member of it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="network_roles",
    )
    collective = models.ForeignKey(
        "Collective",
        verbose_name=_("through the collective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    named_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = NetworkCoordinatorQuerySet.as_manager()

    class Meta:
        ordering = ["network", "named_at"]
        verbose_name = _("network coordinator")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(removed_at__isnull=True),
                name="network_one_active_coordinator_role",
                violation_error_message=_("This person already coordinates the network."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.network}"


class OrganisationKind(models.TextChoices):
    PUBLIC_BODY = "public_body", _("Public body or local authority")
    INSTITUTION = "institution", _("Public institution")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    COOPERATIVE = "cooperative", _("Cooperative or social enterprise")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An institution, association, company or public body; it may join several collectives."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class CollectiveQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def of_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__end_date__isnull=True).distinct()

    def visible_to(self, user):
        """Public collectives, and the private ones the person belongs to."""
        if not user.is_authenticated:
            return self.public()
        member_of = Membership.objects.active().filter(user=user).values("collective_id")
        return self.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=member_of))


class Collective(models.Model):
    """A working group, employment hub, PTCE, network project or team: the space people share."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    slug = models.SlugField(_("address in the site"), unique=True, max_length=60)
    territory = models.CharField(
        _("territory"), max_length=200, help_text=_("For example: Geneva, Seine-Saint-Denis.")
    )
    region = models.CharField(
        _("canton or département"), max_length=80, blank=True, help_text=_("For example: GE, 93.")
    )
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    requires_charter_agreement = models.BooleanField(
        _("joining requires agreeing to the charter"), default=False
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("networks"), related_name="collectives", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="collectives", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CollectiveQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("collectives:detail", args=[self.slug])

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    def language_names(self):
        names = dict(CONTENT_LANGUAGES)
        return [names.get(code, code) for code in self.languages]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(end_date__isnull=True)

    def past(self):
        return self.filter(end_date__isnull=False)

    def coordinators(self, collective):
        """The active coordinators' memberships of ``collective``, with their people."""
        return (
            self.active()
            .filter(collective=collective, role=Role.COORDINATOR)
            .select_related("user")
        )

    def member_ids(self, collective):
        """The ids of the people who are members of ``collective`` now."""
        return set(self.active().filter(collective=collective).values_list("user_id", flat=True))

    def first_outsider(self, collective, people):
        """The first of ``people`` who is not a member of ``collective`` now, or None."""
        members = self.member_ids(collective)
        return next((person for person in people if person.pk not in members), None)


class Membership(models.Model):
    """A person's place in a collective. Ending it sets an end date; rows are never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    collective = models.ForeignKey(Collective, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    start_date = models.DateField(_("since"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["collective", "user__display_name"]
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collective"],
                condition=Q(end_date__isnull=True),
                name="membership_one_active_per_person",
                violation_error_message=_("This person is already a member of the collective."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.collective} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.end_date is None


def new_invitation_secret():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation sent by e-mail. Its link is signed, expires and can be used once;
    it carries ``secret``, random and kept with the invitation, so that nobody can make
    a valid link from the invitation's number, even knowing the site's SECRET_KEY."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("personal message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    secret = models.CharField(max_length=64, default=new_invitation_secret, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                "collective",
                models.functions.Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
                violation_error_message=_("An invitation to this address is already waiting."),
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.collective}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MembershipRequest(models.Model):
    """A person asks to join a public collective; a coordinator accepts or refuses with a reason."""

    collective = models.ForeignKey(
        Collective, on_delete=models.CASCADE, related_name="membership_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    charter_version = models.ForeignKey(
        "governance.GovernanceTextVersion",
        verbose_name=_("charter agreed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to join")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "user"],
                condition=Q(status="pending"),
                name="request_one_pending_per_person",
                violation_error_message=_("You have already asked to join; wait for the answer."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.collective}"

    @property
    def is_pending(self):
        return self.status == RequestStatus.PENDING

    @property
    def is_accepted(self):
        return self.status == RequestStatus.ACCEPTED
