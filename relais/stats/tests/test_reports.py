import datetime

from relais.stats import services
from relais.stats.models import ReportSubscription
from relais.stats.tasks import monthly_reports_enqueue


def test_monthly_report_is_mailed_once_with_the_pdf(activities, place, coordinator, mailoutbox):
    subscription = services.report_subscription_create(
        actor=coordinator, email="elu@example.org", scope=place
    )
    monthly_reports_enqueue.call_local()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["elu@example.org"]
    assert "mars 2026" in message.subject or "March 2026" in message.subject
    assert ": 4" in message.body  # 4 accompaniments in the March workshop
    assert message.attachments[0][2] == "application/pdf"
    subscription.refresh_from_db()
    assert services.monthly_report_send(subscription=subscription, today=datetime.date(2026, 4, 10)) is False
    assert ReportSubscription.objects.get().last_sent_on == datetime.date(2026, 4, 10)
