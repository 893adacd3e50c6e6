"""What one GraphQL request may ask, checked before any resolver runs.

Three layers, cheapest first:

- `text_problem`: the document's text, lexed without parsing: at most GRAPHQL_MAX_TOKENS
  tokens and brackets nested at most MAX_NESTING deep. graphql-core's parser recurses
  (a few hundred `{` exhaust Python's stack) and its overlapping-fields rule is quadratic
  in repeated fields, so both are bounded before either runs.
- `QueryLimits`, a validation rule run beside graphql-core's specified rules: depth, aliases,
  the estimated cost, and introspection's nested lists. It walks each operation with its
  fragments expanded, each fragment measured once, so neither a fragment cycle (reported
  by NoFragmentCycles) nor fragments that spread each other twice over can make it loop
  or take exponential time.
- `checked_page`: at run time, the paging arguments (variables included) of every
  connection, top-level or nested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Source,
    TokenKind,
    ValidationRule,
    get_named_type,
)
from graphql.language import Lexer
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from graphql_relay import cursor_to_offset

# Far more than depth GRAPHQL_MAX_DEPTH and a filter object need, far less than the ~300
# levels that exhaust the parser's recursion.
MAX_NESTING = 50
OPENING = {TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L}
CLOSING = {TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R}
# graphql-js's MaxIntrospectionDepthRule: these lists nested 3 deep multiply the schema.
INTROSPECTION_LISTS = {"fields", "interfaces", "possibleTypes", "inputFields"}
MAX_INTROSPECTION_LISTS = 3
META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


def page_size() -> int:
    """The most rows one page of a connection holds, and what an unpaged one returns."""
    return int(settings.GRAPHENE["RELAY_CONNECTION_MAX_LIMIT"])


def text_problem(text: str) -> GraphQLError | None:
    """Why the document's text is refused (too many tokens, nested too deep, or a syntax
    error in a token), found in one pass of the lexer; None when it may be parsed."""
    most = settings.GRAPHQL_MAX_TOKENS
    lexer, tokens, nesting = Lexer(Source(text)), 0, 0
    try:
        while (kind := lexer.advance().kind) != TokenKind.EOF:
            tokens += 1
            nesting += (kind in OPENING) - (kind in CLOSING)
            if tokens > most:
                return GraphQLError(f"The document has more than {most} tokens.")
            if nesting > MAX_NESTING:
                return GraphQLError(f"The document nests more than {MAX_NESTING} brackets deep.")
    except GraphQLSyntaxError as error:
        return error
    return None


@dataclass(frozen=True)
class Measure:
    """What a selection set asks for."""

    depth: int = 0  # fields nested in each other, introspection aside (as graphene counts)
    cost: int = 0  # field values it may resolve: each field once per row around it
    introspection: int = 0  # INTROSPECTION_LISTS nested in each other

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            max(self.depth, other.depth),
            self.cost + other.cost,
            max(self.introspection, other.introspection),
        )


class QueryLimits(ValidationRule):
    """Refuses an operation nested deeper than GRAPHQL_MAX_DEPTH, one that may resolve more
    than GRAPHQL_MAX_COST field values, introspection that nests its lists, and a document
    with more than GRAPHQL_MAX_ALIASES aliases. Limits are read per request (settings)."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.aliases = 0

    def enter_document(self, node: DocumentNode, *_args: Any) -> None:
        fragments = {
            d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
        }
        walker = Walker(self.context.schema, fragments)
        for operation in node.definitions:
            if isinstance(operation, OperationDefinitionNode):
                self.check(operation, walker.operation(operation))

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        self.aliases += node.alias is not None

    def leave_document(self, node: DocumentNode, *_args: Any) -> None:
        most = settings.GRAPHQL_MAX_ALIASES
        if self.aliases > most:
            self.report_error(
                GraphQLError(f"The document uses {self.aliases} aliases; the limit is {most}.")
            )

    def check(self, operation: OperationDefinitionNode, measure: Measure) -> None:
        name = operation.name.value if operation.name else "anonymous"
        depth, cost = settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_COST
        problems = []
        if measure.depth > depth:
            problems.append(f"'{name}' exceeds maximum operation depth of {depth}.")
        if measure.cost > cost:
            problems.append(
                f"'{name}' may resolve {measure.cost:,} field values, more than the limit of "
                f"{cost:,}: each field counts once per row of the connections around it "
                f"(`first` or `last`, else {page_size()})."
            )
        if measure.introspection >= MAX_INTROSPECTION_LISTS:
            problems.append(f"'{name}': maximum introspection depth exceeded.")
        for problem in problems:
            self.report_error(GraphQLError(problem, operation))


