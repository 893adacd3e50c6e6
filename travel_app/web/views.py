"""The web pages: search, a listing with its reviews and booking form, sign-up and sign-in,
my bookings (cancel, pay), and the way back from the payment gateway's checkout.

Thin, like the API's views: the filter, selectors and services underneath are the API's
own, so a page cannot book, show or cancel anything the API would refuse. Every form is a
POST with Django's CSRF token; another user's booking is a 404.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from accounts.models import User
from accounts.services import user_register
from bookings import services
from bookings.models import Booking
from bookings.selectors import bookings_visible_to
from config.cache import CacheOptionalThrottle
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from listings.filters import STAY_PARAMS
from listings.models import Listing
from payments.models import Payment, PaymentStatus
from payments.services import PaymentError, payment_initiate, payment_verify

from web.forms import BookingForm, LoginForm, SearchFilter, SignupForm

PAGE_SIZE = 12
REVIEWS_SHOWN = 20
MAX_TX_REF = 100  # ours are far shorter; anything longer is not one
TYPED = ("first_name", "last_name", "email", "role")  # a refused sign-up's form keeps these


def signed_in(request: HttpRequest) -> User:
    """The caller, on a view behind login_required."""
    assert isinstance(request.user, User)
    return request.user


# --- search and listings -------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The search form and its results: the API's filter, availability included."""
    search = SearchFilter(request.GET, queryset=Listing.objects.select_related("host"))
    if not search.is_valid():
        context = {"form": search.form, "page": None}
        return render(request, "web/home.html", context, status=400)
    context = {
        "form": search.form,
        # Counted and fetched only when the results' fragment is rendered, not when the
        # cache holds it (web/templatetags/fragments.py).
        "page": SimpleLazyObject(
            lambda: Paginator(search.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        ),
        "searched": bool(request.GET),
        "stay_query": stay_query(search.form),
    }
    return render(request, "web/home.html", context)


@require_http_methods(["GET", "POST"])
def listing_detail(request: HttpRequest, listing_id: uuid.UUID) -> HttpResponse:
    """A listing, what guests said, and a booking form that calls booking_create."""
    listing = get_object_or_404(Listing.objects.select_related("host"), pk=listing_id)
    if request.method == "POST":
        return listing_booking(request, listing)
    form = BookingForm(initial=stay_from_search(request), max_guests=listing.max_guests)
    return listing_page(request, listing, form)


def listing_page(
    request: HttpRequest, listing: Listing, form: BookingForm, status: int = 200
) -> HttpResponse:
    """The listing's page: its details, its reviews and their average, the booking form."""
    reviews = listing.reviews.select_related("author")
    context = {
        "listing": listing,
        "form": form,
        "reviews": reviews[:REVIEWS_SHOWN],
        # Like the reviews, asked only when their fragment is not in the cache.
        "rating": SimpleLazyObject(
            lambda: reviews.aggregate(average=Avg("rating"), count=Count("pk"))
        ),
    }
    return render(request, "web/listing.html", context, status=status)


def listing_booking(request: HttpRequest, listing: Listing) -> HttpResponse:
    """The booking form posted: the booking, then my bookings; or the listing's page again
    with the refusal by its field (409 when the nights are taken, else 400)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = BookingForm(request.POST, max_guests=listing.max_guests)
    if not form.is_valid():
        return listing_page(request, listing, form, status=400)
    try:
        booking = book(form, listing, signed_in(request))
    except services.BookingError as error:
        add_refusal(form, error)
        return listing_page(request, listing, form, status=error.status)  # the API's status
    messages.success(
        request,
        f"Booking received: {listing.title}, {booking.nights} nights. "
        "It is pending until you pay; the nights are held for you meanwhile.",
    )
    return redirect("web:bookings")  # newest first: this booking is at the top


def book(form: BookingForm, listing: Listing, guest: User) -> Booking:
    """The booking of the form's stay (its fields are services.Stay's), or BookingError."""
    stay = services.Stay(**form.cleaned_data)
    return services.booking_create(listing_id=listing.pk, guest=guest, stay=stay)


def add_refusal(form: Form, error: services.BookingError) -> None:
    """The service's message by the field it names (the form's fields are its words),
    else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def stay_query(form: Form) -> str:
    """`?check_in=...&check_out=...&guests=...` from a valid search, for the listing links:
    the booking form there starts with the stay searched for."""
    data = form.cleaned_data
    stay = {name: data[name] for name in (*STAY_PARAMS, "guests") if data.get(name)}
    return f"?{urlencode(stay)}" if stay else ""


def stay_from_search(request: HttpRequest) -> dict[str, Any]:
    """The search's dates and guests, carried to the booking form when they parse: the
    query's check_in and check_out become the form's start_date and end_date."""
    initial: dict[str, Any] = {"guests": 1}
    for param, field in STAY_PARAMS.items():
        with contextlib.suppress(ValueError):  # the shape of a date, but no such day
            initial[field] = parse_date(request.GET.get(param, "")[:10])
    guests = request.GET.get("guests", "")
    if guests.isdecimal() and len(guests) < 4:  # isdigit() passes "²", which int() refuses
        initial["guests"] = int(guests)
    return initial


