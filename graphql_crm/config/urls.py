"""POST /graphql (GraphiQL in the browser when DEBUG is on), and the admin."""

from crm.views import CrmGraphQLView
from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

graphql = CrmGraphQLView.as_view(graphiql=settings.DEBUG)

urlpatterns = [
    # An API for programs, not a form in a browser: no CSRF token to send.
    path("graphql", csrf_exempt(graphql)),
    path("graphql/", csrf_exempt(graphql)),  # the same, for clients that add the slash
    path("admin/", admin.site.urls),
]
