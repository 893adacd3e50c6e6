"""The GraphQL endpoint: graphene-django's view with graphql-core's standard validation,
this module's limits (crm/limits.py), and no internal exception text in an answer."""

from __future__ import annotations

import logging
from typing import Any

from graphene_django.views import GraphQLView
from graphql import ExecutionResult, GraphQLError, specified_rules

from crm.limits import QueryLimits, text_problem

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Internal server error"


class CrmGraphQLView(GraphQLView):
    # Every specified rule (unknown fields, arguments and fragments, fragment cycles,
    # variable types, ...) and then the limits: passing only the limits would replace them.
    validation_rules = (*specified_rules, QueryLimits)

    def execute_graphql_request(
        self, request: Any, data: Any, query: Any, *args: Any, **kwargs: Any
    ) -> ExecutionResult | None:
        problem = text_problem(query) if isinstance(query, str) else None
        if problem is not None:
            return ExecutionResult(data=None, errors=[problem])
        return super().execute_graphql_request(request, data, query, *args, **kwargs)

    @staticmethod
    def format_error(error: Exception) -> dict[str, Any]:
        """A resolver's own GraphQLError as it is; any other exception raised while
        resolving (a database error, a bug) logged, and answered without its text."""
        if (
            isinstance(error, GraphQLError)
            and error.path is not None
            and not isinstance(error.original_error, GraphQLError | None)
        ):
            logger.error(
                "GraphQL field %s failed",
                ".".join(map(str, error.path)),
                exc_info=error.original_error,
            )
            error = GraphQLError(INTERNAL_ERROR, error.nodes, path=error.path)
        formatted: dict[str, Any] = GraphQLView.format_error(error)
        return formatted
