-- Indexes for the frequent queries of index_targets.sql, one per query, named
-- idx_<table>_<columns>. Plain CREATE INDEX: the same statement on SQLite, MariaDB and
-- PostgreSQL. bench.py times each query before and after its index on the large data set;
-- index_performance.md quotes the numbers.
--
-- The schema already indexes what the program asks for: users.email (its UNIQUE
-- constraint), and every foreign key column (properties.host_id, bookings.property_id and
-- user_id, payments.booking_id, reviews.property_id and user_id, messages' sender and
-- recipient), which the joins use. So no index here repeats one of those. In particular a
-- property's bookings over a few dates (property_id, start_date) are not worth a second
-- index: idx_bookings_property already narrows them to the property's ~50 bookings.
--
-- Column order in a composite index: the columns compared with `=` first, then the one
-- compared with a range or sorted on. The index is sorted by its first column, then by the
-- next within equal values of the first, and so on; so for `a = ? ORDER BY b` the entries
-- of (a, b) for one value of a are already in b's order, while (b, a) would scatter them.
-- Every index costs space and slows each INSERT and UPDATE of its columns a little: the
-- ones here serve queries that run far more often than bookings are written.

-- bookings_starting_per_day: a range on start_date, and the count needs nothing else, so
-- the engine reads only the index (an index-only scan).
CREATE INDEX idx_bookings_start_date ON bookings (start_date);

-- payments_by_method_in_week: payment_date first (the range), then payment_method and
-- amount, which the query only reads: with them in the index, the index alone answers (a
-- covering index), and the week's ~2,700 payments are never fetched from the table, where
-- each sits on a page of its own. With payment_date alone those fetches remain: on the
-- large data set that index made the query about ten times faster, this one forty times
-- or more.
CREATE INDEX idx_payments_payment_date_payment_method_amount
    ON payments (payment_date, payment_method, amount);

-- largest_payments_by_method: payment_method first (compared with =), then amount (the
-- order): the method's entries are already sorted by amount, so LIMIT 10 reads the last
-- ten of them, backwards, instead of sorting a quarter of the table. (The tie-breaker,
-- payment_id, comes free on MariaDB, whose secondary index entries end with the primary
-- key; PostgreSQL sorts only the entries of equal amount, an incremental sort.)
CREATE INDEX idx_payments_payment_method_amount ON payments (payment_method, amount);

-- users_by_last_name: last_name first (compared with =), then first_name (the order),
-- so the first page of a name's users is the first twenty entries for that name (user_id
-- breaks ties as in largest_payments_by_method).
CREATE INDEX idx_users_last_name_first_name ON users (last_name, first_name);

-- oldest_pending_bookings: status first (compared with =), then created_at (the range and
-- the order): the pending entries are contiguous and sorted by date. The other way round,
-- (created_at, status), the scan would walk bookings of every status made before the
-- date and skip the ones not pending (88% of the large data set's).
CREATE INDEX idx_bookings_status_created_at ON bookings (status, created_at);

-- latest_reviews: created_at alone; an index can be read backwards, so one ascending
-- index serves ORDER BY created_at DESC as well.
CREATE INDEX idx_reviews_created_at ON reviews (created_at);
