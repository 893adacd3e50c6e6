"""tools/mkdocs_api.py: the API reference pages, exported from the modules' code."""

from __future__ import annotations

import json
import logging
import textwrap
from pathlib import Path

import pytest

from tools import check_site_offline as offline
from tools import mkdocs_api as api

ROOT = Path(__file__).resolve().parents[2]

SCHEMA = {
    "openapi": "3.0.3",
    "info": {"title": "Demo API", "version": "1.0.0", "description": "A demo."},
    "paths": {
        "/api/things/": {
            "get": {
                "operationId": "things_list",
                "description": "Every thing.\nOne per line.",
                "tags": ["things"],
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                ],
                "security": [{"jwtAuth": []}],
                "responses": {
                    "200": {
                        "description": "",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Thing"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "things_create",
                "summary": "Make one | or two",
                "tags": ["things"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Thing"}},
                    },
                },
                "security": [{}],
                "responses": {"201": {"description": "Made"}},
            },
        },
        "/api/health/": {
            "get": {"operationId": "health", "tags": ["health"], "responses": {}},
            "parameters": [],
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "name": {"type": "string", "maxLength": 80, "description": "</script>"},
                    "kind": {"enum": ["a", "b"], "type": "string", "nullable": True},
                },
            },
            "Status": {"enum": ["ok", "down"], "type": "string"},
        },
        "securitySchemes": {
            "jwtAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        },
    },
}

SDL = '''\
type Query {
  """Say hello."""
  hello: String
  thing(id: ID!): Thing
}

type Mutation {
  makeThing(name: String!): Thing
}

type Thing {
  id: ID!
  name: String
}
'''


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"$ref": "#/components/schemas/Thing"}, "[Thing](#schema-thing)"),
        ({"type": "array", "items": {"type": "integer"}}, "array of integer"),
        ({"type": "string", "format": "date-time"}, "string (date-time)"),
        ({"type": "string", "enum": ["a", "", None]}, "string: one of `a`"),
        (
            {"allOf": [{"$ref": "#/x/Status"}], "nullable": True},
            "[Status](#schema-status), nullable",
        ),
        ({"type": "object", "additionalProperties": {"type": "string"}}, "object of string"),
        ({}, "any"),
        (None, "any"),
    ],
)
def test_schema_type(schema: dict | None, expected: str) -> None:
    assert api.schema_type(schema) == expected


def test_every_operation_and_schema_is_on_the_page() -> None:
    page = api.openapi_markdown(
        SCHEMA, module="demo", download="demo.openapi.json", swagger="demo-swagger.html"
    )
    assert page.startswith("# Demo API\n")
    assert "3 operations" in page
    # The table of operations: one row each, linking to its section.
    assert "| GET | [`/api/things/`](#op-things-list) | Every thing. |" in page
    assert "| POST | [`/api/things/`](#op-things-create) | Make one \\| or two |" in page
    assert "| GET | [`/api/health/`](#op-health) |  |" in page
    for heading in ("GET /api/things/", "POST /api/things/", "GET /api/health/"):
        assert f"### `{heading}`" in page
    assert "authentication: `jwtAuth`." in page
    assert "authentication: none." in page
    assert "| `page` | query | integer | no |  |" in page
    assert (
        "Request body, required: `application/json` (also `multipart/form-data`), "
        "[Thing](#schema-thing)." in page
    )
    assert "| 200 |  | `application/json`: array of [Thing](#schema-thing) |" in page
    assert "| 201 | Made | none |" in page
    assert "### Thing { #schema-thing }" in page
    assert "| `id` | string (uuid) | no | read-only |  |" in page
    assert "| `name` | string | yes | max length 80 | &lt;/script> |" in page
    assert "| `kind` | string: one of `a`, `b`, nullable | no |  |  |" in page
    assert "### Status { #schema-status }\n\nType: string: one of `ok`, `down`." in page
    assert "[Swagger UI](demo-swagger.html)" in page
    assert "[the schema](demo.openapi.json)" in page


def test_swagger_page_inlines_the_schema_and_loads_nothing_from_outside() -> None:
    html = api.swagger_html(SCHEMA, title="Demo", assets="../assets/swagger-ui", back="demo/")
    assert '</script>"' not in html  # the schema cannot close the script element
    assert "<\\/script>" in html
    start = html.index("spec: ") + len("spec: ")
    end = html.index(",\n  dom_id")
    assert json.loads(html[start:end].replace("<\\/", "</")) == SCHEMA
    assert "supportedSubmitMethods: []" in html
    assert "validatorUrl: null" in html
    assert offline.external_assets(html) == []


