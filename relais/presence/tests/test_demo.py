from relais.core.demo import load_core
from relais.presence import demo
from relais.presence.models import Audit, Subject


def test_demo_loads_a_territory_with_stored_audits_and_is_idempotent(db):
    context = load_core()

    first = demo.load(context)
    second = demo.load(context)

    territory = Subject.objects.territories().get(name="Grand Reims")
    assert territory.members.count() == 3
    assert Audit.objects.filter(status="done").count() == 6
    assert all(member.latest_audit is not None for member in territory.members.all())
    assert "6 audits" in first
    assert "0 audits" in second
