"""Staff, teams, roles and partner agencies; sign-in."""
