"""Synthetic demo data: a local authority built from national figures."""
