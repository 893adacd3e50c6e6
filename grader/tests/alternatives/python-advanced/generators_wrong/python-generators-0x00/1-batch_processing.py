#!/usr/bin/python3
"""Batches, with an empty one at the end"""
seed = __import__('seed')


def stream_users_in_batches(batch_size):
    connection = seed.connect_to_prodev()
    cursor = connection.cursor(dictionary=True)
    cursor.execute("SELECT * FROM user_data")
    batch = []
    while batch is not None:
        batch = cursor.fetchmany(batch_size)
        yield batch
        if len(batch) < batch_size:
            batch = None
    connection.close()


def batch_processing(batch_size):
    for batch in stream_users_in_batches(batch_size):
        for user in batch:
            if user["age"] > 25:
                print(user)
