"""Demo open data: every built-in dataset generated and published (after validation)."""

from relais.opendata import services


def load(demo) -> str:
    results = services.regenerate_builtin_datasets()
    published = [key for key, ok in results.items() if ok]
    return f"{len(published)} built-in datasets published ({', '.join(published)})"
