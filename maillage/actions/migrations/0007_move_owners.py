"""Each action's owner becomes its first (and only) ActionOwner."""

from django.db import migrations


def forwards(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    ActionOwner = apps.get_model("actions", "ActionOwner")
    owned = list(Action.objects.filter(owner__isnull=False).values_list("pk", "owner_id"))
    ActionOwner.objects.bulk_create(
        [ActionOwner(action_id=pk, user_id=user_id, position=0) for pk, user_id in owned],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    """Back to one owner: each action's first owner with an account."""
    Action = apps.get_model("actions", "Action")
    ActionOwner = apps.get_model("actions", "ActionOwner")
    firsts = ActionOwner.objects.filter(user__isnull=False).order_by("action_id", "position", "pk")
    owner_of = {}
    for action_id, user_id in firsts.values_list("action_id", "user_id"):
        owner_of.setdefault(action_id, user_id)
    for action_id, user_id in owner_of.items():
        Action.objects.filter(pk=action_id).update(owner_id=user_id)


class Migration(migrations.Migration):
    dependencies = [("actions", "0006_action_owners")]

    operations = [migrations.RunPython(forwards, backwards)]
