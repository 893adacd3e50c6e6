import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alx_backend_graphql_crm.settings")
django.setup()

from crm.models import Customer, Product  # noqa: E402


def seed():
    customers = [
        ("Alice Johnson", "alice@example.com", "+1234567890"),
        ("Bob Smith", "bob@example.com", "123-456-7890"),
        ("Carol White", "carol@example.com", ""),
    ]
    for name, email, phone in customers:
        customer = Customer(name=name, email=email, phone=phone)
        print(f"Created {customer}")
    products = [("Laptop", "999.99", 10), ("Phone", "499.99", 25), ("Mouse", "19.99", 100)]
    for name, price, stock in products:
        product = Product(name=name, price=price, stock=stock)
        print(f"Created {product}")
    print("Database seeded successfully!")


if __name__ == "__main__":
    seed()
