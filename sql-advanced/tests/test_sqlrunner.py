"""sqlrunner: splitting .sql files, the runner's values and tables, the engines, the CLI.

The splitter is tested on hostile text (semicolons inside quotes, comments, dollar quotes
and trigger bodies) and on the three schema files; the CLI runs as a subprocess, on
SQLite everywhere and on MariaDB and PostgreSQL when their URLs are set, where the fresh
database it makes must be gone after the run and a password never printed.
"""

from __future__ import annotations

import datetime
import decimal
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlrunner.engines import (
    EngineError,
    connect,
    database_errors,
    fresh_database,
    redacted,
    server_for,
)
from sqlrunner.runner import (
    MODULE,
    SCHEMA,
    Result,
    StatementError,
    format_table,
    normalise,
    run_file,
    run_text,
)
from sqlrunner.statements import SqlFileError, Statement, split

pytestmark = pytest.mark.task("queries.runner")

URL_VARIABLES = {"mysql": "DATABASE_URL", "postgres": "POSTGRES_URL"}
SERVICES = [
    pytest.param("mysql", marks=pytest.mark.services("mysql")),
    pytest.param("postgres", marks=pytest.mark.services("postgres")),
]


class Db(Protocol):  # conftest.Db
    engine: str
    connection: Any


def sqls(text: str) -> list[str]:
    return [statement.sql for statement in split(text)]


# --- splitting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", "SELECT 2"]),
        ('SELECT "a;b"; SELECT 2', ['SELECT "a;b"', "SELECT 2"]),
        ("SELECT `a;b` FROM t; SELECT 2", ["SELECT `a;b` FROM t", "SELECT 2"]),
        ("SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", "SELECT 2"]),
        ("SELECT 'it\\'s; fine'; SELECT 2", ["SELECT 'it\\'s; fine'", "SELECT 2"]),
        ("SELECT 'it\\''; SELECT 2", ["SELECT 'it\\''", "SELECT 2"]),
        ("SELECT 'C:\\\\'; SELECT 2", ["SELECT 'C:\\\\'", "SELECT 2"]),
        ("SELECT 'a\\\\\\';b'; SELECT 2", ["SELECT 'a\\\\\\';b'", "SELECT 2"]),
        ("SELECT 1 /* ; it's */ + 1; SELECT 2", ["SELECT 1 /* ; it's */ + 1", "SELECT 2"]),
        ("SELECT 1 -- one; it's\n + 1; SELECT 2", ["SELECT 1 -- one; it's\n + 1", "SELECT 2"]),
        ("SELECT 1;\nSELECT 2", ["SELECT 1", "SELECT 2"]),
        ("SELECT 1;;\n\n", ["SELECT 1"]),
        ("SELECT 1;\n-- the end\n/* really */\n", ["SELECT 1"]),
        ("SELECT price$usd$x FROM t; SELECT 2", ["SELECT price$usd$x FROM t", "SELECT 2"]),
    ],
    ids=["single quotes", "double quotes", "backticks", "doubled quote", "backslash quote",
         "backslash quote last", "escaped backslash", "escapes in a row", "block comment",
         "line comment", "no final semicolon", "empty statements", "trailing comments",
         "dollar in a name"],
)  # fmt: skip
def test_split_ends_statements_only_at_real_semicolons(text: str, expected: list[str]) -> None:
    assert sqls(text) == expected


POSTGRES_FUNCTION = """CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.a := 'x;y';
    RETURN NEW;
END;
$$;
CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body1$ SELECT 1; $body1$;
SELECT 3"""


def test_split_keeps_postgres_dollar_quoted_bodies_whole() -> None:
    statements = sqls(POSTGRES_FUNCTION)
    assert len(statements) == 3
    assert statements[0].endswith("END;\n$$")
    assert statements[1].endswith("$body1$ SELECT 1; $body1$")


SQLITE_TRIGGER = """CREATE TRIGGER t AFTER UPDATE ON p
FOR EACH ROW WHEN NEW.a = OLD.a
BEGIN
    UPDATE p SET a = CASE WHEN 'end;' = '' THEN 1 ELSE 2 END WHERE id = NEW.id;
    DELETE FROM q WHERE id = NEW.id;
END;
SELECT 2;"""

