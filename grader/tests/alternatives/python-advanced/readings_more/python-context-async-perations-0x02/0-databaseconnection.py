import sqlite3


class DatabaseConnection:
    """with DatabaseConnection() as cursor: ..."""

    def __enter__(self):
        self.connection = sqlite3.connect("users.db")
        self.cursor = self.connection.cursor()
        return self.cursor

    def __exit__(self, exc_type, exc, tb):
        self.cursor.close()
        self.connection.close()


with DatabaseConnection() as cursor:
    cursor.execute("SELECT * FROM users")
    print(cursor.fetchall())
