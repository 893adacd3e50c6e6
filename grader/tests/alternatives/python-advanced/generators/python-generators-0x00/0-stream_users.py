#!/usr/bin/python3
"""Stream the rows of user_data one by one"""
seed = __import__('seed')


def stream_users():
    """Yield each row of user_data as a dict"""
    connection = seed.connect_to_prodev()
    cursor = connection.cursor(dictionary=True)
    cursor.execute("SELECT * FROM user_data")
    for row in cursor:
        yield row
    cursor.close()
    connection.close()
