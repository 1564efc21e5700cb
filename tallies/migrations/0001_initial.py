"""The tallies' models, taken over from the `activities` app (#14) without touching the database: this migration
only tells Django's state that the tables activities.0001 created (still named activities_*) now belong to this app.
activities.0004 then drops them from the old app's state and moves the content types; 0002 renames the tables."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('activities', '0003_protected_uploads'),
        ('antqcore', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='HistoricalReportingBody',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('kind', models.CharField(choices=[('fatherland_front', 'Fatherland Front committee'), ('youth_union', 'Youth Union'), ('labour_federation', 'Labour Federation'), ('department', 'Provincial department'), ('district_committee', 'District steering committee'), ('police', 'Police unit'), ('media', 'Media'), ('other', 'Other body')], max_length=30, verbose_name='kind')),
                        ('period_type', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter'), ('year', 'Year')], default='quarter', max_length=10, verbose_name='reporting period')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'activities_historicalreportingbody',
                        'verbose_name': 'historical reporting body',
                        'verbose_name_plural': 'historical reporting bodies',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('unit_of_measure', models.CharField(max_length=60, verbose_name='unit of measure')),
                        ('category', models.CharField(choices=[('propaganda', 'Propaganda'), ('media', 'Media'), ('training', 'Training'), ('fire_safety', 'Fire safety'), ('enforcement', 'Enforcement'), ('tips', 'Tips from the public'), ('other', 'Other')], max_length=20, verbose_name='category')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('not_below', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='tallies.indicator', verbose_name='not below')),
                    ],
                    options={
                        'db_table': 'activities_indicator',
                        'verbose_name': 'indicator',
                        'verbose_name_plural': 'indicators',
                        'ordering': ['category', 'order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalIndicator',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('unit_of_measure', models.CharField(max_length=60, verbose_name='unit of measure')),
                        ('category', models.CharField(choices=[('propaganda', 'Propaganda'), ('media', 'Media'), ('training', 'Training'), ('fire_safety', 'Fire safety'), ('enforcement', 'Enforcement'), ('tips', 'Tips from the public'), ('other', 'Other')], max_length=20, verbose_name='category')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('not_below', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tallies.indicator', verbose_name='not below')),
                    ],
                    options={
                        'db_table': 'activities_historicalindicator',
                        'verbose_name': 'historical indicator',
                        'verbose_name_plural': 'historical indicators',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ReportingBody',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('kind', models.CharField(choices=[('fatherland_front', 'Fatherland Front committee'), ('youth_union', 'Youth Union'), ('labour_federation', 'Labour Federation'), ('department', 'Provincial department'), ('district_committee', 'District steering committee'), ('police', 'Police unit'), ('media', 'Media'), ('other', 'Other body')], max_length=30, verbose_name='kind')),
                        ('period_type', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter'), ('year', 'Year')], default='quarter', max_length=10, verbose_name='reporting period')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('indicators', models.ManyToManyField(blank=True, related_name='bodies', to='tallies.indicator', verbose_name='indicators reported (data set)')),
                    ],
                    options={
                        'db_table': 'activities_reportingbody',
                        'verbose_name': 'reporting body',
                        'verbose_name_plural': 'reporting bodies',
                        'ordering': ['kind', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalTallyValue',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('period_type', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter'), ('year', 'Year')], max_length=10, verbose_name='period type')),
                        ('period_start', models.DateField(verbose_name='period start')),
                        ('period_end', models.DateField(verbose_name='period end')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='value')),
                        ('more_than', models.BooleanField(default=False, help_text='The value was reported as “more than” this number.', verbose_name='more than')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('entered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('indicator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tallies.indicator', verbose_name='indicator')),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tallies.reportingbody', verbose_name='reporting body')),
                    ],
                    options={
                        'db_table': 'activities_historicaltallyvalue',
                        'verbose_name': 'historical tally value',
                        'verbose_name_plural': 'historical tally values',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='TallyValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_type', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter'), ('year', 'Year')], max_length=10, verbose_name='period type')),
                        ('period_start', models.DateField(verbose_name='period start')),
                        ('period_end', models.DateField(verbose_name='period end')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='value')),
                        ('more_than', models.BooleanField(default=False, help_text='The value was reported as “more than” this number.', verbose_name='more than')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='tallies.reportingbody', verbose_name='reporting body')),
                        ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='tallies.indicator', verbose_name='indicator')),
                    ],
                    options={
                        'db_table': 'activities_tallyvalue',
                        'verbose_name': 'tally value',
                        'verbose_name_plural': 'tally values',
                        'indexes': [models.Index(fields=['indicator', 'period_end'], name='activities_value_ind_end')],
                        'constraints': [models.UniqueConstraint(fields=('indicator', 'body', 'area', 'period_start', 'period_end'), name='activities_one_value_per_cell'), models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='activities_value_not_negative'), models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='activities_period_ordered')],
                    },
                ),
        ]),
    ]
