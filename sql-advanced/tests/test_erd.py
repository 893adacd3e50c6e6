"""erd/requirements.md draws the schema as it is: its Mermaid erDiagram is read here and
compared with the tables SQLite holds after schema/sqlite.sql (the three dialects are one
schema: test_schema.py).

The diagram must list every table as an entity with every column, in order, marked PK, FK
and UK as the keys are; and every foreign key as a relationship between the right two
entities, its label naming the column in parentheses, e.g. `users ||--o{ properties :
"hosts (host_id)"`, with the cardinality the key implies: exactly one parent for a NOT NULL
key (zero or one for a nullable one), zero or more children (zero or one for a unique key).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlrunner.engines import fresh_database
from sqlrunner.runner import MODULE, SCHEMA, apply

pytestmark = pytest.mark.task("extras.erd")

ERD = MODULE / "erd" / "requirements.md"

MERMAID_BLOCK = re.compile(r"^```mermaid[ \t]*\n(?P<body>.*?)^```", re.DOTALL | re.MULTILINE)
ENTITY_START = re.compile(r"^(?P<name>[A-Za-z_][\w-]*)\s*\{$")
ATTRIBUTE = re.compile(
    r"^(?P<type>[A-Za-z][\w\-\[\]()]*)\s+(?P<name>[A-Za-z_]\w*)"
    r"(?:\s+(?P<keys>(?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*))?"
    r'(?:\s+"[^"]*")?$'
)
RELATIONSHIP = re.compile(
    r"^(?P<left>[A-Za-z_][\w-]*)\s+(?P<left_end>\|o|\|\||\}o|\}\|)(?:--|\.\.)"
    r"(?P<right_end>o\||\|\||o\{|\|\{)\s+(?P<right>[A-Za-z_][\w-]*)\s*:\s*(?P<label>.+)$"
)
# What each end of a relationship line means, read from either side.
LEFT_ENDS = {"|o": "zero or one", "||": "exactly one", "}o": "zero or more", "}|": "one or more"}
RIGHT_ENDS = {"o|": "zero or one", "||": "exactly one", "o{": "zero or more", "|{": "one or more"}
ONE = ("exactly one", "zero or one")


@dataclass
class Entity:
    attributes: list[str] = field(default_factory=list)
    keys: dict[str, set[str]] = field(default_factory=dict)  # PK/FK/UK -> attributes

    def marked(self, key: str) -> set[str]:
        return self.keys.get(key, set())


@dataclass(frozen=True)
class Link:
    """A relationship, parent side first: (parent, its end, child, its end, column)."""

    parent: str
    parent_end: str
    child: str
    child_end: str
    column: str


@dataclass
class Diagram:
    entities: dict[str, Entity] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


def er_diagram(markdown: str) -> Diagram:
    """The first ```mermaid block that is an erDiagram, parsed; AssertionError if none."""
    for block in MERMAID_BLOCK.finditer(markdown):
        lines = [line.strip() for line in block.group("body").splitlines()]
        code = [line for line in lines if line and not line.startswith("%%")]
        if code and code[0] == "erDiagram":
            return _parse(code[1:])
    raise AssertionError(f"{ERD.name} holds no ```mermaid erDiagram block")


def _parse(lines: list[str]) -> Diagram:
    diagram = Diagram()
    entity: Entity | None = None
    for line in lines:
        if entity is not None:
            entity = _attribute(entity, line)
        elif start := ENTITY_START.match(line):
            entity = diagram.entities.setdefault(start.group("name"), Entity())
        elif relationship := RELATIONSHIP.match(line):
            diagram.links.append(_link(relationship))
        else:
            raise AssertionError(f"not an entity or a relationship: {line!r}")
    assert entity is None, "an entity block is not closed with }"
    return diagram


def _attribute(entity: Entity, line: str) -> Entity | None:
    """Add the attribute on `line` to `entity`; None when the line closes the block."""
    if line == "}":
        return None
    attribute = ATTRIBUTE.match(line)
    assert attribute, f'not an attribute (type name [PK|FK|UK] ["comment"]): {line!r}'
    entity.attributes.append(attribute.group("name"))
    for key in re.findall(r"PK|FK|UK", attribute.group("keys") or ""):
        entity.keys.setdefault(key, set()).add(attribute.group("name"))
    return entity


def _link(match: re.Match[str]) -> Link:
    left, right = LEFT_ENDS[match.group("left_end")], RIGHT_ENDS[match.group("right_end")]
    column = re.search(r"\((\w+)\)", match.group("label"))
    assert column, f"the label does not name its column in parentheses: {match.group()!r}"
    if left in ONE and right not in ONE:
        return Link(match.group("left"), left, match.group("right"), right, column.group(1))
    if right in ONE and left not in ONE:
        return Link(match.group("right"), right, match.group("left"), left, column.group(1))
    raise AssertionError(f"not a one-to-many relationship: {match.group()!r}")


