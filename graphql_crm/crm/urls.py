"""The CRM's GraphQL endpoint: POST /graphql (GraphiQL in the browser when DEBUG is on)."""

from django.conf import settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from crm.views import CrmGraphQLView

# An API for programs, not a form in a browser: no CSRF token to send.
graphql = csrf_exempt(CrmGraphQLView.as_view(graphiql=settings.DEBUG))

urlpatterns = [
    path("graphql", graphql),
    path("graphql/", graphql),  # the same, for clients that add the slash
]
