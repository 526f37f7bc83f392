"""Events built through the services, on ``world`` (tests/conftest.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from maillage.collectives.models import Visibility
from maillage.events import services


def build_event(world, *, capacity=2, days_ahead=10, public=True, publish=True, **fields):
    """A round table of the world's collective (made public unless ``public`` is False),
    organised by the world's facilitator, ``days_ahead`` days from now, 18:00–20:00."""
    if public and world.collective.visibility != Visibility.PUBLIC:
        world.collective.visibility = Visibility.PUBLIC
        world.collective.save(update_fields=["visibility"])
    start = (timezone.now() + timedelta(days=days_ahead)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    values = {
        "title": "Table ronde : le revenu de transition écologique en Suisse",
        "kind": "round_table",
        "theme": "Transition écologique",
        "description": "Où en est le **projet pilote** ?",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Maison des associations",
        "address": "Rue des Savoises 15, 1205 Genève",
        "access": "Tram 12, arrêt Plainpalais",
    } | fields
    event = services.create_event(
        actor=world.coordinator,
        collective=world.collective,
        organisers=[world.facilitator],
        capacity=capacity,
        **values,
    )
    if publish:
        event = services.publish_event(actor=world.coordinator, event=event)
    return event


def register(event, number, **more):
    return services.register(
        event=event,
        name=f"Personne {number}",
        email=f"personne{number}@example.org",
        **more,
    )


def event_url(event):
    return reverse("events:event", args=[event.collective.slug, event.pk])


def register_url(event):
    return reverse("events:register", args=[event.collective.slug, event.pk])
