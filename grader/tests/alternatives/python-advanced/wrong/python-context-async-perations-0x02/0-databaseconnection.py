import sqlite3


class DatabaseConnection:
    def __init__(self, db_name="users.db"):
        self.db_name = db_name

    def __enter__(self):
        self.conn = sqlite3.connect(self.db_name)
        return self.conn

    def __exit__(self, exc_type, exc_value, traceback):
        self.conn.close()
        return True  # "handled": swallows every error raised in the block
