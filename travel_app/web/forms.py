"""The forms of the web pages. They parse and label what a person types; the rules live
where the API's do: listings/filters.py (search and availability), bookings/services.py
(booking), accounts/services.py (sign-up)."""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from accounts.services import check_password, new_email
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
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
    """Dates and guests, parsed and named as the model and services.Stay name them;
    booking_create decides whether they make a booking."""

    start_date = forms.DateField(label="Check-in", widget=date_input())
    end_date = forms.DateField(label="Check-out", widget=date_input())
    guests = forms.IntegerField(label="Guests", initial=1, widget=forms.NumberInput)

    def __init__(self, *args: Any, max_guests: int, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["guests"].widget.attrs.update(min=1, max=max_guests)


# The API's (DRF's) words for a value too long, so a page and the API say the same.
TOO_LONG = {"max_length": "Ensure this field has no more than %(limit_value)d characters."}


class SignupForm(forms.Form):
    """The API's sign-up fields and limits, for a page; then the sign-up rules of
    accounts/services.py, applied as RegisterSerializer applies them."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages=TOO_LONG,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages=TOO_LONG,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        error_messages=TOO_LONG,
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=128,
        error_messages=TOO_LONG,
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

    def clean_email(self) -> str:
        """A free address, in lower case."""
        return new_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        """A strong password, judged (as the API does) once every other field is valid:
        the validators compare it with the person's name and address."""
        data = super().clean() or {}
        if not self.errors:
            names = {key: data[key] for key in ("email", "first_name", "last_name")}
            try:
                check_password(data["password"], **names)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class LoginForm(AuthenticationForm):
    """Django's sign-in form (its checks and messages), with an e-mail input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["username"].label = "E-mail"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254}
        )
