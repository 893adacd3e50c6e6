"""`/api/bookings/` and a listing's reviews (config/urls.py includes this under /api/):
the routes DRF's DefaultRouter makes, `.json` suffixes included; the API's root is
config's."""

from django.urls import path
from rest_framework.routers import SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns

from bookings.views import BookingViewSet, ReviewListCreate

router = SimpleRouter()
router.register("bookings", BookingViewSet, basename="booking")

urlpatterns = [
    *format_suffix_patterns(router.urls),
    path(
        "listings/<uuid:listing_id>/reviews/", ReviewListCreate.as_view(), name="listing-reviews"
    ),
]
