"""The employment app's periodic jobs (registered in apps.py)."""

from maillage.core import periodic


def register():
    from . import services_after, services_seekers

    periodic.register("employment.send_follow_ups", services_after.send_follow_ups)
    periodic.register("employment.erase_inactive_seekers", services_seekers.erase_inactive_seekers)