MYSQL_TRIGGER = """CREATE TRIGGER t BEFORE INSERT ON p
FOR EACH ROW
BEGIN
    IF NEW.a < 0 THEN
        SET NEW.a = 0;
    END IF;
    CASE NEW.b WHEN 1 THEN SET NEW.c = 1; ELSE SET NEW.c = 2; END CASE;
END;
SELECT 2;"""

POSTGRES_TRIGGER = """CREATE TRIGGER t BEFORE UPDATE ON p
    FOR EACH ROW EXECUTE FUNCTION f();
SELECT 2;"""

MYSQL_PROCEDURE = """CREATE PROCEDURE p(IN wanted CHAR(36))
BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
    START TRANSACTION;
    IF wanted IS NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'end;'; END IF;
    COMMIT;
END;
SELECT 2;"""

POSTGRES_PROCEDURE = """CREATE PROCEDURE p() LANGUAGE plpgsql AS $$
BEGIN
    IF true THEN RAISE EXCEPTION 'no'; END IF;
END;
$$;
SELECT 2;"""


@pytest.mark.parametrize(
    ("text", "first_ends_with"),
    [(SQLITE_TRIGGER, "NEW.id;\nEND"), (MYSQL_TRIGGER, "END CASE;\nEND"),
     (POSTGRES_TRIGGER, "EXECUTE FUNCTION f()"), (MYSQL_PROCEDURE, "COMMIT;\nEND"),
     (POSTGRES_PROCEDURE, "END;\n$$")],
    ids=["sqlite body with CASE", "mysql body with IF and CASE", "postgres, no body",
         "mysql procedure with a handler block", "postgres procedure, dollar-quoted"],
)  # fmt: skip
def test_split_ends_a_trigger_after_its_body(text: str, first_ends_with: str) -> None:
    statements = sqls(text)
    assert len(statements) == 2
    assert statements[0].endswith(first_ends_with)
    assert statements[1] == "SELECT 2"


def test_split_keeps_comments_directives_and_lines() -> None:
    text = (
        "-- The file's header: not a question.\n"
        "\n"
        "-- Which users exist?\n"
        "SELECT * FROM users;\n"
        "\n"
        "-- Native FULL OUTER JOIN;\n"
        "-- engines: mysql, postgres\n"
        "SELECT 1\n"
        "  FROM t;\n"
        "SELECT 3;"
    )
    first, second, third = split(text)
    assert (first.comment, first.line, first.engines) == (
        "Which users exist?",
        4,
        ("sqlite", "mysql", "postgres"),
    )
    assert (second.comment, second.line, second.engines) == (
        "Native FULL OUTER JOIN;",
        8,
        ("mysql", "postgres"),
    )
    assert second.sql == "SELECT 1\n  FROM t"
    assert not second.runs_on("sqlite")
    assert second.runs_on("postgres")
    assert (third.comment, third.line) == ("", 10)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT 1;\n\n-- engines: mysql oracle\nSELECT 2;", "line 3: unknown engine 'oracle'"),
        ("SELECT 1;\n-- engines:\nSELECT 2;", "line 2: `-- engines:` names no engine"),
        ("-- engines: mysql\n\nSELECT 2;", "line 1: `-- engines:` is not right above"),
        ("SELECT 1;\n-- engines: mysql\n", "line 2: `-- engines:` is not right above"),
        ("SELECT 1;\nSELECT 'open;\nSELECT 3;", "line 2: unclosed ' quote"),
        ('SELECT 1;\n\nSELECT "open', 'line 3: unclosed " quote'),
        ("SELECT 1;\nSELECT 'a\\';", "line 2: unclosed ' quote"),
        ("SELECT 1; /* open\n", "line 1: unclosed /* comment"),
        ("SELECT 1;\nCREATE FUNCTION f() AS $fn$ BEGIN", "line 2: unclosed $fn$ quote"),
    ],
    ids=["unknown engine", "empty directive", "directive cut off", "directive at the end",
         "unclosed quote", "unclosed double quote", "escaped closing quote",
         "unclosed comment", "unclosed dollar quote"],
)  # fmt: skip
def test_split_refuses_a_broken_file_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(SqlFileError, match=re.escape(message)):
        split(text)


SCHEMA_STATEMENTS = {
    "sqlite": {"CREATE TABLE": 6, "CREATE INDEX": 8, "CREATE TRIGGER": 1},
    "mysql": {"CREATE TABLE": 6, "CREATE PROCEDURE": 1},
    "postgres": {
        "CREATE TYPE": 3,
        "CREATE TABLE": 6,
        "CREATE INDEX": 8,
        "CREATE FUNCTION": 1,
        "CREATE TRIGGER": 1,
        "CREATE PROCEDURE": 1,
    },
}


