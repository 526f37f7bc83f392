"""Small helpers for the words the site writes about people."""

from django.utils.translation import gettext as _


def names_list(names):
    """Names joined as a sentence says them, in the current language: "A", "A and B",
    "A, B and C" (in French "A, B et C"). Empty names are left out."""
    names = [str(name) for name in names if name and str(name).strip()]
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
