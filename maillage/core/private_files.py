"""Files that are never served as they are (a referral's document, a job seeker's CV):
they are kept in ``private/`` beside MEDIA_ROOT and read back through a view that
checks who asks."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """``private/`` beside MEDIA_ROOT, read at each use (so tests that move MEDIA_ROOT
    move it too), with no URL."""

    @property
    def base_location(self):
        return Path(settings.MEDIA_ROOT).parent / "private"

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no address: serve them through a view.")


def private_storage():
    return PrivateStorage()
