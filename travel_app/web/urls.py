"""The web pages, at the site's root (config/urls.py includes them after /api/ and /admin/)."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("listings/<uuid:listing_id>/", views.listing_detail, name="listing"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("bookings/", views.my_bookings, name="bookings"),
    path("bookings/<uuid:booking_id>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("bookings/<uuid:booking_id>/pay/", views.booking_pay, name="booking-pay"),
    path("payments/return/", views.payment_return, name="payment-return"),
]
