"""Relais: the platform of digital-mediation places."""
