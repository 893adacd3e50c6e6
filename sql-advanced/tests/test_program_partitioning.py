"""The program's partitioning task (database-adv-script/partitioning.sql), graded on its
text: the Booking table partitioned by RANGE on start_date.

Read in the file on every engine: a PARTITION BY RANGE (or RANGE COLUMNS) whose key is
start_date or an expression of it, such as YEAR(start_date). Run on MariaDB (the
program writes for MySQL; SQLite has no partitioning), on our schema and seed
(tests/program.py): a table partitioned by range on start_date must then exist, in
several partitions. Our
layout (bookings_partitioned by month, catch-alls, pruning, keys) is `extras.partitioning`
(test_partitioning.py).
"""

from __future__ import annotations

import re

import pytest
from sqlrunner.runner import MODULE, read_sql
from tests.program import run_learner_file, summary
from tests.query_files import Database

pytestmark = pytest.mark.task("partitioning.bookings")

PARTITIONING = MODULE / "queries" / "partitioning.sql"
# PARTITION BY RANGE [COLUMNS] (key), the key holding at most one level of parentheses
RANGE_KEY = re.compile(
    r"PARTITION\s+BY\s+RANGE(?:\s+COLUMNS)?\s*\((?P<key>(?:[^()]|\([^()]*\))*)\)", re.I
)
CODE_ONLY = re.compile(r"'(?:[^'\\]|\\.|'')*'|--[^\n]*|/\*.*?\*/", re.DOTALL)


def test_the_file_partitions_by_range_on_start_date() -> None:
    code = CODE_ONLY.sub(" ", read_sql(PARTITIONING))
    keys = [match["key"] for match in RANGE_KEY.finditer(code)]
    assert keys, f"{PARTITIONING.name} has no PARTITION BY RANGE"
    assert any(re.search(r"\bstart_date\b", key, re.I) for key in keys), (
        f"the range keys {keys} do not use start_date"
    )


@pytest.mark.parametrize(
    "engine", [pytest.param("mysql", marks=pytest.mark.services("mysql"))], indirect=True
)
def test_a_table_is_partitioned_by_range_on_start_date(program_db: Database) -> None:
    ran = run_learner_file(program_db.connection, program_db.engine, PARTITIONING)
    rows = program_db.rows(
        "SELECT table_name, partition_method, partition_expression, COUNT(*)"
        " FROM information_schema.partitions WHERE table_schema = DATABASE()"
        " AND partition_name IS NOT NULL GROUP BY table_name, partition_method,"
        " partition_expression"
    )
    ranged = [
        (table, count)
        for table, method, key, count in rows
        if "RANGE" in str(method).upper() and re.search(r"start_date", str(key), re.I)
    ]
    assert ranged, (
        f"no table partitioned by range on start_date after the file ran ({rows}):\n{summary(ran)}"
    )
    assert any(int(count) >= 2 for _, count in ranged), f"a single partition: {ranged}"
