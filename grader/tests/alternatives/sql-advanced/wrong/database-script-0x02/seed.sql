INSERT INTO User (user_id, first_name, last_name, email, password_hash, role)
VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'Kofi', 'Boateng', 'kofi@example.org', 'h1', 'host');
INSERT INTO User (user_id, first_name, last_name, email, password_hash, role)
VALUES ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Lina', 'Haddad', 'lina@example.org', 'h2', 'guest');
-- TODO: properties, bookings, payments, reviews, messages
