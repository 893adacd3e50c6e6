"""Stand-ins for the services outside this machine (Chapa, the mail server), for the
tests, the benches and the offline demo. No production code imports them, and the image
leaves this folder out (.dockerignore)."""
