"""Settings of the task consumer that the worker-crash test starts: the project's, with its mail server."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "relais.core.tests.worker_mail.StallOnceBackend"
