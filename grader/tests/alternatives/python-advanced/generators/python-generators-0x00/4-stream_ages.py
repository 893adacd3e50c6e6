#!/usr/bin/python3
"""Average age of the users, one age at a time"""
seed = __import__('seed')


def stream_user_ages():
    """Yield each user's age"""
    connection = seed.connect_to_prodev()
    cursor = connection.cursor()
    cursor.execute("SELECT age FROM user_data")
    for (age,) in cursor:
        yield age
    connection.close()


def average_age():
    total = 0
    count = 0
    for age in stream_user_ages():
        total += age
        count += 1
    return total / count if count else 0


print(f"Average age of users: {average_age():.2f}")
