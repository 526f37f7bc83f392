"""`manage.py load_demo`: five real collectives, their real organisations and invented people.

The collectives, organisations and themes are real; every person is invented and
has an @example.org address. State is created through the services, so the
texts have versions and each collective's audit log tells how it came about.
What each domain holds is in its own module of the demo app (accounts.py for the
people, collectives.py, governance.py, consultations.py, meetings.py, projects.py,
events.py, premises.py, employment.py, employers.py, fund.py, planning.py); this command
runs them in order and prints how to log in.

Running the command again creates nothing: people are looked up by e-mail,
organisations by name and collectives by slug. When every collective is
already there, the command only prints how to log in.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from maillage.collectives.models import Collective
from maillage.collectives.services import invitation_url
from maillage.demo import (
    accounts,
    collectives,
    consultations,
    employers,
    employment,
    events,
    fund,
    meetings,
    orientation,
    planning,
    premises,
    projects,
    trace,
)


class Command(BaseCommand):
    help = (
        "Load the demonstration data: five collectives with their organisations, invented "
        "people, texts and history. Running it again creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with the production settings (shared, public password).",
        )

    def handle(self, *args, **options):
        # The demo is written in the site's language (French), whatever language the
        # caller has active: the services name what they create (a consultation's
        # default rounds) in the active language.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(*args, **options)

    def _handle(self, *args, **options):
        module = getattr(settings, "SETTINGS_MODULE", None) or ""
        if module.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo accounts, whose password is public, with the production "
                "settings. Use --allow-production if you really mean it."
            )
        slugs = [spec["slug"] for spec in collectives.COLLECTIVES]
        present = set(Collective.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if present == set(slugs):
            self.stdout.write(
                "Les données de démonstration sont déjà chargées : rien n'a été créé."
            )
        else:
            people = accounts.People()
            loader = collectives.Loader(people)
            made = []
            with transaction.atomic():
                for spec in collectives.COLLECTIVES:
                    if spec["slug"] in present:
                        self.stdout.write(f"« {spec['slug']} » existe déjà : laissé tel quel.")
                        continue
                    made.append(loader.load_collective(spec))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Données de démonstration chargées : {len(made)} collectifs, "
                    f"{people.created} personnes."
                )
            )
            for collective in made:
                self.stdout.write(f"  - {collective.name} ({collective.territory})")
        by_slug = {c.slug: c for c in Collective.objects.filter(slug__in=slugs)}
        self.load_domains(accounts.People().person, by_slug)
        self.print_logins()

    def load_domains(self, person, by_slug):
        """What the collectives do, one domain after another, each after those it builds
        on; each creates only what is missing. ``person(key)`` is one of the demo's people."""
        if {"gt-rte-geneve", "co-acte"} <= set(by_slug):
            consultations.load(person, by_slug["gt-rte-geneve"], by_slug["co-acte"])
        if {"gt-rte-geneve", "pcpe-93"} <= set(by_slug):
            meetings.load(person, by_slug["gt-rte-geneve"], by_slug["pcpe-93"])
        if "pcpe-93" in by_slug:
            projects.load(person, by_slug["pcpe-93"], by_slug.get("ptce-sicoval"))
        events.load(person, by_slug)
        premises.load(person, by_slug.get("ptce-sicoval"))
        orientation.load(person, by_slug.get("socialup"))
        employment.load(person, by_slug.get("pcpe-93"))
        employers.load(person, by_slug.get("pcpe-93"))
        fund.load(person, by_slug.get("pcpe-93"))
        planning.load(person, by_slug)
        # The trace from the Geneva group's notes to a project's result builds on the above.
        trace.load(person, by_slug)

    def print_logins(self):
        write = self.stdout.write
        write("")
        write(f"Pour vous connecter : {settings.SITE_URL}{reverse('accounts:login')}")
        write(f"Mot de passe commun à tous les comptes de démonstration : {accounts.DEMO_PASSWORD}")
        write("")
        for label, email, what in accounts.LOGINS:
            write(f"  {label:<15} {email:<32} {what}")
        invitation = collectives.pending_invitation()
        if invitation is not None:
            write("")
            write(
                f"Invitation en attente pour {invitation.email} (pas encore de compte) : "
                f"{invitation_url(invitation)}"
            )
        codes = consultations.live_codes()
        if codes:
            write("")
            write(
                "Atelier SPIRAL en direct, sans compte (depuis un téléphone ou une autre "
                f"fenêtre) : {settings.SITE_URL}{reverse('consultations:join')}"
            )
            for name, code in codes:
                write(f"  table {name:<16} code {code}")
        write("")
        write(
            "Événements publics, sans compte : "
            f"{settings.SITE_URL}{reverse('events:agenda', args=['socialup'])}"
        )
        for line in planning.summary_lines():
            write(line)
        for line in fund.summary_lines():
            write(line)
        for line in api_lines():
            write(line)
        for line in orientation.summary_lines():
            write(line)
        write("")
        write(
            "Toutes les personnes sont inventées (adresses @example.org) ; les collectifs, "
            "les organisations et les thèmes sont réels."
        )


def api_lines():
    """How to try the open API: public content without a token, then with one."""
    site = settings.SITE_URL
    return [
        "",
        "API ouverte (docs/api.md), le contenu public sans jeton :",
        f"  curl {site}/api/v1/collectives/",
        f"Avec un jeton : connectez-vous (par ex. {accounts.LOGINS[0][1]}), créez-le sur "
        f"{site}{reverse('api_tokens:list')}, puis :",
        f'  curl -H "Authorization: Bearer mlg_…" {site}/api/v1/collectives/gt-rte-geneve/actions/',
    ]
