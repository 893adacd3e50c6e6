"""Sign-up: its rules and its write.

The API's RegisterSerializer and the web's SignupForm each parse their own input (JSON,
a posted form) and then apply the same rules from here, so a person meets the same
messages on either; both create the account with user_register.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from accounts.models import Role, User
from accounts.selectors import email_taken

SIGN_UP_ROLES = (Role.GUEST, Role.HOST)  # never an admin: that is the platform's choice


def new_email(email: str) -> str:
    """The address as it will be stored (trimmed, lower case), if no account has it."""
    email = email.strip().lower()
    if email_taken(email):
        raise ValidationError("A user with this e-mail address already exists.", code="unique")
    return email


def check_password(password: str, *, email: str, first_name: str, last_name: str) -> None:
    """Django's AUTH_PASSWORD_VALIDATORS on the user to be, so a password like the
    person's name or address is refused; a ValidationError lists every reason."""
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, candidate)


def user_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    phone_number: str = "",
    role: str = Role.GUEST,
) -> User:
    """A guest's or a host's account, from input the caller validated with new_email and
    check_password. Whoever calls it, it makes no admin."""
    if role not in SIGN_UP_ROLES:
        raise ValueError(f"sign-up makes guests and hosts, not {role!r}")
    return User.objects.create_user(
        email,
        password,
        first_name=first_name,
        last_name=last_name,
        phone_number=phone_number,
        role=role,
    )
