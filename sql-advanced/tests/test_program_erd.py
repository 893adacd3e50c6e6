"""The program's ER diagram task (ERD/requirements.md), graded on its text: a diagram of
the entities, whatever the tool that drew it, naming the six entities.

A diagram is any of: a Mermaid block (erDiagram or classDiagram), PlantUML (@startuml),
dbdiagram.io's DBML (`Table name {`), an image (`![...](...)` or `<img>`), or a link to
a diagramming site (dbdiagram.io, drawsql, draw.io/diagrams.net, Lucidchart). The entities
are named singular or plural, in any case (User, users). That the diagram lists our
tables column by column, in Mermaid, is `extras.erd` (test_erd.py).
"""

from __future__ import annotations

import re

import pytest
from sqlrunner.runner import MODULE

pytestmark = pytest.mark.task("schema.erd")

ERD = MODULE / "erd" / "requirements.md"
DIAGRAMS = {
    "a Mermaid diagram": r"```\s*mermaid\s*\n\s*(?:%%[^\n]*\n\s*)*(?:erDiagram|classDiagram)\b",
    "PlantUML": r"@startuml\b",
    "dbdiagram.io's DBML": r"^\s*Table\s+[\"`\w.]+\s*(?:as\s+\w+\s*)?\{",
    "an image": r"!\[[^\]]*\]\([^)]+\)|<img\s[^>]*src=",
    "a link to a diagramming site": r"https?://[^\s)]*(?:dbdiagram\.io|drawsql\.app|draw\.io"
    r"|diagrams\.net|lucid\.app|lucidchart\.com)",
}
ENTITIES = {
    "User": r"users?",
    "Property": r"propert(?:y|ies)",
    "Booking": r"bookings?",
    "Payment": r"payments?",
    "Review": r"reviews?",
    "Message": r"messages?",
}


def document() -> str:
    return ERD.read_text(encoding="utf-8", errors="replace")


def test_holds_a_diagram() -> None:
    text = document()
    found = [name for name, pattern in DIAGRAMS.items() if re.search(pattern, text, re.M | re.I)]
    assert found, f"{ERD.name} holds no diagram: none of {', '.join(DIAGRAMS)}"


def test_names_the_six_entities() -> None:
    text = document()
    missing = [
        entity for entity, word in ENTITIES.items() if not re.search(rf"\b{word}\b", text, re.I)
    ]
    assert not missing, f"{ERD.name} never names {missing}"
