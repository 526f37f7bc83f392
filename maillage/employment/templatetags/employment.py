"""What other apps' pages ask of employment: whether the collective's page links to it."""

from django import template

register = template.Library()


@register.simple_tag
def employment_link(user, collective):
    """Whether ``user`` gets the link "Employment" on the collective's page: members when
    the collective has a job café or a recruitment operation, coordinators always."""
    from maillage.collectives.rules import is_coordinator
    from maillage.employment.models import Cafe, Operation

    if is_coordinator(user, collective):
        return True
    if not user.has_perm("employment.view_figures", collective):
        return False
    return (
        Cafe.objects.filter(event__collective=collective).exists()
        or Operation.objects.filter(collective=collective).exists()
    )
