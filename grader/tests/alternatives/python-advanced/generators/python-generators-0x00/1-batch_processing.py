#!/usr/bin/python3
"""Fetch and process user_data in batches"""
import mysql.connector


def stream_users_in_batches(batch_size):
    """Yield the rows of user_data in lists of batch_size"""
    connection = mysql.connector.connect(
        host="localhost", user="root", password="", database="ALX_prodev"
    )
    cursor = connection.cursor(dictionary=True)
    cursor.execute("SELECT * FROM user_data")
    while True:
        batch = cursor.fetchmany(batch_size)
        if not batch:
            break
        yield batch
    cursor.close()
    connection.close()


def batch_processing(batch_size):
    """Print the users over 25"""
    for batch in stream_users_in_batches(batch_size):
        for user in batch:
            if user["age"] > 25:
                print(user)
