from django.db import migrations, models


def close_all_but_one_open_round(apps, schema_editor):
    """Before the rule holds in the database: where a consultation has several open
    rounds (services never left it so), the latest stays open, the others close."""
    Round = apps.get_model("consultations", "Round")
    kept = {}
    for round_ in Round.objects.filter(status="open").order_by("consultation_id", "-number"):
        if round_.consultation_id in kept:
            Round.objects.filter(pk=round_.pk).update(status="closed")
        else:
            kept[round_.consultation_id] = round_.pk


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_participant_origin"),
    ]

    operations = [
        migrations.RunPython(close_all_but_one_open_round, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("consultation",),
                name="consultations_one_open_round",
                violation_error_message="Another round of this consultation is open.",
            ),
        ),
    ]
