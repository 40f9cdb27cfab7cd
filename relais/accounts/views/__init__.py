"""Account pages: sign-in and passwords (auth), profile and API tokens, roles of a place, invitations."""
