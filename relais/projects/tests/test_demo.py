from django.utils import timezone

from relais.core import demo as core_demo
from relais.projects import demo
from relais.projects.models import EventOutput, Partner, Project, ProjectEvent


def test_demo_loads_directory_projects_and_past_event_idempotently(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    context = core_demo.load_core()
    first = demo.load(context)
    second = demo.load(context)
    assert first == second
    assert Partner.objects.count() >= 24
    assert set(Project.objects.values_list("status", flat=True)) == {"idea", "in_progress", "done"}
    benches = Project.objects.get(title__startswith="Bancs")
    totals = benches.budget_totals()
    assert totals["balance"] == 0 and totals["expenses"] > 0
    assert all(getattr(benches, name) for name in Project.BRIEF_FIELDS + Project.CANVAS_FIELDS)
    link = ProjectEvent.objects.get()
    assert link.event.sessions.get().end_at < timezone.now()
    assert EventOutput.objects.filter(project_event=link).count() == 3
    assert Project.objects.published().count() == 1
    lamps = Project.objects.published().get()
    assert all(step.photo and step.photo_alt for step in lamps.steps.all())
