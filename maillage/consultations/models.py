"""Consultations: workshops where people answer questions on sticky notes, the themes
and syntheses facilitators draw from them, and Delphi rounds of votes on statements.

The flow, and who sees what, is described in docs/architecture.md and
docs/permissions.md. State changes live in services.py.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.typography import labelled

NOTE_MAX_LENGTH = 500
# Join codes avoid letters and digits that are easily confused when read aloud or
# copied from a screen (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_join_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token():
    return secrets.token_urlsafe(24)


class Method(models.TextChoices):
    SPIRAL = "spiral", _("SPIRAL")
    DPA_PC = "dpa_pc", _("DPA-PC")
    PRIDE = "pride", _("Pride and purpose")
    EMPTY = "empty", _("Empty")


class QuestionKind(models.TextChoices):
    OPEN = "open", _("Open question")
    PLEDGE = "pledge", _("What can you do (pledges)")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Consultations whose page the person may open: those of the collectives
        they belong to, and the open or closed ones of public collectives. A network
        consultation also to the coordinators of its network and of the network's
        collectives, and once started to the members of the network's collectives."""
        from maillage.collectives.models import Collective, Membership, Network, Role

        started = ~Q(status=ConsultationStatus.DRAFT)
        public = Q(collective__in=Collective.objects.public()) & started
        if not user.is_authenticated:
            return self.filter(public)
        mine = Membership.objects.active().filter(user=user)
        led = Network.objects.filter(
            collectives__in=mine.filter(role=Role.COORDINATOR).values("collective_id")
        )
        joined = Network.objects.filter(collectives__in=mine.values("collective_id"))
        return self.filter(
            public
            | Q(collective__in=Collective.objects.of_member(user))
            | Q(network__in=user.network_roles.active().values("network_id"))
            | Q(network__in=led.values("pk"))
            | (Q(network__in=joined.values("pk")) & started)
        )


class Consultation(models.Model):
    """A consultation of a collective. When several territories take part, the
    collective hosting it links it to its network; the groups then name the
    territory (another collective of the network) they stand for."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="consultations"
    )
    network = models.ForeignKey(
        "collectives.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("network"),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    status = models.CharField(
        max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    synthesis_published_at = models.DateTimeField(null=True, blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.collective.slug, self.pk])

    @property
    def synthesis_published(self):
        return self.synthesis_published_at is not None

    @property
    def is_draft(self):
        return self.status == ConsultationStatus.DRAFT

    @property
    def is_open(self):
        return self.status == ConsultationStatus.OPEN

    @property
    def is_closed(self):
        return self.status == ConsultationStatus.CLOSED

    def active_round(self):
        return self.rounds.filter(status=RoundStatus.OPEN).order_by("number").first()


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.OPEN
    )

    class Meta:
        ordering = ["consultation", "order", "pk"]
        verbose_name = _("question")

    def __str__(self):
        return self.text


class RoundKind(models.TextChoices):
    CONTRIBUTE = "contribute", _("Contribute: notes on the questions")
    AGREE = "agree", _("Vote: agree, disagree or pass")
    RATE = "rate", _("Rate from 1 to 9")
    READ = "read", _("Read only")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """A phase of the consultation. What participants may do follows from the
    open round: contribute notes, vote or rate statements, or only read."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("what participants do"), max_length=12, choices=RoundKind.choices)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default="planned")
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Empty: every group takes part.
    groups = models.ManyToManyField("Group", blank=True, related_name="rounds")
    statements = models.ManyToManyField("Statement", blank=True, related_name="rounds")

    class Meta:
        ordering = ["consultation", "number"]
        verbose_name = _("round")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultations_round_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="consultations_round_dates_in_order",
            ),
            # services.open_round closes the open round before opening another.
            models.UniqueConstraint(
                fields=["consultation"],
                condition=Q(status="open"),
                name="consultations_one_open_round",
                violation_error_message=_("Another round of this consultation is open."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_vote(self):
        return self.kind in (RoundKind.AGREE, RoundKind.RATE)

    @property
    def is_planned(self):
        return self.status == RoundStatus.PLANNED

    @property
    def is_open(self):
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self):
        return self.status == RoundStatus.CLOSED


class Group(models.Model):
    """A table of a workshop, or a territory. Participants join it with its code."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=120)
    territory = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
        help_text=_("For a network consultation: the collective this group stands for."),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_groups"
    )
    join_code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_join_code)
    code_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)
    live = models.BooleanField(_("live session open"), default=False)

    class Meta:
        ordering = ["consultation", "name"]
        verbose_name = _("group")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "name"], name="consultations_group_name_unique"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("consultations:wall", args=[self.consultation.collective.slug, self.pk])


class Participant(models.Model):
    """Someone taking part in a consultation, in one group. Members join with their
    account; others are known by a secret token kept in a cookie, and by the display
    name they chose, which only the facilitators see."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    joined_at = models.DateTimeField(default=timezone.now)
    # Without an account: keyed hashes of the network address and of the device cookie
    # the participant joined from, for the limits of consultations/limits.py only.
    ip_hash = models.CharField(max_length=64, blank=True)
    device_hash = models.CharField(max_length=64, blank=True)
    # Carried by the personal return link (services_contact.return_key): making a new
    # link changes it, and every older link stops working.
    link_key = models.CharField(max_length=24, blank=True, default="")

    class Meta:
        ordering = ["consultation", "joined_at"]
        verbose_name = _("participant")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=Q(user__isnull=False),
                name="consultations_one_participation_per_person",
                violation_error_message=_("You already take part in this consultation."),
            )
        ]

    def __str__(self):
        return self.name_for_facilitators()

    def name_for_facilitators(self):
        if self.user_id:
            return str(self.user)
        return self.display_name or _("Anonymous participant %(number)s") % {"number": self.pk}


