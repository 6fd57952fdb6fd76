"""Deadlines: the working-day calendar and the timescale rules."""