# --- accounts --------------------------------------------------------------------------


class SignInThrottle(CacheOptionalThrottle):
    """The API's sign-in allowance (AUTH_THROTTLE_RATE) under the same cache key as the
    API's for an anonymous client: guessing passwords on these pages or on /api/token/
    draws on one budget per client."""

    scope = "auth"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def throttled(request: HttpRequest) -> int | None:
    """None when the client may try; else the seconds to wait."""
    throttle = SignInThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, int(throttle.wait() or 1))


def too_many(form: Form, wait: int) -> Form:
    """An unbound `form` (what was typed as its initial values) saying only how long to
    wait. Bound, it would be validated: the password checked, the e-mail looked up."""
    form.cleaned_data = {}  # add_error() expects it; an unbound form never cleans
    form.add_error(None, f"Too many attempts. Try again in {wait} seconds.")
    return form


class SignInView(LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = throttled(request)
        if wait is not None:
            typed = {"username": request.POST.get("username", "")}
            form = too_many(self.get_form_class()(request, initial=typed), wait)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(wait)
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form again: a wrong e-mail or password
            response.status_code = 400
        return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A guest or host account, checked by the API's sign-up rules and made by the API's
    service (user_register); then signed in."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    status, wait = 200, None
    form = SignupForm()
    if request.method == "POST":
        wait = throttled(request)
        if wait is not None:
            form = too_many(SignupForm(initial={n: request.POST.get(n, "") for n in TYPED}), wait)
            status = 429
        else:
            form = SignupForm(request.POST)
            if form.is_valid():
                user = user_register(**form.cleaned_data)
                login(request, user)  # the one backend in AUTHENTICATION_BACKENDS
                messages.success(request, f"Welcome, {user.first_name}. You are signed in.")
                return redirect(next_url or "web:home")
            status = 400
    response = render(request, "web/signup.html", {"form": form, "next": next_url}, status=status)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response


# --- my bookings -----------------------------------------------------------------------


@login_required
@require_GET
def my_bookings(request: HttpRequest) -> HttpResponse:
    """The API's rule: my bookings as a guest, and the bookings of my listings as a host."""
    user, today = signed_in(request), timezone.localdate()
    bookings = bookings_visible_to(user).select_related("listing", "guest")
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    # Cancel is offered where the service would cancel: one rule for the page and the API.
    cancelable = {
        booking.pk
        for booking in page
        if services.cancel_refusal(booking, by=user, today=today) is None
    }
    context = {"page": page, "today": today, "cancelable": cancelable}
    return render(request, "web/bookings.html", context)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id: uuid.UUID) -> HttpResponse:
    user = signed_in(request)
    booking = get_object_or_404(bookings_visible_to(user), pk=booking_id)
    try:
        services.booking_cancel(booking_id=booking.pk, by=user)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Booking canceled: its nights are free again.")
    return redirect("web:bookings")


# --- paying ------------------------------------------------------------------------------


@login_required
@require_POST
def booking_pay(request: HttpRequest, booking_id: uuid.UUID) -> HttpResponse:
    """A payment for my pending booking, then off to the gateway's checkout page."""
    try:
        payment = payment_initiate(booking_id=booking_id, by=signed_in(request))
    except PaymentError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        context = {"problem": error.message, "booking_id": booking_id}
        return render(request, "web/payment_problem.html", context, status=error.status)
    return redirect(payment.checkout_url)


@login_required
@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    """Where the checkout sends the guest back (Chapa's return_url, with our tx_ref): the
    gateway is asked how it went (payment_verify, which confirms the booking and queues
    the e-mail once), and the page says so. Only the payer's own payment."""
    tx_ref = request.GET.get("tx_ref", "")
    if not tx_ref or len(tx_ref) > MAX_TX_REF:
        context = {"problem": "This link has no valid payment reference (tx_ref)."}
        return render(request, "web/payment_problem.html", context, status=400)
    mine = Payment.objects.filter(booking__guest=signed_in(request))
    payment = get_object_or_404(mine, tx_ref=tx_ref)
    try:
        payment = payment_verify(tx_ref=tx_ref)
    except PaymentError as error:
        context = {"problem": error.message, "booking_id": payment.booking_id}
        return render(request, "web/payment_problem.html", context, status=error.status)
    booking = Booking.objects.select_related("listing").get(pk=payment.booking_id)
    context = {"payment": payment, "booking": booking, "outcome": outcome(payment)}
    return render(request, "web/payment_result.html", context)


def outcome(payment: Payment) -> str:
    """confirmed, refund (paid, but the booking could not take it), failed, or pending."""
    if payment.status == PaymentStatus.COMPLETED:
        return "refund" if payment.refund_reason else "confirmed"
    return "failed" if payment.status == PaymentStatus.FAILED else "pending"
