"""Outcomes: a thread's outcome post, the one reminder its asker gets, and the index of the
lists' "With an outcome" filter. /threads/<id>/outcome/ is now a page of its own, so a thread
whose slug was "outcome" gets the slug a new one would."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def free_the_outcome_address(apps, schema_editor):
    Thread = apps.get_model("forum", "Thread")
    Thread.objects.filter(slug="outcome").update(slug="outcome-thread")


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0008_experience_and_facts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OutcomeReminder',
            fields=[
                ('thread', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='outcome_reminder', serialize=False, to='forum.thread')),
                ('due_at', models.DateTimeField(blank=True, null=True)),
                ('asked_at', models.DateTimeField(blank=True, null=True)),
                ('declined_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.AddField(
            model_name='thread',
            name='outcome',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forum.post'),
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(condition=models.Q(('is_hidden', False), ('outcome__isnull', False)), fields=['-is_pinned', '-last_activity_at'], name='thread_outcome_activity'),
        ),
        migrations.AddIndex(
            model_name='outcomereminder',
            index=models.Index(condition=models.Q(('due_at__isnull', False)), fields=['due_at'], name='outcome_reminder_due'),
        ),
    ]
