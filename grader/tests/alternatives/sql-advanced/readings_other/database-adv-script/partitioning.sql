DROP TABLE IF EXISTS bookings_by_year;

CREATE TABLE bookings_by_year (
    booking_id CHAR(36) NOT NULL,
    property_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    total_price DECIMAL(10, 2) NOT NULL,
    status ENUM('pending', 'confirmed', 'canceled') NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (booking_id, start_date)
)
PARTITION BY RANGE COLUMNS (start_date) (
    PARTITION before_2024 VALUES LESS THAN ('2024-01-01'),
    PARTITION y2024 VALUES LESS THAN ('2025-01-01'),
    PARTITION y2025 VALUES LESS THAN ('2026-01-01'),
    PARTITION later VALUES LESS THAN (MAXVALUE)
);

INSERT INTO bookings_by_year SELECT * FROM bookings;
