"""`/api/listings/` (config/urls.py includes this under /api/): the routes DRF's
DefaultRouter makes, `.json` suffixes included; the API's root is config's."""

from rest_framework.routers import SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns

from listings.views import ListingViewSet

router = SimpleRouter()
router.register("listings", ListingViewSet, basename="listing")

urlpatterns = format_suffix_patterns(router.urls)
