"""Signing in after the password: the second factor (a code from an authenticator app, or a
recovery code), setting it up, an administrator's reset, and changing your own password.

- `services`: who needs a second factor, checking codes, set-up, reset, password change;
- `middleware`: a session without its second factor reaches only the sign-in steps and sign-out;
- `forms`, `views`: the GOV.UK pages.
"""
