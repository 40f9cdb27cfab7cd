"""Writes of the knowledge app, one module per sub-domain; every change is journalled."""
