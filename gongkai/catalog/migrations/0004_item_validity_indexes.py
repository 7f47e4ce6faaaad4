"""Items by validity, alone or within a column, newest first: the API's listing filter (issue 18)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0003_item_review_digest"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["agency", "state", "validity", "published_on"], name="catalog_item_validity"),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["category", "state", "validity", "published_on"],
                               name="catalog_item_col_validity"),
        ),
    ]
