from django.db import migrations

CATEGORIES = [
    ("imprimante-3d", "Imprimante 3D", 24),
    ("decoupeuse-laser", "Découpeuse laser", 12),
    ("decoupeuse-vinyle", "Découpeuse vinyle", 36),
    ("fraiseuse-cnc", "Fraiseuse numérique (CNC)", 12),
    ("brodeuse", "Brodeuse numérique", 36),
    ("electronique", "Poste électronique", 24),
    ("informatique", "Poste informatique", 0),
    ("autre", "Autre machine", 24),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("fablab", "Category")
    for position, (slug, name, months) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "validity_months": months, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("fablab", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
