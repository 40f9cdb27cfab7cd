"""Demo open data: every built-in dataset generated and published (after validation)."""

from relais.opendata import services
from relais.opendata.models import Dataset


def load(demo) -> str:
    if Dataset.objects.filter(builtin_key__isnull=False).exclude(builtin_key="").exists():
        return "built-in datasets already published (relais publish_datasets refreshes them)"
    results = services.regenerate_builtin_datasets()
    published = [key for key, ok in results.items() if ok]
    return f"{len(published)} built-in datasets published ({', '.join(published)})"
