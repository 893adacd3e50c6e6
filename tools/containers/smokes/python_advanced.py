"""python-advanced: the tests service passes against MariaDB; then the generators unit's
seed fills ALX_prodev.user_data from the CSV, counted on the database container."""

from __future__ import annotations

from tools.containers.smokes import Smoke, ended_cleanly, mariadb_query
from tools.containers.stack import Stack, StackError

PRODEV_USERS = "SELECT COUNT(*) FROM ALX_prodev.user_data"
SEED = (
    "from generators import seed; connection = seed.connect_db(); "
    "seed.create_database(connection); connection.close(); "
    "connection = seed.connect_to_prodev(); seed.create_table(connection); "
    "seed.insert_data(connection, seed.CSV_PATH); connection.close()"
)


def seed_then_count(stack: Stack) -> None:
    ended_cleanly(stack, "tests")
    stack.compose("run", "--rm", "--no-deps", "tests", "python", "-c", SEED)
    count(stack)


def count(stack: Stack) -> None:
    count = mariadb_query(stack, "mariadb", PRODEV_USERS)
    if count != "1000":
        raise StackError(f"ALX_prodev.user_data holds {count!r} rows, not the CSV's 1000")


SMOKE = Smoke(run=seed_then_count, persisted=count)