@pytest.mark.parametrize("engine", sorted(SCHEMA_STATEMENTS))
def test_split_finds_every_statement_of_the_schema_files(engine: str) -> None:
    statements = split(SCHEMA[engine].read_text(encoding="utf-8"))
    kinds = Counter(" ".join(s.sql.split()[:2]).upper() for s in statements)
    assert kinds == Counter(SCHEMA_STATEMENTS[engine])
    assert not [s.sql for s in statements if s.sql.endswith(";")]
    assert all(s.engines == ("sqlite", "mysql", "postgres") for s in statements)


# --- values and tables ------------------------------------------------------------------

ID = uuid.UUID("0b7e3c1a-5d2f-4e8a-9c6b-1f2a3b4c5d6e")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (decimal.Decimal("12.50"), 12.5),
        (decimal.Decimal("160.00"), 160),
        (decimal.Decimal("4.3333"), 4.33),
        (4.666666, 4.67),
        (2.0, 2),
        (7, 7),
        (True, 1),
        (None, None),
        ("text", "text"),
        (datetime.date(2024, 5, 1), "2024-05-01"),
        (datetime.datetime(2024, 5, 1, 9, 30, 5, 123456), "2024-05-01 09:30:05"),
        (datetime.datetime(2024, 5, 1, 9, 30, 5, tzinfo=datetime.UTC), "2024-05-01 09:30:05"),
        (ID, "0b7e3c1a-5d2f-4e8a-9c6b-1f2a3b4c5d6e"),
        (b"guest", "guest"),
        (bytearray(b"host"), "host"),
        (memoryview(b"admin"), "admin"),
        (b"\xff\x00", "0xff00"),
    ],
    ids=repr,
)
def test_normalise_gives_one_form_per_value(value: object, expected: object) -> None:
    assert normalise(value) == expected
    assert type(normalise(value)) is type(expected)


def test_result_normalised_applies_to_every_cell() -> None:
    result = Result(Statement("SELECT 1", "", 1), ("a", "b"), ((decimal.Decimal("1.50"), ID),))
    assert result.normalised() == [[1.5, str(ID)]]


def test_format_table_aligns_columns_and_counts_rows() -> None:
    table = format_table(("name", "price"), [("Loft", decimal.Decimal("80.00")), ("Cabin", None)])
    assert table == "\n".join(
        [
            "+-------+-------+",
            "| name  | price |",
            "+-------+-------+",
            "| Loft  | 80    |",
            "| Cabin | NULL  |",
            "+-------+-------+",
            "(2 rows)",
        ]
    )


@pytest.mark.parametrize(
    ("rows", "count"), [([], "(0 rows)"), ([("a much longer value",)], "(1 row)")]
)
def test_format_table_widens_to_the_widest_cell(rows: list[tuple[str]], count: str) -> None:
    lines = format_table(("v",), rows).splitlines()
    assert lines[-1] == count
    assert len({len(line) for line in lines[:-1]}) == 1  # every line as wide
    assert len(lines[0]) == len("| " + max(["v", *(r[0] for r in rows)], key=len) + " |")


# --- running files ----------------------------------------------------------------------

MIXED_FILE = """-- How many users?
SELECT COUNT(*) AS users FROM users;

UPDATE users SET first_name = 'Nobody' WHERE 1 = 0;

-- engines: postgres
SELECT 'only here' AS engine_specific;

-- What is two plus two?
SELECT 2 + 2 AS four;
"""


def test_run_text_yields_results_and_statements(empty_db: Db, tmp_path: Path) -> None:
    outcomes = list(run_text(empty_db.connection, empty_db.engine, MIXED_FILE, tmp_path / "f"))
    assert len(outcomes) == 4
    count, update, specific, four = outcomes
    assert isinstance(count, Result)
    assert (count.columns, count.normalised()) == (("users",), [[0]])
    assert count.statement.comment == "How many users?"
    assert isinstance(update, Statement)
    if empty_db.engine == "postgres":
        assert isinstance(specific, Result)
        assert specific.normalised() == [["only here"]]
    else:
        assert isinstance(specific, Statement)
        assert not specific.runs_on(empty_db.engine)
    assert isinstance(four, Result)
    assert (four.columns, four.normalised()) == (("four",), [[4]])