class Walker:
    """Measures operations of one document; each fragment is measured once (per side of
    an introspection field) and a fragment met again inside itself counts as nothing."""

    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]):
        self.schema, self.fragments = schema, fragments
        self.measured: dict[tuple[str, bool], Measure] = {}
        self.open: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> Measure:
        return self.selections(node.selection_set, self.schema.get_root_type(node.operation))

    def selections(
        self,
        node: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        introspecting: bool = False,
    ) -> Measure:
        total = Measure()
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, introspecting)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, kind, introspecting)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, introspecting)
        return total

    def field(
        self, node: FieldNode, parent: GraphQLNamedType | None, introspecting: bool
    ) -> Measure:
        name = node.name.value
        definition = META_FIELDS.get(name) or field_definition(parent, name)
        inside = introspecting or name in META_FIELDS
        kind = get_named_type(definition.type) if definition else None
        below = self.selections(node.selection_set, kind, inside)
        rows = page(node) if definition and "first" in definition.args else 1
        return Measure(
            depth=0 if inside else (1 + below.depth if node.selection_set else 1),
            cost=1 + rows * below.cost,
            introspection=below.introspection + (inside and name in INTROSPECTION_LISTS),
        )

    def fragment(self, name: str, introspecting: bool) -> Measure:
        key = (name, introspecting)
        definition = self.fragments.get(name)
        if key in self.measured or definition is None or name in self.open:
            return self.measured.get(key, Measure())  # unknown or cyclic: other rules say so
        self.open.add(name)
        kind = self.schema.get_type(definition.type_condition.name.value)
        self.measured[key] = self.selections(definition.selection_set, kind, introspecting)
        self.open.discard(name)
        return self.measured[key]


def field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return parent.fields.get(name)
    return None  # an unknown field or type: FieldsOnCorrectTypeRule reports it


def page(node: FieldNode) -> int:
    """The rows a connection field may return: its `first`/`last` literals (the smaller),
    a full page for a variable (its value is checked at run time) or for neither."""
    most = page_size()
    sizes = [
        min(max(int(argument.value.value), 0), most)
        if isinstance(argument.value, IntValueNode)
        else most
        for argument in node.arguments
        if argument.name.value in ("first", "last")
    ]
    return min(sizes, default=most)


def checked_page(args: dict[str, Any], field: str) -> dict[str, Any]:
    """A connection's arguments, refused when a count is negative, a page is larger than
    page_size() or a cursor is not one this API gives (graphene-django would slice with
    it); with neither `first` nor `last`, a full page, as for top-level connections."""
    most = page_size()
    for name in ("first", "last", "offset"):
        if (args.get(name) or 0) < 0:
            raise GraphQLError(f"`{name}` on the `{field}` connection must not be negative.")
    for name in ("first", "last"):
        if (args.get(name) or 0) > most:
            raise GraphQLError(
                f"Requesting {args[name]} records on the `{field}` connection exceeds the "
                f"`{name}` limit of {most} records."
            )
    for name in ("after", "before"):
        offset = None if args.get(name) is None else cursor_to_offset(args[name])
        if args.get(name) is not None and (offset is None or offset < 0):
            raise GraphQLError(f"`{name}` on the `{field}` connection is not one of its cursors.")
    if args.get("first") is None and args.get("last") is None:
        return {**args, "first": most}
    return args
