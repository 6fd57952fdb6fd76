"""Shared building blocks with no domain name: base model, state moves, GOV.UK rendering."""
