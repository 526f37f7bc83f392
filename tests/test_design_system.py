"""The design system: its guide, its icons and the behaviour of its components."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django_cotton.compiler_regex import CottonCompiler

from maillage.core.icons import ICONS, SPRITE

from .factories import UserFactory

STATIC = Path(settings.BASE_DIR) / "maillage" / "static"


def render(source, **context):
    """Renders a template text as a template file is: cotton's component tags compiled first."""
    return Template(CottonCompiler().process(source)).render(Context(context))


def test_every_icon_is_in_the_vendored_sprite_with_its_licence():
    sprite = (STATIC / SPRITE).read_text()
    symbols = re.findall(r'<symbol id="([a-z0-9-]+)"', sprite)
    assert symbols == list(ICONS)
    assert "ISC License" in (STATIC / SPRITE).with_name("LICENSE").read_text()


def test_an_icon_beside_a_text_is_hidden_and_an_icon_alone_is_named():
    assert 'aria-hidden="true"' in render('{% icon "calendar" %}')
    alone = render('{% icon "x" label="Fermer" %}')
    assert 'role="img" aria-label="Fermer"' in alone and "aria-hidden" not in alone
    with pytest.raises(TemplateSyntaxError, match="Unknown icon"):
        render('{% icon "no-such-icon" %}')


@pytest.mark.django_db
def test_the_guide_is_for_staff_and_shows_every_component():
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/guide/").content.decode()
    for component in (
        'class="page-header"',
        'class="breadcrumb"',
        'class="tabs"',
        'class="card ',
        'class="disclosure"',
        'class="menu"',
        'class="empty"',
        'class="badge badge-ok"',
        'class="stats"',
        'class="pagination"',
    ):
        assert component in page, component
    for name in ICONS:
        assert f'#{name}"' in page, name
    client.force_login(UserFactory())
    assert client.get("/guide/").status_code == 403


@pytest.mark.django_db
def test_messages_are_toasts_an_error_is_an_alert():
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/guide/?toasts=1").content.decode()
    assert page.count('class="toast toast-success"') == 1
    assert 'class="toast toast-error" role="alert"' in page
    assert page.count('class="toast-close"') == 2


def test_a_disclosure_loads_its_form_with_htmx_and_links_to_it_without():
    html = render('<c-disclosure summary="Ajouter" url="/formulaire/" />')
    assert 'hx-get="/formulaire/"' in html and 'hx-trigger="toggle once"' in html
    assert 'hx-select="[data-disclosure-content]"' in html
    assert '<a href="/formulaire/">' in html and " open" not in html
    shown_again = render(
        '<c-disclosure summary="Ajouter" open="1"><form>erreurs</form></c-disclosure>'
    )
    assert "<form>erreurs</form>" in shown_again and "hx-get" not in shown_again
    assert '<details class="disclosure" open' in shown_again
