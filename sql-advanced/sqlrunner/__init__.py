"""sqlrunner: run the module's .sql files on SQLite, MariaDB/MySQL or PostgreSQL."""
