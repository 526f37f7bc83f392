"""Fixtures the public events' tests share."""

import pytest
from django.conf import settings


@pytest.fixture
def visitor(client):
    """An anonymous visitor reading the site in English (language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a request and deliver the e-mails it queued."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