def test_a_refused_statement_names_file_line_and_engine(empty_db: Db, tmp_path: Path) -> None:
    path = tmp_path / "broken.sql"
    text = "SELECT 1;\n\n-- A table that is not there\nSELECT * FROM no_such_table;\nSELECT 2;"
    outcomes = run_text(empty_db.connection, empty_db.engine, text, path)
    assert isinstance(next(outcomes), Result)
    with pytest.raises(StatementError, match=rf"^{re.escape(str(path))}:4: ") as refused:
        next(outcomes)
    assert f"{empty_db.engine} refused the statement" in str(refused.value)
    assert isinstance(refused.value.__cause__, database_errors(empty_db.engine))


def test_run_file_names_a_file_it_cannot_read_or_split(tmp_path: Path) -> None:
    with fresh_database(None) as (_, connection):
        with pytest.raises(SqlFileError, match=r"missing\.sql: cannot read"):
            list(run_file(connection, "sqlite", tmp_path / "missing.sql"))
        latin = tmp_path / "latin.sql"
        latin.write_bytes("SELECT 'café';".encode("latin-1"))
        with pytest.raises(SqlFileError, match=r"latin\.sql: not UTF-8"):
            list(run_file(connection, "sqlite", latin))
        broken = tmp_path / "broken.sql"
        broken.write_text("SELECT 1;\nSELECT 'open;\n", encoding="utf-8")
        with pytest.raises(SqlFileError, match=r"broken\.sql: line 2: unclosed ' quote"):
            list(run_file(connection, "sqlite", broken))


# --- engines and URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, ("sqlite", "", None, "", "", "")),
        ("sqlite://", ("sqlite", "", None, "", "", "")),
        ("mysql://root@127.0.0.1:3306/sql_advanced",
         ("mysql", "127.0.0.1", 3306, "root", "", "sql_advanced")),
        ("mariadb://app:p%40ss@db.local/booking-site",
         ("mysql", "db.local", 3306, "app", "p@ss", "booking_site")),
        ("postgresql://pg@10.0.0.5:6543/x", ("postgres", "10.0.0.5", 6543, "pg", "", "x")),
        ("postgres://", ("postgres", "127.0.0.1", 5432, "postgres", "", "sqladv")),
    ],
)  # fmt: skip
def test_server_for_reads_the_url(url: str | None, expected: tuple[Any, ...]) -> None:
    server = server_for(url)
    found = (server.engine, server.host, server.port, server.user, server.password, server.base)
    if server.engine == "sqlite":
        found = (server.engine, "", None, "", "", "")
    assert found == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("oracle://scott@db/orcl", "unsupported database URL scheme 'oracle'"),
        ("mysql://root:secret@127.0.0.1:99999/x", "bad port in database URL"),
        ("mysql://root@127.0.0.1/a;DROP", "bad database name 'a;DROP'"),
        ("postgres://root@127.0.0.1/" + "x" * 55, "at most 54 characters"),
    ],
)
def test_server_for_refuses_a_bad_url(url: str, message: str) -> None:
    with pytest.raises(EngineError, match=re.escape(message)) as refused:
        server_for(url)
    assert "secret" not in str(refused.value)


def test_a_password_is_never_shown() -> None:
    url = "postgres://app:s3cr%40t@db:5432/base"
    assert redacted(url) == "postgres://app:***@db:5432/base"
    assert redacted("postgres://app@db/base") == "postgres://app@db/base"
    server = server_for(url)
    assert server.password == "s3cr@t"
    assert "s3cr" not in repr(server)


def test_sqlite_fresh_database_enforces_foreign_keys_and_is_removed() -> None:
    with fresh_database(None) as (server, connection):
        assert server.engine == "sqlite"
        assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
        (file,) = [row[2] for row in connection.execute("PRAGMA database_list")]
    assert not Path(file).exists()


@pytest.mark.parametrize("engine", SERVICES)
def test_server_connections_do_not_depend_on_server_settings(engine: str) -> None:
    server = server_for(os.environ[URL_VARIABLES[engine]])
    connection = connect(server, "")  # as fresh_database does for CREATE/DROP DATABASE
    try:
        cursor = connection.cursor()
        if engine == "mysql":
            cursor.execute("SELECT DATABASE(), @@SESSION.sql_mode, @@SESSION.time_zone")
            database, sql_mode, time_zone = cursor.fetchone()
            assert database is None
            assert "STRICT_ALL_TABLES" in sql_mode.split(",")
            assert time_zone == "+00:00"
        else:
            cursor.execute("SELECT current_database(), current_setting('TimeZone')")
            assert cursor.fetchone() == ("postgres", "UTC")
    finally:
        connection.close()


