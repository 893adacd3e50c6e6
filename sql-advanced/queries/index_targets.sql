-- The frequent queries that database_index.sql serves: one index per query.
--
-- Each query filters or sorts on a column that the schema does not index yet (the schema
-- already indexes every foreign key column and users.email). On the large data set
-- (1,000,000 bookings over 2021-2025, 100,000 users, 702,208 payments) each one reads the
-- whole table without its index and a few rows, or a few thousand index entries, with it.
-- The first comment line of each query is `<name>: <question>`: tests/test_indexes.py
-- and bench.py find the queries by that name. The literal values exist in the seed and
-- in the large data set alike.
--
-- Each result is ordered down to a unique column, so that it is the same with or without
-- the index (an index changes the order in which rows are found, never the result).

-- bookings_starting_per_day: How many bookings start on each day of the week of 3 March
-- 2025 (how many arrivals to prepare for each day)?
-- A range on start_date: 7 days of the 1,826 in the large data set. Counting needs no
-- other column, so the index alone answers it (an index-only scan).
SELECT start_date, COUNT(*) AS bookings
FROM bookings
WHERE start_date BETWEEN '2025-03-03' AND '2025-03-09'
GROUP BY start_date
ORDER BY start_date;

-- payments_by_method_in_week: How many payments, and how much money, came in by each
-- payment method in the week of 24 February 2025?
-- A range on payment_date (a timestamp: the week is [24 February, 3 March), so that its
-- last day counts whole); amount and method are read for the week's payments only.
SELECT payment_method, COUNT(*) AS payments, SUM(amount) AS received
FROM payments
WHERE payment_date >= '2025-02-24' AND payment_date < '2025-03-03'
GROUP BY payment_method
ORDER BY payment_method;

-- largest_payments_by_method: Which are the ten largest payments made with PayPal (the
-- risk team's daily look at the biggest amounts per payment method)?
-- An equality on payment_method and an order on amount: with an index on both, the last
-- ten entries for the method are the answer, and nothing is sorted.
SELECT payment_id, booking_id, amount, payment_date
FROM payments
WHERE payment_method = 'paypal'
ORDER BY amount DESC, payment_id DESC
LIMIT 10;

-- users_by_last_name: Who are the first twenty users named Okafor, by first name (the
-- first page of the admin's user search)?
-- An equality on last_name and an order on first_name: the same shape as the query above.
SELECT user_id, first_name, last_name, email
FROM users
WHERE last_name = 'Okafor'
ORDER BY first_name, user_id
LIMIT 20;

-- oldest_pending_bookings: Which twenty booking requests made before 1 December 2025 are
-- still pending, oldest first (the next batch for the job that expires stale requests)?
-- An equality on status, a range and an order on created_at: the equality column first.
SELECT booking_id, property_id, user_id, created_at
FROM bookings
WHERE status = 'pending' AND created_at < '2025-12-01'
ORDER BY created_at, booking_id
LIMIT 20;

-- latest_reviews: What are the ten most recent reviews (the home page's review feed)?
-- No filter, an order on created_at and a limit: the index read backwards from its end
-- gives the ten newest without sorting the whole table.
SELECT review_id, property_id, rating, created_at
FROM reviews
ORDER BY created_at DESC, review_id DESC
LIMIT 10;
