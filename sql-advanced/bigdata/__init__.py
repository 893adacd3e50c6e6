"""A large, deterministic data set for the booking schema, and its bulk loaders.

    python -m bigdata --url mysql://root@127.0.0.1:3306/sql_advanced --bookings 1000000

`generate(bookings)` makes the rows (rows.py: the same bytes for the same arguments);
`load(connection, engine, data)` puts them into a database holding the schema (load.py,
one module per engine). bench.py uses both; tests/test_bigdata.py checks both.
"""

from bigdata.load import load
from bigdata.rows import COLUMNS, DEFAULT_BOOKINGS, SEED, TABLES, DataSet, Sizes, generate
from bigdata.steps import LoadError

__all__ = [
    "COLUMNS",
    "DEFAULT_BOOKINGS",
    "SEED",
    "TABLES",
    "DataSet",
    "LoadError",
    "Sizes",
    "generate",
    "load",
]
