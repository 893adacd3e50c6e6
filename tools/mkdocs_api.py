"""MkDocs hook: the API reference pages, exported from the modules' own code at build time.

For each API in APIS, `on_files` runs the module's own export command in the module's
folder, with this Python and the module's embedded defaults (the service variables are
removed, so a CI's `DATABASE_URL` with `{module}` in it does not reach Django):

    python manage.py spectacular --format openapi-json --validate --file F   (REST)
    python manage.py graphql_schema --out F                                  (GraphQL)

and adds to the site, without writing anything into docs/:

- `api/<module>.md`, a page rendered from the export: every operation (method, path,
  summary, parameters, request body, responses, authentication) and every schema, or for
  GraphQL the root fields and the whole SDL;
- the export itself for download (`api/<module>.openapi.json`, `api/<module>.graphql`);
- for OpenAPI, `api/<module>-swagger.html`: Swagger UI from the drf-spectacular-sidecar
  package (copied to `assets/swagger-ui/`) with the schema inlined, so it works offline and
  even from `file://`. "Try it out" is off: there is no server behind a static site.

An export that fails is a warning naming the module and the command's last output line:
`mkdocs build --strict` fails, and without --strict the page says what went wrong. Exports
are cached per module until one of its files changes, so `mkdocs serve` stays quick.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.api_reference")

SERVICE_VARIABLES = ("DATABASE_URL", "POSTGRES_URL", "REDIS_URL", "CELERY_BROKER_URL")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SWAGGER_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE")
EXPORT_TIMEOUT = 120


@dataclass(frozen=True)
class Api:
    module: str  # the module's folder
    kind: str  # "openapi" or "graphql"
    title: str  # the page's title in the nav


APIS = (
    Api("travel_app", "openapi", "Travel booking API (OpenAPI)"),
    Api("messaging_app", "openapi", "Messaging API (OpenAPI)"),
    Api("graphql_crm", "graphql", "CRM (GraphQL schema)"),
)


class ExportError(Exception):
    """The module's export command failed; the message says how."""


# --- exporting -----------------------------------------------------------------------------


def _signature(module_dir: Path) -> float:
    """The newest modification time among the module's Python files; tests, caches and
    hidden folders (a module's own .venv) are not walked."""
    newest = 0.0
    for folder, subfolders, names in os.walk(module_dir):
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and name not in ("tests", "__pycache__", "node_modules")
        ]
        for name in names:
            if name.endswith(".py"):
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
    return newest


_cache: dict[tuple[str, str], tuple[float, str]] = {}


