"""Content-Security-Policy and Permissions-Policy on every kind of response, and the
participant's cookie sent over HTTPS only in production.

The permission matrix (test_permissions.py) checks the same headers on every URL
for every persona; the browser tests check that no page breaks the policy.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from maillage.collectives.models import Visibility
from maillage.consultations.access import cookie_name, remember_participant

from .consultations.workshop import build_workshop
from .factories import ParticipantFactory
from .security import assert_security_headers

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workshop(world):
    return build_workshop(world)


@pytest.fixture
def public(world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    return world


def test_pages_errors_feeds_and_documents_carry_both_headers(client, public, workshop):
    slug = public.collective.slug
    consultation = workshop.consultation
    pages = {
        reverse("core:home"): 200,
        reverse("accounts:login"): 200,
        reverse("collectives:detail", args=[slug]): 200,
        reverse("events:agenda", args=[slug]): 200,
        reverse("events:ical_feed", args=[slug]): 200,
        reverse("events:atom_feed", args=[slug]): 200,
        reverse("consultations:report_pdf", args=[slug, consultation.pk]): 200,
        "/nulle-part/": 404,
        reverse("core:dashboard"): 302,
    }
    for path, status in pages.items():
        response = client.get(path)
        assert response.status_code == status, path
        assert_security_headers(response, path)
    client.force_login(public.outsider)
    response = client.get(reverse("audit:log", args=[slug]))
    assert response.status_code == 403
    assert_security_headers(response, "403")


def test_the_server_error_page_carries_both_headers(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr("maillage.home.views.render", broken)
    response = Client(raise_request_exception=False).get(reverse("core:home"))
    assert response.status_code == 500
    assert_security_headers(response, "500")


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_carry_both_headers(db):
    response = Client().get("/static/css/ds/components.css")
    assert response.status_code == 200
    assert_security_headers(response, "static file")


def test_htmx_may_not_inject_its_style_nor_evaluate_code(client, db):
    """The policy forbids inline style and eval: htmx is told not to use them, and
    our stylesheet carries the indicator rules htmx would have injected."""
    page = client.get(reverse("core:home")).content.decode()
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page


@pytest.mark.parametrize("secure", [True, False])
def test_the_participant_cookie_is_secure_where_the_session_cookie_is(world, workshop, secure):
    participant = ParticipantFactory(group=workshop.group)
    with override_settings(SESSION_COOKIE_SECURE=secure):
        response = remember_participant(HttpResponse(), participant)
    cookie = response.cookies[cookie_name(workshop.consultation)]
    assert bool(cookie["secure"]) is secure
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_joining_sets_the_cookie_by_the_setting(world, workshop, settings):
    """Joining a workshop with its code, as on a phone."""
    settings.SESSION_COOKIE_SECURE = True
    response = Client().post(
        reverse("consultations:join"),
        {"code": workshop.group.join_code, "display_name": "Dominique"},
    )
    assert response.status_code == 302
    assert response.cookies[cookie_name(workshop.consultation)]["secure"] is True


PRODUCTION_COOKIE = """
import django; django.setup()
from types import SimpleNamespace
from django.http import HttpResponse
from maillage.consultations.access import remember_participant
participant = SimpleNamespace(consultation=SimpleNamespace(pk=7), token="t")
print(remember_participant(HttpResponse(), participant).cookies["maillage_participant_7"]["secure"])
"""


def test_production_sends_the_participant_cookie_over_https_only():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "maillage.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://maillage.example.org",
        "SITE_URL": "https://maillage.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_COOKIE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
