import pytest


@pytest.fixture(autouse=True)
def english_pages(settings):
    """Assert on the English source strings whether or not the French catalogue is compiled."""
    settings.LANGUAGE_CODE = "en"
