-- bookings partitioned by RANGE on start_date, on MariaDB and PostgreSQL.
--
-- SQLite has no table partitioning, so every statement below is tagged for mysql and
-- postgres and the runner skips them all on SQLite. (The nearest SQLite could do is one
-- table per period and a UNION ALL view over them, kept by hand.)
--
-- What this file does: it creates a new table, bookings_partitioned, with the columns of
-- bookings, copies every booking into it (INSERT ... SELECT), and ends with the query the
-- partitioning is for: a report on one month of bookings. bench.py times that query on
-- bookings and on bookings_partitioned; partition_performance.md quotes the numbers.
--
-- Layout: one partition per calendar month of start_date, January 2021 to December 2026
-- (72), and two catch-alls: before 2021, and from 2027 on. 74 partitions in all.
--
-- Why monthly: the date-range queries of a booking platform go by month (a month's
-- arrivals, the monthly revenue report, a calendar page), and with monthly partitions a
-- calendar month is exactly one partition. On the large data set (1,000,000 bookings over
-- five years) that is ~16,700 rows read instead of 1,000,000; quarterly partitions would
-- read three times that, yearly ones twelve times. Finer partitions (weekly) would only
-- multiply their number for queries that still span a month. 74 partitions are well within
-- what both engines handle (MariaDB allows 8,192 per table; PostgreSQL prunes them while
-- planning): the costs, one tablespace file per partition in InnoDB and a little planning
-- time per partition in PostgreSQL, stay small at this count.
--
-- Why catch-alls rather than rejecting out-of-range dates: a booking years ahead, or an
-- old one imported, is still a valid booking, and an INSERT failing because of storage
-- layout would be a surprise to the application. In normal operation the catch-alls stay
-- (nearly) empty, and pruning skips them like any other partition. The price: new months
-- must be added before their bookings arrive, by a scheduled job that splits the upper
-- catch-all (MariaDB: ALTER TABLE ... REORGANIZE PARTITION p_from_2027 INTO (the new
-- months, p_from_2028), which moves the rows itself; PostgreSQL: DETACH PARTITION the
-- catch-all, create the new months, move its rows into them, attach it back narrowed).
-- MariaDB has no DEFAULT partition for RANGE, hence MAXVALUE above the last month and a
-- first partition for everything below 2021; PostgreSQL could use one DEFAULT partition,
-- but it has to be scanned whenever a partition is added, so explicit MINVALUE and
-- MAXVALUE ranges keep both engines' layouts the same.
--
-- What partitioning forces on keys and foreign keys:
--
-- * Every unique key must include the partition key, on both engines. Each partition
--   checks uniqueness on its own rows only, so a key can only be unique across the table
--   if equal keys cannot land in different partitions. The primary key therefore becomes
--   (booking_id, start_date). Consequence: the database no longer guarantees that a
--   booking_id is unique on its own: the same booking_id with two different start dates
--   would be accepted. The UUIDs come from the application, so they are unique in
--   practice, but that is now the application's promise, not a constraint.
-- * MariaDB (InnoDB): a partitioned table can have no foreign keys at all, in either
--   direction: it can neither reference users and properties, nor be referenced by
--   payments (error 1506, "Foreign keys are not yet supported in conjunction with
--   partitioning"). Consequence: nothing in the database stops a booking of a property
--   that does not exist, or the deletion of a user who has bookings; the application, or
--   a periodic check, must keep the references right.
-- * PostgreSQL: a partitioned table may reference other tables, so property_id and
--   user_id keep their foreign keys here. Since PostgreSQL 12 it can also be referenced,
--   but only through one of its unique keys, all of which include start_date: payments
--   would need a start_date column of its own and a (booking_id, start_date) foreign key.
--
--   So payments keeps referencing the plain bookings table, on both engines. A real
--   migration to the partitioned table would add payments.booking_start_date and the
--   composite foreign key on PostgreSQL, and drop payments' foreign key on MariaDB.
-- * Moving a booking to other dates (an UPDATE of start_date) moves its row to another
--   partition: both engines do it (PostgreSQL since 11), as a delete and an insert.
-- * A query that does not filter on start_date (one booking by its id, a user's
--   bookings) cannot be pruned: it searches every partition's index, 74 small lookups
--   instead of one. The partitioned table pays off for date-range queries, not for these.

-- Start afresh when the file is run again (on PostgreSQL this drops the partitions too).
-- engines: mysql postgres
DROP TABLE IF EXISTS bookings_partitioned;

-- The partitioned table, MariaDB: the columns of bookings, the primary key extended with
-- start_date, and no foreign keys (see above); the other indexes come after the copy.
-- RANGE COLUMNS compares the DATE itself, so the boundaries read as dates and the
-- optimizer prunes on them directly.
-- engines: mysql
CREATE TABLE bookings_partitioned (
    booking_id CHAR(36) NOT NULL,
    property_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    total_price DECIMAL(10, 2) NOT NULL,
    status ENUM('pending', 'confirmed', 'canceled') NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_bookings_partitioned PRIMARY KEY (booking_id, start_date),
    CONSTRAINT ck_bookings_partitioned_dates CHECK (end_date > start_date),
    CONSTRAINT ck_bookings_partitioned_price CHECK (total_price >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4
PARTITION BY RANGE COLUMNS (start_date) (
    PARTITION p_before_2021 VALUES LESS THAN ('2021-01-01'),
    PARTITION p2021_01 VALUES LESS THAN ('2021-02-01'),
    PARTITION p2021_02 VALUES LESS THAN ('2021-03-01'),
    PARTITION p2021_03 VALUES LESS THAN ('2021-04-01'),
    PARTITION p2021_04 VALUES LESS THAN ('2021-05-01'),
    PARTITION p2021_05 VALUES LESS THAN ('2021-06-01'),
    PARTITION p2021_06 VALUES LESS THAN ('2021-07-01'),
    PARTITION p2021_07 VALUES LESS THAN ('2021-08-01'),
    PARTITION p2021_08 VALUES LESS THAN ('2021-09-01'),
    PARTITION p2021_09 VALUES LESS THAN ('2021-10-01'),
    PARTITION p2021_10 VALUES LESS THAN ('2021-11-01'),
    PARTITION p2021_11 VALUES LESS THAN ('2021-12-01'),
    PARTITION p2021_12 VALUES LESS THAN ('2022-01-01'),
    PARTITION p2022_01 VALUES LESS THAN ('2022-02-01'),
    PARTITION p2022_02 VALUES LESS THAN ('2022-03-01'),
    PARTITION p2022_03 VALUES LESS THAN ('2022-04-01'),
    PARTITION p2022_04 VALUES LESS THAN ('2022-05-01'),
    PARTITION p2022_05 VALUES LESS THAN ('2022-06-01'),
    PARTITION p2022_06 VALUES LESS THAN ('2022-07-01'),
    PARTITION p2022_07 VALUES LESS THAN ('2022-08-01'),
    PARTITION p2022_08 VALUES LESS THAN ('2022-09-01'),
    PARTITION p2022_09 VALUES LESS THAN ('2022-10-01'),
    PARTITION p2022_10 VALUES LESS THAN ('2022-11-01'),
    PARTITION p2022_11 VALUES LESS THAN ('2022-12-01'),
    PARTITION p2022_12 VALUES LESS THAN ('2023-01-01'),
    PARTITION p2023_01 VALUES LESS THAN ('2023-02-01'),
    PARTITION p2023_02 VALUES LESS THAN ('2023-03-01'),
    PARTITION p2023_03 VALUES LESS THAN ('2023-04-01'),
    PARTITION p2023_04 VALUES LESS THAN ('2023-05-01'),
    PARTITION p2023_05 VALUES LESS THAN ('2023-06-01'),
    PARTITION p2023_06 VALUES LESS THAN ('2023-07-01'),
    PARTITION p2023_07 VALUES LESS THAN ('2023-08-01'),
    PARTITION p2023_08 VALUES LESS THAN ('2023-09-01'),
    PARTITION p2023_09 VALUES LESS THAN ('2023-10-01'),
    PARTITION p2023_10 VALUES LESS THAN ('2023-11-01'),
    PARTITION p2023_11 VALUES LESS THAN ('2023-12-01'),
    PARTITION p2023_12 VALUES LESS THAN ('2024-01-01'),
    PARTITION p2024_01 VALUES LESS THAN ('2024-02-01'),
    PARTITION p2024_02 VALUES LESS THAN ('2024-03-01'),
    PARTITION p2024_03 VALUES LESS THAN ('2024-04-01'),
    PARTITION p2024_04 VALUES LESS THAN ('2024-05-01'),
    PARTITION p2024_05 VALUES LESS THAN ('2024-06-01'),
    PARTITION p2024_06 VALUES LESS THAN ('2024-07-01'),
    PARTITION p2024_07 VALUES LESS THAN ('2024-08-01'),
    PARTITION p2024_08 VALUES LESS THAN ('2024-09-01'),
    PARTITION p2024_09 VALUES LESS THAN ('2024-10-01'),
    PARTITION p2024_10 VALUES LESS THAN ('2024-11-01'),
    PARTITION p2024_11 VALUES LESS THAN ('2024-12-01'),
    PARTITION p2024_12 VALUES LESS THAN ('2025-01-01'),
    PARTITION p2025_01 VALUES LESS THAN ('2025-02-01'),
    PARTITION p2025_02 VALUES LESS THAN ('2025-03-01'),
    PARTITION p2025_03 VALUES LESS THAN ('2025-04-01'),
    PARTITION p2025_04 VALUES LESS THAN ('2025-05-01'),
    PARTITION p2025_05 VALUES LESS THAN ('2025-06-01'),
    PARTITION p2025_06 VALUES LESS THAN ('2025-07-01'),
    PARTITION p2025_07 VALUES LESS THAN ('2025-08-01'),
    PARTITION p2025_08 VALUES LESS THAN ('2025-09-01'),
    PARTITION p2025_09 VALUES LESS THAN ('2025-10-01'),
    PARTITION p2025_10 VALUES LESS THAN ('2025-11-01'),
    PARTITION p2025_11 VALUES LESS THAN ('2025-12-01'),
    PARTITION p2025_12 VALUES LESS THAN ('2026-01-01'),
    PARTITION p2026_01 VALUES LESS THAN ('2026-02-01'),
    PARTITION p2026_02 VALUES LESS THAN ('2026-03-01'),
    PARTITION p2026_03 VALUES LESS THAN ('2026-04-01'),
    PARTITION p2026_04 VALUES LESS THAN ('2026-05-01'),
    PARTITION p2026_05 VALUES LESS THAN ('2026-06-01'),
    PARTITION p2026_06 VALUES LESS THAN ('2026-07-01'),
    PARTITION p2026_07 VALUES LESS THAN ('2026-08-01'),
    PARTITION p2026_08 VALUES LESS THAN ('2026-09-01'),
    PARTITION p2026_09 VALUES LESS THAN ('2026-10-01'),
    PARTITION p2026_10 VALUES LESS THAN ('2026-11-01'),
    PARTITION p2026_11 VALUES LESS THAN ('2026-12-01'),
    PARTITION p2026_12 VALUES LESS THAN ('2027-01-01'),
    PARTITION p_from_2027 VALUES LESS THAN (MAXVALUE)
);

-- The partitioned table, PostgreSQL: the parent holds no rows itself; its partitions are
-- tables of their own, created below. The foreign keys to properties and users stay.
-- engines: postgres
CREATE TABLE bookings_partitioned (
    booking_id UUID NOT NULL,
    property_id UUID NOT NULL,
    user_id UUID NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    total_price NUMERIC(10, 2) NOT NULL,
    status booking_status NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_bookings_partitioned PRIMARY KEY (booking_id, start_date),
    CONSTRAINT fk_bookings_partitioned_property
        FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_bookings_partitioned_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_bookings_partitioned_dates CHECK (end_date > start_date),
    CONSTRAINT ck_bookings_partitioned_price CHECK (total_price >= 0)
) PARTITION BY RANGE (start_date);

-- PostgreSQL's partitions: FROM is inclusive, TO exclusive, so the months meet exactly.
-- engines: postgres
CREATE TABLE bookings_partitioned_before_2021 PARTITION OF bookings_partitioned
    FOR VALUES FROM (MINVALUE) TO ('2021-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_01 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-01-01') TO ('2021-02-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_02 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-02-01') TO ('2021-03-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_03 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-03-01') TO ('2021-04-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_04 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-04-01') TO ('2021-05-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_05 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-05-01') TO ('2021-06-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_06 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-06-01') TO ('2021-07-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_07 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-07-01') TO ('2021-08-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_08 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-08-01') TO ('2021-09-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_09 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-09-01') TO ('2021-10-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_10 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-10-01') TO ('2021-11-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_11 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-11-01') TO ('2021-12-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2021_12 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2021-12-01') TO ('2022-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_01 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_02 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-02-01') TO ('2022-03-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_03 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-03-01') TO ('2022-04-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_04 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-04-01') TO ('2022-05-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_05 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-05-01') TO ('2022-06-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_06 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-06-01') TO ('2022-07-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_07 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-07-01') TO ('2022-08-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_08 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-08-01') TO ('2022-09-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_09 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-09-01') TO ('2022-10-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_10 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-10-01') TO ('2022-11-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_11 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-11-01') TO ('2022-12-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2022_12 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2022-12-01') TO ('2023-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_01 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-01-01') TO ('2023-02-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_02 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-02-01') TO ('2023-03-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_03 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-03-01') TO ('2023-04-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_04 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-04-01') TO ('2023-05-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_05 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-05-01') TO ('2023-06-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_06 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-06-01') TO ('2023-07-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_07 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-07-01') TO ('2023-08-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_08 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-08-01') TO ('2023-09-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_09 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-09-01') TO ('2023-10-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_10 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-10-01') TO ('2023-11-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_11 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-11-01') TO ('2023-12-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2023_12 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2023-12-01') TO ('2024-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_01 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_02 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_03 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_04 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_05 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-05-01') TO ('2024-06-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_06 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_07 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_08 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-08-01') TO ('2024-09-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_09 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-09-01') TO ('2024-10-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_10 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-10-01') TO ('2024-11-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_11 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-11-01') TO ('2024-12-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2024_12 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2024-12-01') TO ('2025-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_01 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_02 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_03 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_04 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-04-01') TO ('2025-05-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_05 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-05-01') TO ('2025-06-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_06 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-06-01') TO ('2025-07-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_07 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-07-01') TO ('2025-08-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_08 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-08-01') TO ('2025-09-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_09 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-09-01') TO ('2025-10-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_10 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-10-01') TO ('2025-11-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_11 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-11-01') TO ('2025-12-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2025_12 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2025-12-01') TO ('2026-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_01 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_02 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_03 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_04 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-04-01') TO ('2026-05-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_05 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-05-01') TO ('2026-06-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_06 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_07 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-07-01') TO ('2026-08-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_08 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-08-01') TO ('2026-09-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_09 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_10 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_11 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_2026_12 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
-- engines: postgres
CREATE TABLE bookings_partitioned_from_2027 PARTITION OF bookings_partitioned
    FOR VALUES FROM ('2027-01-01') TO (MAXVALUE);

-- Copy the bookings: each row goes to the partition its start_date falls in.
-- engines: mysql postgres
INSERT INTO bookings_partitioned (
    booking_id, property_id, user_id, start_date, end_date, total_price, status, created_at
)
SELECT booking_id, property_id, user_id, start_date, end_date, total_price, status, created_at
FROM bookings;

-- Indexes on the columns bookings' foreign keys are on (for the same joins), built after
-- the copy: an index built once from sorted entries costs far less than one grown a row
-- at a time in random order. With 1,000,000 bookings and MariaDB's default 128 MB buffer
-- pool, this file ran in under 20 seconds this way; with the two indexes declared in
-- CREATE TABLE, the copy alone was still running after six minutes when it was stopped.
-- engines: mysql
ALTER TABLE bookings_partitioned
    ADD INDEX idx_bookings_partitioned_property (property_id),
    ADD INDEX idx_bookings_partitioned_user (user_id);

-- On PostgreSQL an index created on the parent is created on every partition (and on the
-- partitions attached later).
-- engines: postgres
CREATE INDEX idx_bookings_partitioned_property ON bookings_partitioned (property_id);

-- engines: postgres
CREATE INDEX idx_bookings_partitioned_user ON bookings_partitioned (user_id);

-- Fresh statistics for the planner, as after any bulk load.
-- engines: mysql
ANALYZE TABLE bookings_partitioned;

-- engines: postgres
ANALYZE bookings_partitioned;

-- bookings_in_month: How many bookings start in March 2025, and what are they worth, by
-- status (the month's report)?
-- The condition is on the partition key and its bounds are constants, so the engine reads
-- the March 2025 partition only (EXPLAIN lists the partitions it reads). The answer is
-- three rows, so what the query costs is reading the month, not sending rows to the client.
-- engines: mysql postgres
SELECT status, COUNT(*) AS bookings, SUM(total_price) AS total
FROM bookings_partitioned
WHERE start_date >= '2025-03-01' AND start_date < '2025-04-01'
GROUP BY status
ORDER BY status;
