import factory
from django.utils import timezone

from maillage.accounts.models import User
from maillage.collectives.models import (
    Collective,
    Invitation,
    Membership,
    Network,
    NetworkCoordinator,
    Organisation,
    OrganisationKind,
    Role,
    Visibility,
)
from maillage.governance.models import GovernanceText, GovernanceTextVersion, TextKind

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    language = "fr"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Réseau {n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")


class NetworkCoordinatorFactory(factory.django.DjangoModelFactory):
    """A network coordinator; the person must be an active member of ``collective``
    (a collective of the network) for the role to count."""

    class Meta:
        model = NetworkCoordinator

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    collective = factory.SubFactory("tests.factories.CollectiveFactory")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    kind = OrganisationKind.ASSOCIATION


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective

    name = factory.Sequence(lambda n: f"Groupe de travail {n}")
    short_name = factory.Sequence(lambda n: f"GT{n}")
    slug = factory.Sequence(lambda n: f"gt-{n}")
    territory = "Genève"
    region = "GE"
    description = "Un collectif de coopération territoriale."
    visibility = Visibility.PRIVATE
    languages = ["fr"]

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    collective = factory.SubFactory(CollectiveFactory)
    role = Role.MEMBER

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        facilitator = factory.Trait(role=Role.FACILITATOR)
        observer = factory.Trait(role=Role.OBSERVER)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    collective = factory.SubFactory(CollectiveFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    role = Role.MEMBER
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


class GovernanceTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceText
        skip_postgeneration_save = True

    collective = factory.SubFactory(CollectiveFactory)
    kind = TextKind.RAISON_DETRE
    title = "Notre raison d'être"
    body = "Nous nous réunissons pour un revenu de transition écologique."
    updated_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def first_version(self, create, extracted, **kwargs):
        if create:
            GovernanceTextVersion.objects.create(
                text=self,
                number=self.version,
                title=self.title,
                body=self.body,
                author=self.updated_by,
            )


# ------------------------------------------------------------------- consultations


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Consultation"

    collective = factory.SubFactory(CollectiveFactory)
    title = factory.Sequence(lambda n: f"Atelier « Pourquoi sommes-nous là ? » {n}")
    purpose = "Comprendre ce qui nous réunit."
    method = "spiral"
    status = "open"
    created_by = factory.SubFactory(UserFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Question"

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n)
    text = "Qu'est-ce que le bien-être pour vous ?"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Round"

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Contributions"
    kind = "contribute"
    status = "open"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Group"

    consultation = factory.SubFactory(ConsultationFactory)
    name = factory.Sequence(lambda n: f"Table {n}")
    live = True
    code_expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(hours=4))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Participant"

    group = factory.SubFactory(GroupFactory)
    consultation = factory.SelfAttribute("group.consultation")
    display_name = factory.Sequence(lambda n: f"Participant·e {n}")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Note"

    participant = factory.SubFactory(ParticipantFactory)
    group = factory.SelfAttribute("participant.group")
    question = factory.SubFactory(
        QuestionFactory, consultation=factory.SelfAttribute("..group.consultation")
    )
    text = factory.Sequence(lambda n: f"Avoir un logement décent et un travail qui a du sens {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Theme"

    group = factory.SubFactory(GroupFactory)
    consultation = factory.SelfAttribute("group.consultation")
    title = factory.Sequence(lambda n: f"Thème {n}")
    created_by = factory.SubFactory(UserFactory)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Statement"

    consultation = factory.SubFactory(ConsultationFactory)
    text = factory.Sequence(lambda n: f"Le revenu de transition doit soutenir l'emploi local {n}")
    order = factory.Sequence(lambda n: n)
    created_by = factory.SubFactory(UserFactory)


def make_action(*, owners=(), **fields):
    """An action written straight in the database, with its owners in order: people
    (User), organisations (Organisation) or guests (their names)."""
    from maillage.actions.models import Action, ActionOwner
    from maillage.collectives.models import Organisation

    action = Action.objects.create(**fields)
    for position, owner in enumerate(owners):
        if isinstance(owner, Organisation):
            ActionOwner.objects.create(action=action, position=position, organisation=owner)
        elif isinstance(owner, str):
            ActionOwner.objects.create(action=action, position=position, name=owner)
        else:
            ActionOwner.objects.create(action=action, position=position, user=owner)
    return action


def owners_of(action):
    """An action's owners, in order: the User, Organisation or guest name of each."""
    return [
        owner.user or owner.organisation or owner.name
        for owner in action.owners.select_related("user", "organisation")
    ]
