from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from maillage.accounts.models import User
from maillage.accounts.services import create_account
from maillage.core.errors import DomainError

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def _signup(client, **overrides):
    data = {
        "email": "louise.favre@example.org",
        "display_name": "Louise Favre",
        "password1": "un mot de passe solide",
        "password2": "un mot de passe solide",
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data)


def test_signup_opens_an_account_and_logs_in(client):
    response = _signup(client, email="Louise.Favre@Example.org")
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "louise.favre@example.org"
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "pas-une-adresse"}, "email", "adresse de courriel valide"),
        ({"password2": "autre chose"}, "password2", "différent"),
        ({"password1": "1234", "password2": "1234"}, "password1", "trop court"),
        ({"display_name": ""}, "display_name", "obligatoire"),
    ],
)
def test_signup_bad_input_is_explained_in_french_and_keeps_what_was_typed(
    client, overrides, field, message
):
    response = _signup(client, **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]).lower()
    assert form["display_name"].value() == overrides.get("display_name", "Louise Favre")
    assert not User.objects.exists()


def test_an_address_is_used_by_one_account_only_whatever_its_case(client):
    UserFactory(email="louise.favre@example.org")
    response = _signup(client, email="LOUISE.FAVRE@example.org")
    assert "existe déjà" in " ".join(response.context["form"].errors["email"])
    with pytest.raises(DomainError):
        create_account(email="Louise.Favre@example.org", display_name="L", password="x")
    assert User.objects.count() == 1


def test_login_is_by_email_without_case(client):
    UserFactory(email="amina@example.org")
    response = client.post(LOGIN, {"username": "Amina@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")


def test_repeated_failed_logins_lock_out_with_a_clear_message(client, settings):
    UserFactory(email="amina@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        # Changing the address's case does not buy more attempts.
        address = "Amina@Example.org" if attempt % 2 else "amina@example.org "
        response = client.post(LOGIN, {"username": address, "password": "faux"})
        assert response.status_code == 200
        assert response.context["form"].errors
    response = client.post(LOGIN, {"username": "amina@example.org", "password": "faux"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    # Locked out: even the right password is refused during the cool-off.
    response = client.post(LOGIN, {"username": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_logging_in_is_paused(client, settings):
    """The pause is the one the settings give (AXES_COOLOFF_MINUTES), not a fixed 15."""
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    UserFactory(email="amina@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": "amina@example.org", "password": "faux"})
    assert response.status_code == 429
    assert "pendant 40 minutes" in response.content.decode()


def test_password_reset_mail_goes_through_the_task_queue_in_the_persons_language(client):
    UserFactory(email="anna@example.org", language="en")
    response = client.post(reverse("accounts:password_reset"), {"email": "ANNA@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "choose a new password" in message.body
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.context["validlink"] is True


def test_the_language_choice_is_kept_on_the_account(client):
    user = UserFactory(language="fr")
    client.force_login(user)
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    # A new device (no language cookie) still gets English for this person.
    other_device = type(client)()
    other_device.force_login(user)
    page = other_device.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="en">' in page and "My collectives" in page


def test_anonymous_visitors_get_french_by_default(client):
    page = client.get(reverse("core:home")).content.decode()
    assert '<html lang="fr">' in page
    assert "Se connecter" in page or "Connexion" in page


def test_profile_bad_language_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Nouveau nom", "language": "xx"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    user.refresh_from_db()
    assert user.language == "fr"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: fall back
    ],
)
def test_lockouts_count_the_real_client_behind_proxies(settings, rf, proxies, forwarded, expected):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert get_client_ip_address(request) == expected
