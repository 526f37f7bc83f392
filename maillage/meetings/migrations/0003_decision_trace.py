"""A decision belongs to a collective (a decision by consultation has no meeting) and may
come from a statement of a closed Delphi round, keeping the round's figures."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models




def collective_from_meeting(apps, schema_editor):
    Decision = apps.get_model("meetings", "Decision")
    Meeting = apps.get_model("meetings", "Meeting")
    for collective_id in Meeting.objects.values_list("collective_id", flat=True).distinct():
        Decision.objects.filter(meeting__collective_id=collective_id).update(
            collective_id=collective_id
        )


class Migration(migrations.Migration):

    dependencies = [
        ('collectives', '0003_invitation_secret'),
        ('consultations', '0002_participant_origin'),
        ('meetings', '0002_invitee_agreement'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='agree_share',
            field=models.FloatField(blank=True, null=True, verbose_name='share agreeing'),
        ),
        migrations.AddField(
            model_name='decision',
            name='collective',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='collectives.collective'),
        ),
        migrations.AddField(
            model_name='decision',
            name='consensus',
            field=models.BooleanField(blank=True, null=True, verbose_name='consensus'),
        ),
        migrations.AddField(
            model_name='decision',
            name='round',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='consultations.round', verbose_name='round'),
        ),
        migrations.AddField(
            model_name='decision',
            name='statement',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='consultations.statement', verbose_name='statement'),
        ),
        migrations.AddField(
            model_name='decision',
            name='votes',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='votes'),
        ),
        migrations.RunPython(collective_from_meeting, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='decision',
            name='collective',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='collectives.collective'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='meetings.meeting'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(condition=models.Q(('statement__isnull', False)), fields=('statement',), name='meetings_decision_one_per_statement'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('statement__isnull', True), ('round__isnull', False), _connector='OR'), name='meetings_decision_statement_has_round'),
        ),
    ]
