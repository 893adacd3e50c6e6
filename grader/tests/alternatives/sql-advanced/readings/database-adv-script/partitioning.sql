-- Partition the Booking table by year of start_date
CREATE TABLE Booking_partitioned (
    booking_id CHAR(36) NOT NULL,
    property_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    total_price DECIMAL(10, 2) NOT NULL,
    status VARCHAR(10) NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (booking_id, start_date)
)
PARTITION BY RANGE (YEAR(start_date)) (
    PARTITION p2023 VALUES LESS THAN (2024),
    PARTITION p2024 VALUES LESS THAN (2025),
    PARTITION p2025 VALUES LESS THAN (2026),
    PARTITION pfuture VALUES LESS THAN MAXVALUE
);

INSERT INTO Booking_partitioned
SELECT booking_id, property_id, user_id, start_date, end_date, total_price, status, created_at
FROM Booking;

-- Bookings of the first quarter of 2025: only p2025 is read
EXPLAIN SELECT * FROM Booking_partitioned WHERE start_date BETWEEN '2025-01-01' AND '2025-03-31';