# --- the schema, from SQLite's catalog -----------------------------------------------------


@dataclass
class SchemaTable:
    columns: list[str]
    not_null: set[str]
    primary_key: set[str]
    foreign_keys: list[tuple[str, str, str]]  # column, referenced table, referenced column
    unique: set[str]  # columns with a single-column UNIQUE constraint


@pytest.fixture(scope="module")
def schema() -> Iterator[dict[str, SchemaTable]]:
    with fresh_database(None) as (_, connection):
        apply(connection, "sqlite", SCHEMA["sqlite"])
        yield {name: _table(connection, name) for name in _table_names(connection)}


def _table_names(connection: object) -> list[str]:
    rows = connection.execute(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def _table(connection: object, name: str) -> SchemaTable:
    execute = connection.execute  # type: ignore[attr-defined]
    info = execute(f"PRAGMA table_info({name})").fetchall()
    unique = set()
    for _, index, is_unique, origin, _ in execute(f"PRAGMA index_list({name})").fetchall():
        columns = [row[2] for row in execute(f"PRAGMA index_info({index})").fetchall()]
        if origin == "u" and is_unique and len(columns) == 1:
            unique.add(columns[0])
    return SchemaTable(
        columns=[row[1] for row in info],
        not_null={row[1] for row in info if row[3]},
        primary_key={row[1] for row in info if row[5]},
        foreign_keys=[
            (row[3], row[2], row[4])
            for row in execute(f"PRAGMA foreign_key_list({name})").fetchall()
        ],
        unique=unique,
    )


def the_diagram() -> Diagram:
    """erd/requirements.md's diagram, read in each test: a missing one fails the test."""
    return er_diagram(Path(ERD).read_text(encoding="utf-8"))


# --- the diagram against the schema ---------------------------------------------------------


def test_the_entities_are_the_tables(schema: dict[str, SchemaTable]) -> None:
    diagram = the_diagram()
    assert sorted(diagram.entities) == sorted(schema)


def test_each_entity_lists_its_columns_in_order(schema: dict[str, SchemaTable]) -> None:
    diagram = the_diagram()
    for name, table in schema.items():
        assert name in diagram.entities, f"no entity {name}"
        assert diagram.entities[name].attributes == table.columns, name


@pytest.mark.parametrize("key", ["PK", "FK", "UK"])
def test_key_markers_match_the_keys(schema: dict[str, SchemaTable], key: str) -> None:
    diagram = the_diagram()
    for name, table in schema.items():
        expected = {
            "PK": table.primary_key,
            "FK": {column for column, _, _ in table.foreign_keys},
            "UK": table.unique,
        }[key]
        assert diagram.entities.get(name, Entity()).marked(key) == expected, f"{name} {key}"


def test_every_foreign_key_is_a_relationship_with_its_cardinality(
    schema: dict[str, SchemaTable],
) -> None:
    diagram = the_diagram()
    expected = Counter(
        Link(
            parent=parent,
            parent_end="exactly one" if column in table.not_null else "zero or one",
            child=child,
            child_end="zero or one" if column in table.unique else "zero or more",
            column=column,
        )
        for child, table in schema.items()
        for column, parent, _ in table.foreign_keys
    )
    assert expected, "the schema has no foreign keys"
    assert Counter(diagram.links) == expected


@pytest.mark.parametrize(
    ("markdown", "problem"),
    [
        ("", "no ```mermaid erDiagram"),
        ("```mermaid\nflowchart LR\n  a --> b\n```\n", "no ```mermaid erDiagram"),
        ("```mermaid\nerDiagram\n  users {\n    uuid user_id PK\n```\n", "not closed"),
        ("```mermaid\nerDiagram\n  users {\n    user_id\n  }\n```\n", "not an attribute"),
        ("```mermaid\nerDiagram\n  a ||--o{ b : has\n```\n", "parentheses"),
        ("```mermaid\nerDiagram\n  a }o--o{ b : \"x (a_id)\"\n```\n", "not a one-to-many"),
    ],
    ids=["empty", "another diagram", "unclosed entity", "untyped attribute", "unnamed key",
         "many-to-many"],
)  # fmt: skip
def test_the_reader_refuses_what_is_not_a_diagram(markdown: str, problem: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(problem)):
        er_diagram(markdown)


def test_the_reader_reads_either_direction() -> None:
    diagram = er_diagram(
        '```mermaid\nerDiagram\n  a {\n    uuid a_id PK\n    uuid b_id FK, UK "b.b_id"\n  }\n'
        '  a }o--|| b : "belongs to (b_id)"\n```\n'
    )
    assert diagram.entities["a"].attributes == ["a_id", "b_id"]
    assert diagram.entities["a"].marked("UK") == {"b_id"}
    assert diagram.links == [Link("b", "exactly one", "a", "zero or more", "b_id")]
