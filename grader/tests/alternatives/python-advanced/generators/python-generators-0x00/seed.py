#!/usr/bin/python3
"""Set up the ALX_prodev MySQL database and load user_data.csv into it"""
import csv
import uuid

import mysql.connector
from mysql.connector import Error


def connect_db():
    """Connect to the MySQL server"""
    try:
        return mysql.connector.connect(host="localhost", user="root", password="root")
    except Error as e:
        print(f"Error: {e}")
        return None


def create_database(connection):
    """Create the database ALX_prodev if it does not exist"""
    cursor = connection.cursor()
    cursor.execute("CREATE DATABASE IF NOT EXISTS ALX_prodev")
    cursor.close()


def connect_to_prodev():
    """Connect to the ALX_prodev database"""
    try:
        return mysql.connector.connect(
            host="localhost", user="root", password="root", database="ALX_prodev"
        )
    except Error as e:
        print(f"Error: {e}")
        return None


def create_table(connection):
    """Create the table user_data if it does not exist"""
    cursor = connection.cursor()
    cursor.execute("""
        CREATE TABLE IF NOT EXISTS user_data (
            user_id CHAR(36) PRIMARY KEY,
            name VARCHAR(255) NOT NULL,
            email VARCHAR(255) NOT NULL,
            age DECIMAL NOT NULL,
            INDEX (user_id)
        )
    """)
    connection.commit()
    cursor.close()
    print("Table user_data created successfully")


def insert_data(connection, data):
    """Insert the CSV's rows, skipping those whose email is already there"""
    cursor = connection.cursor()
    with open(data, newline="") as file:
        for row in csv.DictReader(file):
            cursor.execute("SELECT user_id FROM user_data WHERE email = %s", (row["email"],))
            if cursor.fetchone():
                continue
            cursor.execute(
                "INSERT INTO user_data (user_id, name, email, age) VALUES (%s, %s, %s, %s)",
                (str(uuid.uuid4()), row["name"], row["email"], row["age"]),
            )
    connection.commit()
    cursor.close()