def export(module_dir: Path, kind: str) -> str:
    """The schema as the module's code describes it: OpenAPI JSON or GraphQL SDL text."""
    key = (str(module_dir), kind)
    signature = _signature(module_dir)
    if key in _cache and _cache[key][0] == signature:
        return _cache[key][1]
    with tempfile.TemporaryDirectory(prefix="docs-api-") as folder:
        out = Path(folder) / ("schema.json" if kind == "openapi" else "schema.graphql")
        if kind == "openapi":
            command = ["spectacular", "--format", "openapi-json", "--validate", "--file"]
        else:
            command = ["graphql_schema", "--out"]
        command = [sys.executable, "manage.py", *command, str(out)]
        env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
        env.pop("DJANGO_SETTINGS_MODULE", None)  # the module's manage.py sets its own
        try:
            result = subprocess.run(
                command,
                cwd=module_dir,
                env=env,
                capture_output=True,
                text=True,
                timeout=EXPORT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ExportError(f"{' '.join(command[1:3])}: {error}") from None
        if result.returncode != 0 or not out.is_file():
            lines = (result.stderr or result.stdout).strip().splitlines() or ["no output"]
            raise ExportError(
                f"`python {' '.join(command[1:3])}` exited {result.returncode}: {lines[-1]}"
            )
        text = out.read_text(encoding="utf-8")
    _cache[key] = (signature, text)
    return text


# --- OpenAPI to Markdown --------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    value = " ".join(str(text).split())
    return value.replace("|", "\\|").replace("<", "&lt;")


def _anchor(kind: str, name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return f"{kind}-{slug}"


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schema_type(schema: dict[str, Any] | None) -> str:
    """A short Markdown description of a JSON schema: `string (uuid)`, `array of [X](#...)`."""
    if not schema:
        return "any"
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return f"[{name}](#{_anchor('schema', name)})"
    for combiner, word in (("allOf", " and "), ("oneOf", " or "), ("anyOf", " or ")):
        if combiner in schema:
            text = word.join(schema_type(part) for part in schema[combiner])
            return f"{text}, nullable" if schema.get("nullable") else text
    kind = schema.get("type", "object" if "properties" in schema else "any")
    if kind == "array":
        text = f"array of {schema_type(schema.get('items'))}"
    elif "enum" in schema:
        values = ", ".join(f"`{value}`" for value in schema["enum"] if value not in ("", None))
        text = f"{kind}: one of {values}"
    elif schema.get("format"):
        text = f"{kind} ({schema['format']})"
    elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        text = f"object of {schema_type(schema['additionalProperties'])}"
    else:
        text = str(kind)
    return f"{text}, nullable" if schema.get("nullable") else text


def _constraints(schema: dict[str, Any]) -> str:
    notes = []
    for key, label in (
        ("readOnly", "read-only"),
        ("writeOnly", "write-only"),
    ):
        if schema.get(key):
            notes.append(label)
    for key, label in (
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("minimum", "min"),
        ("maximum", "max"),
        ("pattern", "pattern"),
        ("default", "default"),
    ):
        if key in schema:
            value = schema[key]
            quoted = key in ("pattern", "default")
            notes.append(f"{label} `{value}`" if quoted else f"{label} {value}")
    return ", ".join(notes)


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation, in the schema's order."""
    return [
        (method.upper(), path, operation)
        for path, item in schema.get("paths", {}).items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _security(operation: dict[str, Any], schema: dict[str, Any]) -> str:
    requirements = operation.get("security", schema.get("security"))
    if not requirements:
        return "none"
    names = [name for requirement in requirements for name in requirement]
    if not names:
        return "none"
    text = " or ".join(f"`{name}`" for name in dict.fromkeys(names))
    return f"optional ({text})" if {} in requirements else text


def _content_schema(content: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """The preferred media type of a body and its schema (JSON first)."""
    if not content:
        return "", None
    media = "application/json" if "application/json" in content else next(iter(content))
    return media, content[media].get("schema")


def _operation_markdown(method: str, path: str, op: dict[str, Any], schema: dict) -> list[str]:
    op_id = op.get("operationId", f"{method} {path}")
    lines = [f"### `{method} {path}` {{ #{_anchor('op', op_id)} }}", ""]
    if op.get("deprecated"):
        lines += ["**Deprecated.**", ""]
    if op.get("summary"):
        lines += [op["summary"], ""]
    if op.get("description"):
        lines += [op["description"].strip(), ""]
    lines += [f"Operation id `{op_id}`; authentication: {_security(op, schema)}.", ""]
    parameters = op.get("parameters", [])
    if parameters:
        lines += ["| Parameter | In | Type | Required | Description |", "|---|---|---|---|---|"]
        lines += [
            f"| `{p['name']}` | {p['in']} | {schema_type(p.get('schema'))} "
            f"| {'yes' if p.get('required') else 'no'} | {_cell(p.get('description', ''))} |"
            for p in parameters
        ]
        lines.append("")
    body = op.get("requestBody")
    if body:
        media, body_schema = _content_schema(body.get("content", {}))
        others = [m for m in body.get("content", {}) if m != media]
        also = f" (also {', '.join(f'`{m}`' for m in others)})" if others else ""
        required = "required" if body.get("required") else "optional"
        lines += [f"Request body, {required}: `{media}`{also}, {schema_type(body_schema)}.", ""]
    responses = op.get("responses", {})
    if responses:
        lines += ["| Response | Description | Body |", "|---|---|---|"]
        for status, response in responses.items():
            media, body_schema = _content_schema(response.get("content", {}))
            shown = f"`{media}`: {schema_type(body_schema)}" if media else "none"
            lines.append(f"| {status} | {_cell(response.get('description', ''))} | {shown} |")
        lines.append("")
    return lines


def _schema_markdown(name: str, definition: dict[str, Any]) -> list[str]:
    lines = [f"### {name} {{ #{_anchor('schema', name)} }}", ""]
    if definition.get("description"):
        lines += [definition["description"].strip(), ""]
    properties = definition.get("properties")
    if not properties:
        bare = {key: value for key, value in definition.items() if key != "description"}
        lines += [f"Type: {schema_type(bare)}.", ""]
        return lines
    required = set(definition.get("required", []))
    lines += ["| Field | Type | Required | Notes | Description |", "|---|---|---|---|---|"]
    for field, spec in properties.items():
        lines.append(
            f"| `{field}` | {schema_type(spec)} | {'yes' if field in required else 'no'} "
            f"| {_cell(_constraints(spec))} | {_cell(spec.get('description', ''))} |"
        )
    lines.append("")
    return lines


def openapi_markdown(schema: dict[str, Any], *, module: str, download: str, swagger: str) -> str:
    """A reference page listing every operation and schema of an OpenAPI document."""
    info = schema.get("info", {})
    ops = operations(schema)
    lines = [
        f"# {info.get('title', module)}",
        "",
        f"{info.get('description', '').strip()}",
        "",
        f"Exported from the code of [`{module}`](../modules/{module}.md) when this site was "
        f"built (`python manage.py spectacular` in `{module}/`), OpenAPI "
        f"{schema.get('openapi', '3')}, version {info.get('version', '?')}: "
        f"{len(ops)} operations. Explore it in [Swagger UI]({swagger}) (offline, no "
        f"requests sent) or download [the schema]({download}). The running app serves "
        "the same schema with a live Swagger UI at `/api/docs/`.",
        "",
    ]
    schemes = schema.get("components", {}).get("securitySchemes", {})
    if schemes:
        lines += ["| Authentication | Kind |", "|---|---|"]
        for name, scheme in schemes.items():
            kind = scheme.get("scheme", scheme.get("type", ""))
            where = f"{scheme.get('in', '')} `{scheme['name']}`" if "name" in scheme else ""
            fmt = scheme.get("bearerFormat", "")
            lines.append(f"| `{name}` | {_cell(' '.join(p for p in (kind, fmt, where) if p))} |")
        lines.append("")
    lines += [
        "## Operations",
        "",
        "| Method | Path | Summary |",
        "|---|---|---|",
    ]
    for method, path, op in ops:
        summary = op.get("summary") or _first_line(op.get("description", ""))
        anchor = _anchor("op", op.get("operationId", f"{method} {path}"))
        lines.append(f"| {method} | [`{path}`](#{anchor}) | {_cell(summary)} |")
    lines.append("")
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for method, path, op in ops:
        by_tag.setdefault((op.get("tags") or ["other"])[0], []).append((method, path, op))
    for tag, tagged in by_tag.items():
        lines += [f"## {tag} {{ #{_anchor('tag', tag)} }}", ""]
        for method, path, op in tagged:
            lines += _operation_markdown(method, path, op, schema)
    definitions = schema.get("components", {}).get("schemas", {})
    if definitions:
        lines += ["## Schemas", ""]
        for name, definition in definitions.items():
            lines += _schema_markdown(name, definition)
    return "\n".join(lines).rstrip() + "\n"


def swagger_html(schema: dict[str, Any], *, title: str, assets: str, back: str) -> str:
    """A standalone Swagger UI page with the schema inlined (works from file:// too)."""
    spec = json.dumps(schema).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: Swagger UI</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<style>body {{ margin: 0; }} .back {{ font: 14px sans-serif; padding: 8px 20px; }}</style>
</head>
<body>
<p class="back"><a href="{back}">&larr; back to the API reference</a></p>
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{
  spec: {spec},
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  supportedSubmitMethods: []
}});
</script>
</body>
</html>
"""


# --- GraphQL to Markdown --------------------------------------------------------------------


def _graphql_fields(sdl: str, root: str) -> list[tuple[str, str, str, str]]:
    """(name, arguments, type, description) of each field of a root type, via graphql-core."""
    from graphql import build_schema

    schema = build_schema(sdl)
    kind = {"Query": schema.query_type, "Mutation": schema.mutation_type}.get(root)
    if kind is None:
        return []
    fields = []
    for name, definition in kind.fields.items():
        args = ", ".join(f"{arg}: {value.type}" for arg, value in definition.args.items())
        fields.append((name, args, str(definition.type), definition.description or ""))
    return fields


def graphql_markdown(sdl: str, *, module: str, download: str) -> str:
    """A reference page: the root query and mutation fields, then the whole SDL."""
    lines = [
        "# CRM GraphQL schema",
        "",
        f"Exported from the code of [`{module}`](../modules/{module}.md) when this site was "
        f"built (`python manage.py graphql_schema` in `{module}/`, the schema graphene "
        f"builds from `config/schema.py`). Download [the SDL]({download}). The running app "
        "answers at `POST /graphql`, with GraphiQL when DEBUG is on.",
        "",
    ]
    for root, heading in (("Query", "Queries"), ("Mutation", "Mutations")):
        fields = _graphql_fields(sdl, root)
        if not fields:
            continue
        lines += [f"## {heading}", "", "| Field | Arguments | Returns | Description |"]
        lines.append("|---|---|---|---|")
        lines += [
            f"| `{name}` | {_cell(f'`{args}`' if args else '')} | `{_cell(kind)}` "
            f"| {_cell(description)} |"
            for name, args, kind, description in fields
        ]
        lines.append("")
    lines += ["## The whole schema (SDL)", "", "```graphql", sdl.strip(), "```", ""]
    return "\n".join(lines)


# --- MkDocs events -----------------------------------------------------------------------------


def _failure_page(api: Api, error: Exception) -> str:
    return (
        f"# {api.title}\n\n"
        f"The export from `{api.module}/` failed when this site was built:\n\n"
        f"```text\n{error}\n```\n\n"
        f"Run the command in `{api.module}/` to see the whole error.\n"
    )


def api_files(api: Api, *, repo_root: Path) -> dict[str, str | bytes]:
    """The generated files (site path -> content) of one API; raises ExportError."""
    text = export(repo_root / api.module, api.kind)
    if api.kind == "graphql":
        download = f"{api.module}.graphql"
        return {
            f"api/{download}": text,
            f"api/{api.module}.md": graphql_markdown(text, module=api.module, download=download),
        }
    schema = json.loads(text)
    download = f"{api.module}.openapi.json"
    swagger = f"{api.module}-swagger.html"
    return {
        f"api/{download}": text,
        f"api/{swagger}": swagger_html(
            schema,
            title=schema.get("info", {}).get("title", api.module),
            assets="../assets/swagger-ui",
            back=f"{api.module}/",
        ),
        f"api/{api.module}.md": openapi_markdown(
            schema, module=api.module, download=download, swagger=swagger
        ),
    }


def _swagger_assets() -> Iterable[tuple[str, Path]]:
    import drf_spectacular_sidecar

    dist = Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar"
    for name in SWAGGER_ASSETS:
        yield f"assets/swagger-ui/{name}", dist / "swagger-ui-dist" / name


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    repo_root = Path(config.config_file_path).parent
    for api in APIS:
        try:
            generated = api_files(api, repo_root=repo_root)
        except (ExportError, ValueError) as error:
            log.warning("API reference of '%s' not exported: %s", api.module, error)
            generated = {f"api/{api.module}.md": _failure_page(api, error)}
        for src_uri, content in generated.items():
            files.append(File.generated(config, src_uri, content=content))
    for src_uri, path in _swagger_assets():
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    return files
