"""A pledge becomes one action."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0008_remove_action_owner'),
        ('collectives', '0003_invitation_secret'),
        ('consultations', '0002_participant_origin'),
        ('meetings', '0003_decision_trace'),
        ('projects', '0002_board_content_public_comments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='action',
            constraint=models.UniqueConstraint(condition=models.Q(('commitment__isnull', False)), fields=('commitment',), name='action_one_per_commitment'),
        ),
    ]
