-- Query performance: one question, "which confirmed bookings start in March 2025, with
-- their guest, property and payment details?", asked first the expensive way, then
-- refactored. Both return the same rows (one per payment; a booking not yet paid comes
-- once, with NULL payment columns). Each query is followed by its plan on each engine.
-- bench.py times the two queries (found by the `initial:` and `refactored:` prefixes) on
-- the large data set; optimization_report.md discusses the plans and the numbers.

-- initial: confirmed bookings starting in March 2025 with guest, property and payment
-- details, written the expensive way. (1) The date filter turns start_date into text
-- (CAST ... LIKE): no index on start_date can serve it, and every booking is converted
-- and compared. (2) It joins the host (users AS h) and the reviews, neither of which is
-- in the output; the reviews repeat each booking once per review of its property.
-- (3) DISTINCT then hides that duplication by sorting and comparing every wide row.
SELECT DISTINCT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
INNER JOIN users AS h ON h.user_id = p.host_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
LEFT JOIN reviews AS r ON r.property_id = p.property_id
WHERE CAST(b.start_date AS CHAR(10)) LIKE '2025-03-%'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- Plan of the initial query (MariaDB/MySQL, JSON).
-- engines: mysql
EXPLAIN FORMAT=JSON
SELECT DISTINCT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
INNER JOIN users AS h ON h.user_id = p.host_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
LEFT JOIN reviews AS r ON r.property_id = p.property_id
WHERE CAST(b.start_date AS CHAR(10)) LIKE '2025-03-%'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- Plan of the initial query (PostgreSQL, JSON).
-- engines: postgres
EXPLAIN (FORMAT JSON)
SELECT DISTINCT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
INNER JOIN users AS h ON h.user_id = p.host_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
LEFT JOIN reviews AS r ON r.property_id = p.property_id
WHERE CAST(b.start_date AS CHAR(10)) LIKE '2025-03-%'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- Plan of the initial query (SQLite).
-- engines: sqlite
EXPLAIN QUERY PLAN
SELECT DISTINCT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
INNER JOIN users AS h ON h.user_id = p.host_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
LEFT JOIN reviews AS r ON r.property_id = p.property_id
WHERE CAST(b.start_date AS CHAR(10)) LIKE '2025-03-%'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- refactored: the same confirmed bookings of March 2025 with the same details, cheaply.
-- (1) A half-open range on the bare column (on or after the first day of the month and
-- before the first day of the next) that needs no conversion and that an index on
-- start_date can serve (queries/database_index.sql adds one). (2) Only the joins the
-- output needs, each on an indexed key (users and properties by primary key, payments by
-- idx_payments_booking), so no row is repeated and no DISTINCT is needed.
SELECT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
WHERE b.start_date >= '2025-03-01' AND b.start_date < '2025-04-01'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- Plan of the refactored query (MariaDB/MySQL, JSON).
-- engines: mysql
EXPLAIN FORMAT=JSON
SELECT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
WHERE b.start_date >= '2025-03-01' AND b.start_date < '2025-04-01'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- Plan of the refactored query (PostgreSQL, JSON).
-- engines: postgres
EXPLAIN (FORMAT JSON)
SELECT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
WHERE b.start_date >= '2025-03-01' AND b.start_date < '2025-04-01'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;

-- Plan of the refactored query (SQLite).
-- engines: sqlite
EXPLAIN QUERY PLAN
SELECT b.booking_id, b.start_date, b.end_date, b.total_price,
       u.first_name, u.last_name, u.email,
       p.name AS property, p.location,
       pay.payment_id, pay.amount, pay.payment_method, pay.payment_date
FROM bookings AS b
INNER JOIN users AS u ON u.user_id = b.user_id
INNER JOIN properties AS p ON p.property_id = b.property_id
LEFT JOIN payments AS pay ON pay.booking_id = b.booking_id
WHERE b.start_date >= '2025-03-01' AND b.start_date < '2025-04-01'
  AND b.status = 'confirmed'
ORDER BY b.start_date, b.booking_id, pay.payment_date, pay.payment_id;
