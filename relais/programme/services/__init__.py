"""Programme services: every write to workshops, events, sessions and registrations goes through here.

Split by sub-domain (planning, registrations, attendance); everything is importable from
`relais.programme.services`, which other apps use (`event_create`, `session_create`, `workshop_create`,
`registrations_for_beneficiary`).
"""

from relais.programme.services.attendance import (
    CHECK_IN_OUTCOMES,
    attendance_check_in,
    attendance_close,
    attendance_mark,
    survey_answer_submit,
)
from relais.programme.services.planning import (
    event_create,
    event_update,
    recurrence_rule,
    series_occurrences,
    session_cancel,
    session_create,
    session_update,
    workshop_create,
    workshop_update,
    workshops_for_competences,
)
from relais.programme.services.registrations import (
    clean_contact,
    normalise_phone,
    registration_approve,
    registration_cancel,
    registration_confirm_email,
    registration_create,
    registration_opt_out,
    registration_reject,
    registrations_for_beneficiary,
    reminder_claim,
    reminders_due,
)

__all__ = [
    "CHECK_IN_OUTCOMES",
    "attendance_check_in",
    "attendance_close",
    "attendance_mark",
    "clean_contact",
    "event_create",
    "event_update",
    "normalise_phone",
    "recurrence_rule",
    "registration_approve",
    "registration_cancel",
    "registration_confirm_email",
    "registration_create",
    "registration_opt_out",
    "registration_reject",
    "registrations_for_beneficiary",
    "reminder_claim",
    "reminders_due",
    "series_occurrences",
    "session_cancel",
    "session_create",
    "session_update",
    "survey_answer_submit",
    "workshop_create",
    "workshop_update",
    "workshops_for_competences",
]
