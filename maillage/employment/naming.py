"""How the collective's log names a job seeker: by number, never by name."""

from django.utils.translation import gettext as _


def seeker_number(pk):
    """A seeker by number, never by name: the text of objects the collective's log keeps
    (``str()`` of a wish, a meeting, an outcome…) must not name a job seeker."""
    return str(_("Job seeker no. %(number)s") % {"number": pk})
