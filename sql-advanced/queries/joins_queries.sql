-- Joins on the booking platform. Each statement answers the question in the comment above
-- it; results are ordered completely (ties broken by a unique column) so that every engine
-- returns the same rows in the same order.

-- Which guest made each booking? Every booking with its user's name and email (INNER
-- JOIN: bookings.user_id is NOT NULL and a foreign key, so no booking is dropped).
SELECT b.booking_id, b.start_date, b.end_date, b.status, b.total_price,
       u.first_name, u.last_name, u.email
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
ORDER BY b.start_date, b.booking_id;

-- What reviews has each property received? Every property, with NULL review columns for
-- those that have none (LEFT JOIN keeps the left side whole; an INNER JOIN would drop them).
SELECT p.name AS property, p.location, r.rating, r.comment, r.created_at AS reviewed_at
FROM properties AS p
LEFT JOIN reviews AS r ON r.property_id = p.property_id
ORDER BY p.name, r.created_at, r.review_id;

-- Every user with every booking, keeping users without bookings and bookings without a
-- user (FULL OUTER JOIN, native in PostgreSQL and in SQLite 3.39+; MariaDB/MySQL have
-- none). The foreign key means the second kind cannot exist here, so the unmatched rows
-- are the users who never booked; rows without a user would sort last.
-- engines: sqlite postgres
SELECT u.first_name, u.last_name, b.booking_id, b.start_date, b.status
FROM users AS u
FULL OUTER JOIN bookings AS b ON b.user_id = u.user_id
ORDER BY CASE WHEN u.first_name IS NULL THEN 1 ELSE 0 END,
         u.first_name, u.last_name, b.start_date, b.booking_id;

-- The same FULL OUTER JOIN on every engine, emulated: all users with their bookings (LEFT
-- JOIN), plus the bookings whose user is missing (an anti-join). UNION ALL, not UNION:
-- the two halves cannot share a row, and UNION would also merge genuinely equal rows.
SELECT first_name, last_name, booking_id, start_date, status
FROM (
    SELECT u.first_name, u.last_name, b.booking_id, b.start_date, b.status
    FROM users AS u
    LEFT JOIN bookings AS b ON b.user_id = u.user_id
    UNION ALL
    SELECT u.first_name, u.last_name, b.booking_id, b.start_date, b.status
    FROM bookings AS b
    LEFT JOIN users AS u ON u.user_id = b.user_id
    WHERE u.user_id IS NULL
) AS users_and_bookings
ORDER BY CASE WHEN first_name IS NULL THEN 1 ELSE 0 END,
         first_name, last_name, start_date, booking_id;
