#!/usr/bin/python3
"""Stream users... after reading them all with fetchall()"""
seed = __import__('seed')


def stream_users():
    connection = seed.connect_to_prodev()
    cursor = connection.cursor(dictionary=True)
    cursor.execute("SELECT * FROM user_data")
    rows = cursor.fetchall()
    connection.close()
    for row in rows:
        yield row
