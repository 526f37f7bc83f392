from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("actions", "0007_move_owners")]

    operations = [
        migrations.RemoveIndex(
            model_name="action",
            name="actions_act_owner_i_b4abe9_idx",
        ),
        migrations.RemoveField(
            model_name="action",
            name="owner",
        ),
    ]
