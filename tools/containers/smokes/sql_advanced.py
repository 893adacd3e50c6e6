"""sql-advanced: the tests service passes against MariaDB and PostgreSQL; then the module's
own loader (sqlrunner) puts the schema and seed into each server's `sql_advanced`
database, and a join over the seed is asked on each database container with its own
client: the seed's two users with more than three bookings, Alice (6) and Bruno (5)."""

from __future__ import annotations

from tools.containers.smokes import Smoke, ended_cleanly, mariadb_query
from tools.containers.stack import Stack, StackError

# Into the database each URL names (the tests container's DATABASE_URL and POSTGRES_URL),
# not a fresh one: sqlrunner's own command drops its database when it is done.
SEED = (
    "import os; from sqlrunner.engines import connect, server_for; "
    "from sqlrunner.runner import load_seed\n"
    "for url in (os.environ['DATABASE_URL'], os.environ['POSTGRES_URL']):\n"
    "    server = server_for(url); connection = connect(server, server.base)\n"
    "    load_seed(connection, server.engine); connection.close()"
)
FREQUENT_GUESTS = (
    "SELECT u.first_name, COUNT(*) FROM users u JOIN bookings b ON b.user_id = u.user_id "
    "GROUP BY u.user_id, u.first_name HAVING COUNT(*) > 3 ORDER BY u.first_name"
)
EXPECTED = "Alice\t6\nBruno\t5"
# psql as the image's superuser, on the socket; unaligned, tab-separated, no header.
PSQL = 'exec psql -U postgres -d sql_advanced -X -A -t -F "$(printf "\\t")" -c "$0"'


def seed_then_query(stack: Stack) -> None:
    ended_cleanly(stack, "tests")
    stack.compose("run", "--rm", "--no-deps", "tests", "python", "-c", SEED)
    query_both(stack)


def query_both(stack: Stack) -> None:
    answers = {
        "mariadb": mariadb_query(stack, "mariadb", f"USE sql_advanced; {FREQUENT_GUESTS}"),
        "postgres": stack.compose(
            "exec", "-T", "postgres", "sh", "-c", PSQL, FREQUENT_GUESTS
        ).strip(),
    }
    wrong = {server: answer for server, answer in answers.items() if answer != EXPECTED}
    if wrong:
        raise StackError(f"users with more than three bookings: {wrong}, not {EXPECTED!r}")


SMOKE = Smoke(run=seed_then_query, persisted=query_both)
