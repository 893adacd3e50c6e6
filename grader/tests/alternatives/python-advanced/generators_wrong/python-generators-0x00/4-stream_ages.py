#!/usr/bin/python3
"""The average age, computed by SQL"""
seed = __import__('seed')


def stream_user_ages():
    connection = seed.connect_to_prodev()
    cursor = connection.cursor()
    cursor.execute("SELECT age FROM user_data")
    for (age,) in cursor:
        yield age
    connection.close()


if __name__ == "__main__":
    connection = seed.connect_to_prodev()
    cursor = connection.cursor()
    cursor.execute("SELECT AVG(age) FROM user_data")
    print(f"Average age of users: {cursor.fetchone()[0]}")