class GridCode(models.Model):
    """A code of the consultation's grid: a family (no parent) or a sub-code."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="grid_codes"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    label = models.CharField(_("label"), max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "parent_id", "order", "label"]
        verbose_name = _("code")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "label"],
                condition=Q(parent__isnull=True),
                name="consultations_family_unique",
            ),
            models.UniqueConstraint(
                fields=["consultation", "parent", "label"],
                condition=Q(parent__isnull=False),
                name="consultations_code_unique",
            ),
        ]

    def __str__(self):
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label


class Theme(models.Model):
    """A theme: notes of a group gathered under a title and a synthesis statement.

    A theme without a group belongs to the synthesis of syntheses: it gathers themes
    of several groups (``sources``), so it keeps which territories said it.
    ``version`` grows with every change, for conflict detection.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    # A theme of a territory's synthesis (no group, a territory): see models_territory.
    territory = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("synthesis statement"), blank=True)
    order = models.PositiveIntegerField(default=0)
    sources = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="merged_into"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "group_id", "order", "pk"]
        verbose_name = _("theme")

    def __str__(self):
        return self.title


class Note(models.Model):
    """One idea on one sticky note. Nothing a participant wrote is ever lost: a
    corrected note keeps its original words, a hidden note keeps its text."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="notes")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="notes")
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    # Notes typed by a facilitator from paper have no participant.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH)
    original_text = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    code = models.ForeignKey(
        GridCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The key of the form that posted it (services_live.post_note): the same form sent
    # again by a phone that lost the answer finds its note instead of making another.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["group", "created_at", "pk"]
        verbose_name = _("note")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="consultations_note_not_empty"),
            models.UniqueConstraint(
                fields=["participant", "client_key"],
                condition=Q(client_key__isnull=False),
                name="consultations_note_once_per_client_key",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class Mood(models.Model):
    """The "météo de l'humeur": how a participant feels at the start or end."""

    class Moment(models.TextChoices):
        START = "start", _("At the start")
        END = "end", _("At the end")

    class Weather(models.IntegerChoices):
        STORM = 1, _("Stormy")
        RAIN = 2, _("Rainy")
        CLOUDS = 3, _("Cloudy")
        SUN_AND_CLOUDS = 4, _("Sunny spells")
        SUN = 5, _("Sunny")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="moods")
    moment = models.CharField(max_length=5, choices=Moment.choices)
    value = models.PositiveSmallIntegerField(choices=Weather.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mood")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "moment"], name="consultations_one_mood_per_moment"
            )
        ]

    def __str__(self):
        return labelled(self.get_moment_display(), self.get_value_display())


class Commitment(models.Model):
    """A pledge ("what can you do") turned into a commitment with a person and a date."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="commitments")
    text = models.CharField(_("commitment"), max_length=300)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("person"),
    )
    person_name = models.CharField(_("or name"), max_length=120, blank=True)
    due_on = models.DateField(_("due on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(person_name=""),
                name="consultations_commitment_has_person",
            )
        ]

    def __str__(self):
        return self.text


class Statement(models.Model):
    """A statement sent back to participants in Delphi rounds: a theme's synthesis
    statement, or one a facilitator wrote between rounds."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.CharField(_("statement"), max_length=NOTE_MAX_LENGTH)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        verbose_name = _("statement")

    def __str__(self):
        return self.text[:80]


class Vote(models.Model):
    """One participant's answer on one statement in one round. They may change it
    until the round closes; the database keeps a single answer each."""

    class Choice(models.IntegerChoices):
        AGREE = 1, _("Agree")
        PASS = 0, _("Pass")
        DISAGREE = -1, _("Disagree")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    choice = models.SmallIntegerField(choices=Choice.choices, null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    comment = models.CharField(_("comment"), max_length=NOTE_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # Where a participant without an account last answered from, as keyed hashes: for
    # the limits of consultations/limits.py and what those who run it are told.
    ip_hash = models.CharField(max_length=64, blank=True)
    device_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("vote")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "statement", "participant"],
                name="consultations_one_vote_per_statement",
            ),
            models.CheckConstraint(
                condition=(Q(choice__isnull=False) & Q(rating__isnull=True))
                | (Q(choice__isnull=True) & Q(rating__gte=1) & Q(rating__lte=9)),
                name="consultations_vote_choice_or_rating",
            ),
        ]

    def __str__(self):
        answer = self.get_choice_display() if self.choice is not None else self.rating
        return f"{self.statement_id}: {answer}"


# Models by subject, importable from here (Django finds them through this module).
from .models_analysis import Analysis, Proposal  # noqa: E402, F401
from .models_contact import ParticipantContact, RoundNotice  # noqa: E402, F401
from .models_territory import TerritorySynthesis  # noqa: E402, F401
