# Invitations carry a random secret of their own: links made from the number alone,
# signed with the site's key, are no longer enough.

import secrets

from django.db import migrations, models

import maillage.collectives.models


def give_each_its_own_secret(apps, schema_editor):
    # AddField fills existing rows with one value; each invitation needs its own.
    Invitation = apps.get_model("collectives", "Invitation")
    for invitation in Invitation.objects.only("pk"):
        Invitation.objects.filter(pk=invitation.pk).update(secret=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [
        ("collectives", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="secret",
            field=models.CharField(
                default=maillage.collectives.models.new_invitation_secret,
                editable=False,
                max_length=64,
            ),
        ),
        migrations.RunPython(give_each_its_own_secret, migrations.RunPython.noop),
    ]
