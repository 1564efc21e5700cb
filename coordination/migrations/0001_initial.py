"""The coordination's models, taken over from the `activities` app (#14) without touching the database: this migration
only tells Django's state that the tables activities.0001 created (still named activities_*) now belong to this app.
activities.0004 then drops them from the old app's state and moves the content types; 0002 renames the tables."""

import antqcore.uploads
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('activities', '0003_protected_uploads'),
        ('antqcore', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('units', '0003_search_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Agreement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('regulation', 'Coordination regulation'), ('programme', 'Coordination programme'), ('plan', 'Coordination plan')], max_length=20, verbose_name='kind')),
                        ('number', models.CharField(max_length=100, verbose_name='number and symbol')),
                        ('signed_on', models.DateField(verbose_name='signed on')),
                        ('police_side', models.CharField(choices=[('provincial', 'Provincial police'), ('local', 'Local police unit')], max_length=12, verbose_name='police side')),
                        ('police_unit_name', models.CharField(blank=True, max_length=255, verbose_name='police unit')),
                        ('partner_name', models.CharField(max_length=255, verbose_name='other party')),
                        ('subject', models.TextField(verbose_name='subject')),
                        ('status', models.CharField(choices=[('in_force', 'In force'), ('expired', 'Expired'), ('replaced', 'Replaced')], default='in_force', max_length=12, verbose_name='status')),
                        ('ended_on', models.DateField(blank=True, help_text='The day it expired or was replaced.', null=True, verbose_name='ended on')),
                        ('review_dates', models.JSONField(blank=True, default=list, verbose_name='review dates')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('partner_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='agreements', to='units.unit', verbose_name='other party (unit of the registry)')),
                        ('replaced_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaces', to='coordination.agreement', verbose_name='replaced by')),
                    ],
                    options={
                        'db_table': 'activities_agreement',
                        'verbose_name': 'coordination agreement',
                        'verbose_name_plural': 'coordination agreements',
                        'ordering': ['-signed_on', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='Document',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('doc_type', models.CharField(choices=[('directive', 'Directive'), ('plan', 'Plan'), ('dispatch', 'Official dispatch'), ('guidance', 'Guidance'), ('resolution', 'Resolution'), ('decision', 'Decision'), ('circular', 'Circular'), ('decree', 'Decree'), ('programme', 'Programme'), ('regulation', 'Regulation'), ('report', 'Report'), ('other', 'Other')], max_length=20, verbose_name='type')),
                        ('number', models.CharField(max_length=100, verbose_name='number and symbol')),
                        ('issued_on', models.DateField(verbose_name='date of issue')),
                        ('issuer', models.CharField(max_length=255, verbose_name='issued by')),
                        ('subject', models.TextField(verbose_name='subject')),
                        ('file', antqcore.uploads.ProtectedFileField(blank=True, download_view='coordination:document_file', name_field='file_name', rule='document_file', verbose_name='file')),
                        ('file_name', antqcore.uploads.UploadNameField(blank=True, default='', editable=False, file_field='file', max_length=255, verbose_name='file name')),
                        ('area', models.ForeignKey(help_text='The area of the issuer (the province for central and provincial documents).', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='antqcore.area', verbose_name='area')),
                    ],
                    options={
                        'db_table': 'activities_document',
                        'verbose_name': 'document',
                        'verbose_name_plural': 'documents',
                        'ordering': ['-issued_on', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='DocumentCitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='citations', to='coordination.document', verbose_name='document')),
                    ],
                    options={
                        'db_table': 'activities_documentcitation',
                        'verbose_name': 'citation',
                        'verbose_name_plural': 'citations',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAgreement',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('regulation', 'Coordination regulation'), ('programme', 'Coordination programme'), ('plan', 'Coordination plan')], max_length=20, verbose_name='kind')),
                        ('number', models.CharField(max_length=100, verbose_name='number and symbol')),
                        ('signed_on', models.DateField(verbose_name='signed on')),
                        ('police_side', models.CharField(choices=[('provincial', 'Provincial police'), ('local', 'Local police unit')], max_length=12, verbose_name='police side')),
                        ('police_unit_name', models.CharField(blank=True, max_length=255, verbose_name='police unit')),
                        ('partner_name', models.CharField(max_length=255, verbose_name='other party')),
                        ('subject', models.TextField(verbose_name='subject')),
                        ('status', models.CharField(choices=[('in_force', 'In force'), ('expired', 'Expired'), ('replaced', 'Replaced')], default='in_force', max_length=12, verbose_name='status')),
                        ('ended_on', models.DateField(blank=True, help_text='The day it expired or was replaced.', null=True, verbose_name='ended on')),
                        ('review_dates', models.JSONField(blank=True, default=list, verbose_name='review dates')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('partner_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='other party (unit of the registry)')),
                        ('replaced_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.agreement', verbose_name='replaced by')),
                    ],
                    options={
                        'db_table': 'activities_historicalagreement',
                        'verbose_name': 'historical coordination agreement',
                        'verbose_name_plural': 'historical coordination agreements',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDocument',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('doc_type', models.CharField(choices=[('directive', 'Directive'), ('plan', 'Plan'), ('dispatch', 'Official dispatch'), ('guidance', 'Guidance'), ('resolution', 'Resolution'), ('decision', 'Decision'), ('circular', 'Circular'), ('decree', 'Decree'), ('programme', 'Programme'), ('regulation', 'Regulation'), ('report', 'Report'), ('other', 'Other')], max_length=20, verbose_name='type')),
                        ('number', models.CharField(max_length=100, verbose_name='number and symbol')),
                        ('issued_on', models.DateField(verbose_name='date of issue')),
                        ('issuer', models.CharField(max_length=255, verbose_name='issued by')),
                        ('subject', models.TextField(verbose_name='subject')),
                        ('file', models.TextField(blank=True, max_length=100, verbose_name='file')),
                        ('file_name', antqcore.uploads.UploadNameField(blank=True, default='', editable=False, file_field='file', max_length=255, verbose_name='file name')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, help_text='The area of the issuer (the province for central and provincial documents).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'activities_historicaldocument',
                        'verbose_name': 'historical document',
                        'verbose_name_plural': 'historical documents',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalInspection',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('inspected_on', models.DateField(verbose_name='date')),
                        ('inspecting_body', models.CharField(choices=[('district_committee', 'District steering committee'), ('standing_agency', 'Standing agency (provincial police)'), ('inter_agency', 'Inter-agency team')], max_length=30, verbose_name='inspecting body')),
                        ('subject', models.CharField(max_length=255, verbose_name='subject')),
                        ('findings', models.TextField(blank=True, verbose_name='findings')),
                        ('recommendations', models.TextField(blank=True, verbose_name='recommendations')),
                        ('follow_up_done', models.BooleanField(default=False, verbose_name='follow-up done')),
                        ('follow_up_note', models.TextField(blank=True, verbose_name='follow-up')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='unit inspected')),
                    ],
                    options={
                        'db_table': 'activities_historicalinspection',
                        'verbose_name': 'historical inspection',
                        'verbose_name_plural': 'historical inspections',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Inspection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('inspected_on', models.DateField(verbose_name='date')),
                        ('inspecting_body', models.CharField(choices=[('district_committee', 'District steering committee'), ('standing_agency', 'Standing agency (provincial police)'), ('inter_agency', 'Inter-agency team')], max_length=30, verbose_name='inspecting body')),
                        ('subject', models.CharField(max_length=255, verbose_name='subject')),
                        ('findings', models.TextField(blank=True, verbose_name='findings')),
                        ('recommendations', models.TextField(blank=True, verbose_name='recommendations')),
                        ('follow_up_done', models.BooleanField(default=False, verbose_name='follow-up done')),
                        ('follow_up_note', models.TextField(blank=True, verbose_name='follow-up')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='antqcore.area', verbose_name='area')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='units.unit', verbose_name='unit inspected')),
                    ],
                    options={
                        'db_table': 'activities_inspection',
                        'verbose_name': 'inspection',
                        'verbose_name_plural': 'inspections',
                        'ordering': ['-inspected_on', '-id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='document',
                    constraint=models.UniqueConstraint(fields=('number', 'issued_on'), name='activities_document_unique'),
                ),
                migrations.AddIndex(
                    model_name='documentcitation',
                    index=models.Index(fields=['content_type', 'object_id'], name='activities_citation_record'),
                ),
                migrations.AddConstraint(
                    model_name='documentcitation',
                    constraint=models.UniqueConstraint(fields=('document', 'content_type', 'object_id'), name='activities_citation_unique'),
                ),
                migrations.AddIndex(
                    model_name='inspection',
                    index=models.Index(fields=['inspected_on'], name='activities_inspection_date'),
                ),
        ]),
    ]
