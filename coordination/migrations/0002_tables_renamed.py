"""The tables taken over from `activities` (0001) get the app's names: coordination_document, _documentcitation,
_agreement, _inspection and their history tables, and the constraints and indexes named in the models get the app's
prefix. Renames only: no row is copied."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
        ("activities", "0004_handed_over"),
    ]

    operations = [
        migrations.AlterModelTable(name="document", table=None),
        migrations.AlterModelTable(name="historicaldocument", table=None),
        migrations.AlterModelTable(name="documentcitation", table=None),
        migrations.AlterModelTable(name="agreement", table=None),
        migrations.AlterModelTable(name="historicalagreement", table=None),
        migrations.AlterModelTable(name="inspection", table=None),
        migrations.AlterModelTable(name="historicalinspection", table=None),
        migrations.RenameIndex(model_name="documentcitation", new_name="coordination_citation_record",
                               old_name="activities_citation_record"),
        migrations.RenameIndex(model_name="inspection", new_name="coordination_inspection_date",
                               old_name="activities_inspection_date"),
        migrations.RemoveConstraint(model_name="document", name="activities_document_unique"),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(fields=("number", "issued_on"), name="coordination_document_unique"),
        ),
        migrations.RemoveConstraint(model_name="documentcitation", name="activities_citation_unique"),
        migrations.AddConstraint(
            model_name="documentcitation",
            constraint=models.UniqueConstraint(fields=("document", "content_type", "object_id"),
                                               name="coordination_citation_unique"),
        ),
    ]
