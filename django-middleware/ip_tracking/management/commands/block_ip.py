"""manage.py block_ip: the blocklist from the command line.

    python manage.py block_ip 203.0.113.7 198.51.100.0/24 --reason "scraping"
    python manage.py block_ip --remove 203.0.113.7
    python manage.py block_ip --list

Every address is checked before anything is written: one bad address, and none of the
others is blocked (or unblocked) either.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ip_tracking import selectors, services


class Command(BaseCommand):
    help = "Block IP addresses or networks (or --remove them, or --list the blocklist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addresses", nargs="*", help="IPv4/IPv6 addresses or networks")
        parser.add_argument("--reason", default="", help="why, kept with each entry")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--remove", action="store_true", help="unblock them instead")
        action.add_argument("--list", action="store_true", help="show the blocklist")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            if options["addresses"]:
                raise CommandError("--list takes no addresses")
            self.show_blocklist()
            return
        if not options["addresses"]:
            raise CommandError("give at least one address or network (or --list)")
        try:
            with transaction.atomic():  # all or nothing
                done = [
                    self.change(address, remove=options["remove"], reason=options["reason"])
                    for address in options["addresses"]
                ]
        except services.BlocklistError as error:
            raise CommandError(f"{error}; nothing was changed") from None
        for line in done:  # only once all of it is saved
            self.stdout.write(line)

    def change(self, address: str, *, remove: bool, reason: str) -> str:
        if remove:
            return f"unblocked {services.blocked_ip_remove(address=address)}"
        return f"blocked {services.blocked_ip_add(address=address, reason=reason).ip_address}"

    def show_blocklist(self) -> None:
        entries = selectors.blocked_ips()
        for entry in entries:
            note = f"  {entry.reason}" if entry.reason else ""
            self.stdout.write(f"{entry.ip_address}  since {entry.created_at:%Y-%m-%d %H:%M}{note}")
        if not entries:
            self.stdout.write("no address is blocked")
