"""What a page says of a group's join code: until when it works."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.core import zones

register = template.Library()


@register.simple_tag
def code_expiry(group, now=None):
    """ "The code works until 14:30." when the code stops working today, with the
    date on another day, as the clock reads in the collective's zone (collectives have
    no zone of their own: the default one). Empty when the code has no end; the code
    "no longer works" once that moment has passed."""
    expires = group.code_expires_at
    if expires is None:
        return ""
    now = now or timezone.now()
    if expires <= now:
        return _("The code no longer works.")
    zone = zones.zone_or_default(zones.DEFAULT_TIME_ZONE)
    local = timezone.localtime(expires, zone)
    at = formats.time_format(local, "TIME_FORMAT")
    if local.date() == timezone.localtime(now, zone).date():
        return _("The code works until %(time)s.") % {"time": at}
    return _("The code works until %(date)s at %(time)s.") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": at,
    }
