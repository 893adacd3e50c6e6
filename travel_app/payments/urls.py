from django.urls import path

from payments.views import InitiateView, VerifyView, WebhookView

urlpatterns = [
    path("initiate/", InitiateView.as_view(), name="payment-initiate"),
    path("verify/<str:tx_ref>/", VerifyView.as_view(), name="payment-verify"),
    path("webhook/", WebhookView.as_view(), name="payment-webhook"),
]