# --- the command line -------------------------------------------------------------------


Completed = subprocess.CompletedProcess[str]


def sqlrunner(*args: str | Path, env: dict[str, str] | None = None) -> Completed:
    """`python -m sqlrunner ARGS` from the module folder; DATABASE_URL unset unless given."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "sqlrunner", *map(str, args)],
        cwd=MODULE,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "queries.sql"
    path.write_text(
        "-- How many users are there?\n"
        "SELECT COUNT(*) AS users FROM users;\n\n"
        "-- engines: mysql\n"
        "SELECT 1 AS only_mysql;\n\n"
        "UPDATE users SET role = 'admin' WHERE 1 = 0;\n\n"
        "-- Two rows\n"
        "SELECT 'Loft' AS name, 80.5 AS price UNION ALL SELECT 'Cabin', 120;\n",
        encoding="utf-8",
    )
    return path


def test_cli_prints_each_result_as_a_table(query_file: Path) -> None:
    done = sqlrunner("--no-seed", query_file)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == "-- engine: sqlite"
    assert "-- How many users are there?" in lines
    assert lines[lines.index("| users |") + 2] == "| 0     |"
    assert "(skipped on sqlite: written for mysql)" in lines
    assert "(done: UPDATE ...)" in lines
    assert "| Loft  | 80.5  |" in lines
    assert "| Cabin | 120   |" in lines
    assert lines[-1] == "(2 rows)"


def test_cli_loads_the_seed_unless_told_not_to(tmp_path: Path) -> None:
    path = tmp_path / "count.sql"
    path.write_text("SELECT COUNT(*) AS n FROM users;\n", encoding="utf-8")
    seeded, empty = sqlrunner(path), sqlrunner("--no-seed", path)
    assert (seeded.returncode, empty.returncode) == (0, 0), seeded.stderr
    count = {done.stdout.splitlines()[-3] for done in (seeded, empty)}  # the one row
    assert "| 0 |" in count
    assert len(count) == 2  # the seed has users


def test_cli_reads_the_url_from_database_url(query_file: Path) -> None:
    done = sqlrunner("--no-seed", query_file, env={"DATABASE_URL": "oracle://x/y"})
    assert done.returncode == 2
    assert "unsupported database URL scheme 'oracle'" in done.stderr


def test_cli_exit_1_names_the_failing_statement(tmp_path: Path) -> None:
    path = tmp_path / "broken.sql"
    path.write_text("SELECT 1;\n\n-- Oops\nSELECT * FROM no_such_table;\n", encoding="utf-8")
    done = sqlrunner("--url", "sqlite://", "--no-seed", path)
    assert done.returncode == 1
    assert f"{path}:4: sqlite refused the statement" in done.stderr
    assert "no such table" in done.stderr
    assert "Traceback" not in done.stderr


def _blocked_driver(module: str, *args: str) -> Completed:
    """The CLI in a Python where `module` cannot be imported, as when it is not installed."""
    code = f"import sys; sys.modules[{module!r}] = None; import runpy; "
    code += "runpy.run_module('sqlrunner', run_name='__main__')"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=MODULE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_exit_2_when_the_driver_is_missing(query_file: Path) -> None:
    done = _blocked_driver("MySQLdb", "--url", "mysql://root@127.0.0.1:1/x", str(query_file))
    assert done.returncode == 2
    assert "mysql needs the MySQLdb driver: pip install mysqlclient" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no/such/file.sql"], "no such file: no/such/file.sql"),
        (["--url", "oracle://scott@db/orcl", "QUERY"], "unsupported database URL scheme"),
        (["--url", "postgres://postgres@127.0.0.1:1/x", "QUERY"],
         "cannot connect to postgres at 127.0.0.1:1"),
        (["--url", "mysql://root@127.0.0.1:1/x", "QUERY"], "MYSQL"),
        (["--url", "mysql://root@127.0.0.1/bad;name", "QUERY"], "bad database name"),
        (["--url", "sqlite://", "BROKEN"], "broken.sql: line 2: unclosed ' quote"),
        (["--url", "sqlite://", "LATIN"], "latin.sql: not UTF-8 text"),
    ],
    ids=["missing file", "unsupported scheme", "unreachable postgres", "unreachable mysql",
         "bad database name", "unsplittable file", "not UTF-8"],
)  # fmt: skip
def test_cli_exit_2_on_bad_input(
    args: list[str], message: str, query_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.sql"
    broken.write_text("SELECT 1;\nSELECT 'open;\n", encoding="utf-8")
    latin = tmp_path / "latin.sql"
    latin.write_bytes("SELECT 'café';".encode("latin-1"))
    files = {"QUERY": str(query_file), "BROKEN": str(broken), "LATIN": str(latin)}
    done = sqlrunner("--no-seed", *[files.get(arg, arg) for arg in args])
    if message == "MYSQL":  # mysqlclient is optional: without it, the CLI says so
        message = "cannot connect to mysql at 127.0.0.1:1" if _has("MySQLdb") else "pip install"
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert done.stderr.startswith("sqlrunner: ")
    assert "Traceback" not in done.stderr


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# --- the command line on MariaDB and PostgreSQL -------------------------------------------

CURRENT_DATABASE = {
    "mysql": "SELECT DATABASE() AS db",
    "postgres": "SELECT current_database() AS db",
}


def databases(url: str) -> set[str]:
    server = server_for(url)
    connection = connect(server, "")
    try:
        cursor = connection.cursor()
        cursor.execute(
            "SHOW DATABASES" if server.engine == "mysql" else "SELECT datname FROM pg_database"
        )
        return {str(normalise(name)) for (name,) in cursor.fetchall()}
    finally:
        connection.close()


@pytest.mark.parametrize("engine", SERVICES)
@pytest.mark.parametrize("fails", [False, True], ids=["ok", "failing"])
def test_cli_fresh_database_is_gone_after_the_run(
    engine: str, fails: bool, tmp_path: Path
) -> None:
    url = os.environ[URL_VARIABLES[engine]]
    path = tmp_path / "where.sql"
    path.write_text(
        f"{CURRENT_DATABASE[engine]};\n" + ("SELECT * FROM no_such_table;\n" if fails else ""),
        encoding="utf-8",
    )
    before = databases(url)
    done = sqlrunner("--url", url, "--no-seed", path)
    assert done.returncode == (1 if fails else 0), done.stderr
    base = server_for(url).base
    (fresh,) = re.findall(rf"\b{base}_[0-9a-f]{{8}}\b", done.stdout)
    assert fresh not in before
    assert fresh not in databases(url)


def with_password(url: str) -> tuple[str, str]:
    """The URL with a password: its own if it has one, else one the server will ignore
    (trust) or refuse."""
    parts = urlsplit(url)
    if parts.password:
        return url, parts.password
    password = "pw-never-printed-7431"
    user = parts.username or ""
    netloc = f"{user}:{password}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc)), password


@pytest.mark.parametrize("engine", SERVICES)
def test_cli_never_prints_the_password(engine: str, query_file: Path) -> None:
    url, password = with_password(os.environ[URL_VARIABLES[engine]])
    done = sqlrunner("--url", url, "--no-seed", query_file)
    assert password not in done.stdout + done.stderr
    if done.returncode == 0:
        assert done.stdout.splitlines()[0] == f"-- engine: {engine} ({redacted(url)})"
        assert ":***@" in done.stdout
    else:  # the server refused the password
        assert done.returncode == 2
        assert f"cannot connect to {engine}" in done.stderr


@pytest.mark.services("postgres")
def test_cli_exit_2_when_the_server_refuses_to_create_the_database(query_file: Path) -> None:
    url = os.environ["POSTGRES_URL"]
    role, password = f"sqlrunner_nocreate_{os.getpid()}", "pw-for-a-test-role"
    admin = connect(server_for(url), "")
    try:
        admin.execute(f"CREATE ROLE {role} LOGIN NOCREATEDB PASSWORD '{password}'")
        parts = urlsplit(url)
        netloc = f"{role}:{password}@{parts.hostname}:{parts.port or 5432}"
        done = sqlrunner("--url", urlunsplit(parts._replace(netloc=netloc)), query_file)
    finally:
        admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.close()
    assert done.returncode == 2, done.stderr
    assert "refused CREATE DATABASE" in done.stderr
    assert "permission denied" in done.stderr
    assert password not in done.stdout + done.stderr
