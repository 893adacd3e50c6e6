"""POST /graphql (GraphiQL in the browser when DEBUG is on), and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene.validation import depth_limit_validator
from graphene_django.views import GraphQLView

graphql = GraphQLView.as_view(
    graphiql=settings.DEBUG,
    validation_rules=(depth_limit_validator(max_depth=settings.GRAPHQL_MAX_DEPTH),),
)

urlpatterns = [
    # An API for programs, not a form in a browser: no CSRF token to send.
    path("graphql", csrf_exempt(graphql)),
    path("graphql/", csrf_exempt(graphql)),  # the same, for clients that add the slash
    path("admin/", admin.site.urls),
]