def test_graphql_page_lists_the_root_fields_and_the_whole_sdl() -> None:
    page = api.graphql_markdown(SDL, module="demo", download="demo.graphql")
    assert "| `hello` |  | `String` | Say hello. |" in page
    assert "| `thing` | `id: ID!` | `Thing` |  |" in page
    assert "## Mutations" in page
    assert "| `makeThing` | `name: String!` | `Thing` |  |" in page
    assert "```graphql\n" + SDL.strip() + "\n```" in page


# --- exporting ----------------------------------------------------------------------------

MANAGE = """\
import json, os, sys
if os.environ.get("FAIL"):
    sys.exit("boom: the schema cannot be built")
out = sys.argv[sys.argv.index("--file" if "--file" in sys.argv else "--out") + 1]
seen = {name: os.environ.get(name) for name in ("DATABASE_URL", "REDIS_URL", "KEEP")}
with open(out, "w") as f:
    json.dump({"argv": sys.argv[1:], "env": seen}, f)
"""


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "manage.py").write_text(MANAGE)
    monkeypatch.setenv("DATABASE_URL", "mysql://root@127.0.0.1:3306/{module}")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("KEEP", "yes")
    monkeypatch.setattr(api, "_cache", {})
    return folder


def test_export_runs_the_modules_command_on_its_embedded_defaults(module: Path) -> None:
    result = json.loads(api.export(module, "openapi"))
    assert result["argv"][:4] == ["spectacular", "--format", "openapi-json", "--validate"]
    assert result["env"] == {"DATABASE_URL": None, "REDIS_URL": None, "KEEP": "yes"}
    assert json.loads(api.export(module, "graphql"))["argv"][0] == "graphql_schema"


def test_export_is_cached_until_a_file_of_the_module_changes(
    module: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.export(module, "openapi")
    monkeypatch.setenv("FAIL", "1")
    assert api.export(module, "openapi") == first  # nothing changed: not run again
    (module / "views.py").write_text("# changed\n")
    with pytest.raises(api.ExportError, match="exited 1: boom: the schema cannot be built"):
        api.export(module, "openapi")


def test_a_build_adds_the_pages_and_a_failed_export_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """End to end, with the hook as MkDocs loads it, on a repository of stand-in modules:
    two exports work, one fails."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stand_ins = {
        "travel_app": f"open(sys.argv[-1], 'w').write({json.dumps(SCHEMA)!r})",
        "messaging_app": "sys.exit('boom: the schema cannot be built')",
        "graphql_crm": f"open(sys.argv[-1], 'w').write({SDL!r})",
    }
    for name, body in stand_ins.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "manage.py").write_text(f"import sys\n{body}\n")
    (tmp_path / "docs" / "modules").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[API](api/travel_app.md)\n")
    for name in stand_ins:
        (tmp_path / "docs" / "modules" / f"{name}.md").write_text(f"# {name}\n")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Test
            hooks: [{ROOT / "tools" / "mkdocs_api.py"}]
            markdown_extensions: [attr_list, tables]
            nav:
              - index.md
              - modules/travel_app.md
              - modules/messaging_app.md
              - modules/graphql_crm.md
              - api/travel_app.md
              - api/messaging_app.md
              - api/graphql_crm.md
            """
        )
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(load_config(str(tmp_path / "mkdocs.yml")))

    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "API reference of 'messaging_app' not exported" in warnings[0]
    assert "boom" in warnings[0]
    site = tmp_path / "site"
    travel = (site / "api" / "travel_app" / "index.html").read_text()
    assert 'id="op-things-create"' in travel
    assert json.loads((site / "api" / "travel_app.openapi.json").read_text()) == SCHEMA
    assert "SwaggerUIBundle" in (site / "api" / "travel_app-swagger.html").read_text()
    assert (site / "assets" / "swagger-ui" / "swagger-ui-bundle.js").stat().st_size > 100_000
    assert (
        "boom: the schema cannot be built"
        in (site / "api" / "messaging_app" / "index.html").read_text()
    )
    assert 'id="mutations"' in (site / "api" / "graphql_crm" / "index.html").read_text()
    assert (site / "api" / "graphql_crm.graphql").read_text() == SDL
    swagger = (site / "api" / "travel_app-swagger.html").read_text()
    assert offline.external_assets(swagger) == []


def test_the_messaging_api_exports_every_operation_from_its_code() -> None:
    generated = api.api_files(api.Api("messaging_app", "openapi", "Messaging"), repo_root=ROOT)
    schema = json.loads(generated["api/messaging_app.openapi.json"])
    operations = api.operations(schema)
    assert len(operations) >= 15
    page = generated["api/messaging_app.md"]
    for method, path, _ in operations:
        assert f"### `{method} {path}`" in page
    assert "spec: " in generated["api/messaging_app-swagger.html"]
