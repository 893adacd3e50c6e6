import sqlite3


class ExecuteQuery:
    def __init__(self, query, param):
        self.query = query
        self.param = param

    def __enter__(self):
        self.connection = sqlite3.connect("users.db")
        self.cursor = self.connection.cursor()
        self.cursor.execute(self.query, (self.param,))
        return self.cursor

    def __exit__(self, exc_type, exc_value, traceback):
        self.connection.close()
        return False


with ExecuteQuery("SELECT * FROM users WHERE age > ?", 25) as cursor:
    for row in cursor:
        print(row)
