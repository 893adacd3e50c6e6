import sqlite3


class ExecuteQuery:
    """Pastes the parameter into the SQL instead of binding it"""

    def __init__(self, query, params):
        self.query = query.replace("?", "{}").format(params)

    def __enter__(self):
        self.conn = sqlite3.connect("users.db")
        return self.conn.execute(self.query).fetchall()

    def __exit__(self, *exc):
        self.conn.close()
