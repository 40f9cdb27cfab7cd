"""axe-core on each public page, with place A filled by the demo loaders: no serious or critical violation."""

import pytest

from e2e.conftest import axe_violations, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violation(page, demo_place):
    from relais.fablab.models import Machine
    from relais.knowledge.models import Article
    from relais.programme.models import Event

    machine = Machine.objects.filter(place=demo_place).first()
    article = Article.objects.filter(status="published", is_hidden=False).first()
    event = Event.objects.filter(place=demo_place).first()
    pages = [
        "/",
        "/agenda/",
        f"/agenda/evenements/{event.pk}/",
        f"/lieux/{demo_place.slug}/",
        "/donnees/",
        "/ressources/",
        f"/ressources/articles/{article.slug}/",
        "/projets/galerie/",
        f"/fablab/lieux/{demo_place.slug}/machines/",
        f"/fablab/lieux/{demo_place.slug}/machines/{machine.slug}/",
        f"/fablab/lieux/{demo_place.slug}/machines/{machine.slug}/signaler/",
        "/ressources/contribuer/",
    ]
    found = {}
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    save_screenshot(page, "public-pages")
    assert found == {}
    assert page.console_problems == []
