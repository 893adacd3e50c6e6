"""The forms of the web pages. They parse and label what a person types; the rules live
where the API's do: listings/filters.py (search and availability), bookings/services.py
(booking), accounts/serializers.py (sign-up)."""

from __future__ import annotations

from typing import Any

from accounts.models import Role, User
from accounts.serializers import RegisterSerializer
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from listings.filters import ListingFilter


def date_input() -> forms.DateInput:
    """A browser's date picker; the value it sends is YYYY-MM-DD."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


SEARCH_FIELDS = {
    "location": "Where",
    "check_in": "Check-in",
    "check_out": "Check-out",
    "guests": "Guests",
}


class SearchFilter(ListingFilter):
    """The API's listing filter, the availability rule included, with only the fields
    the search form shows, labelled for people."""

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form: forms.Form = super().form  # built once, then kept in self._form
            for name in list(form.fields):
                if name not in SEARCH_FIELDS:
                    del form.fields[name]  # no field, no filter: it filters by cleaned_data
            form.order_fields(SEARCH_FIELDS)
            form.label_suffix = ""
            for name, label in SEARCH_FIELDS.items():
                form.fields[name].label, form.fields[name].help_text = label, ""
            form.fields["location"].widget.attrs.update(placeholder="Lisbon, Kyoto...")
            for name in ("check_in", "check_out"):
                form.fields[name].widget = date_input()
            form.fields["guests"].widget = forms.NumberInput(attrs={"min": 1})
        return self._form


class BookingForm(forms.Form):
    """Dates and guests, parsed; booking_create decides whether they make a booking."""

    start_date = forms.DateField(label="Check-in", widget=date_input())
    end_date = forms.DateField(label="Check-out", widget=date_input())
    guests = forms.IntegerField(label="Guests", initial=1, widget=forms.NumberInput)

    def __init__(self, *args: Any, max_guests: int, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["guests"].widget.attrs.update(min=1, max=max_guests)


class SignupForm(forms.Form):
    """The fields of the API's sign-up, for a page; RegisterSerializer validates them."""

    first_name = forms.CharField(
        label="First name", widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Last name", widget=forms.TextInput({"autocomplete": "family-name"})
    )
    email = forms.CharField(label="E-mail", widget=forms.EmailInput({"autocomplete": "email"}))
    password = forms.CharField(
        label="Password",
        help_text="At least 8 characters, not only digits, not a common one.",
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(
        label="I want to",
        choices=((Role.GUEST, "book places (guest)"), (Role.HOST, "list my places (host)")),
        initial=Role.GUEST,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)

    def clean(self) -> dict[str, Any]:
        """The API's rules: a free e-mail (in lower case), a strong password, guest or host."""
        data = super().clean() or {}
        typed = {name: self.data.get(name, "") for name in self.fields}
        serializer = RegisterSerializer(data=typed)
        if serializer.is_valid():
            self.serializer = serializer
            return data
        for field, messages in serializer.errors.items():
            name = field if field in self.fields else None
            if name is None or name not in self.errors:  # one message per field is enough
                self.add_error(name, messages)
        return data

    def save(self) -> User:
        user: User = self.serializer.save()
        return user


class LoginForm(AuthenticationForm):
    """Django's sign-in form (its checks and messages), with an e-mail input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["username"].label = "E-mail"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254}
        )
