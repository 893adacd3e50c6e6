-- The booking platform's schema for MariaDB 10.6+ and MySQL 8 (InnoDB, utf8mb4).
-- postgres.sql and sqlite.sql are the same schema in those dialects; tests apply all three
-- and check that they hold the same tables, columns, constraints and indexes.
--
-- Indexes: users.email through its UNIQUE constraint; every foreign key column through
-- an INDEX declared here, which InnoDB then uses for the constraint instead of adding
-- one of its own (the program asks for email, property_id and booking_id).

CREATE TABLE users (
    user_id CHAR(36) NOT NULL,
    first_name VARCHAR(100) NOT NULL,
    last_name VARCHAR(100) NOT NULL,
    email VARCHAR(255) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    phone_number VARCHAR(32) NULL,
    role ENUM('guest', 'host', 'admin') NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_users PRIMARY KEY (user_id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_email CHECK (email LIKE '%_@_%')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE properties (
    property_id CHAR(36) NOT NULL,
    host_id CHAR(36) NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    location VARCHAR(200) NOT NULL,
    pricepernight DECIMAL(10, 2) NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    CONSTRAINT pk_properties PRIMARY KEY (property_id),
    INDEX idx_properties_host (host_id),
    CONSTRAINT fk_properties_host FOREIGN KEY (host_id) REFERENCES users (user_id),
    CONSTRAINT ck_properties_price CHECK (pricepernight > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE bookings (
    booking_id CHAR(36) NOT NULL,
    property_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    total_price DECIMAL(10, 2) NOT NULL,
    status ENUM('pending', 'confirmed', 'canceled') NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_bookings PRIMARY KEY (booking_id),
    INDEX idx_bookings_property (property_id),
    INDEX idx_bookings_user (user_id),
    CONSTRAINT fk_bookings_property FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_bookings_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_bookings_dates CHECK (end_date > start_date),
    CONSTRAINT ck_bookings_price CHECK (total_price >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE payments (
    payment_id CHAR(36) NOT NULL,
    booking_id CHAR(36) NOT NULL,
    amount DECIMAL(10, 2) NOT NULL,
    payment_date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    payment_method ENUM('credit_card', 'paypal', 'stripe') NOT NULL,
    CONSTRAINT pk_payments PRIMARY KEY (payment_id),
    INDEX idx_payments_booking (booking_id),
    CONSTRAINT fk_payments_booking FOREIGN KEY (booking_id) REFERENCES bookings (booking_id),
    CONSTRAINT ck_payments_amount CHECK (amount > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE reviews (
    review_id CHAR(36) NOT NULL,
    property_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_reviews PRIMARY KEY (review_id),
    INDEX idx_reviews_property (property_id),
    INDEX idx_reviews_user (user_id),
    CONSTRAINT fk_reviews_property FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_reviews_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_reviews_rating CHECK (rating BETWEEN 1 AND 5)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE messages (
    message_id CHAR(36) NOT NULL,
    sender_id CHAR(36) NOT NULL,
    recipient_id CHAR(36) NOT NULL,
    message_body TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_messages PRIMARY KEY (message_id),
    INDEX idx_messages_sender (sender_id),
    INDEX idx_messages_recipient (recipient_id),
    CONSTRAINT fk_messages_sender FOREIGN KEY (sender_id) REFERENCES users (user_id),
    CONSTRAINT fk_messages_recipient FOREIGN KEY (recipient_id) REFERENCES users (user_id),
    CONSTRAINT ck_messages_not_self CHECK (sender_id <> recipient_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- confirm_booking(booking_id): a pending booking becomes confirmed if no confirmed booking
-- of the same property holds any of its nights (the end date is the departure: a stay
-- may start the day another ends). Refusals are SQLSTATE 45000 errors whose message says
-- why: no such booking, not pending, nights taken. The property row is locked first, so
-- two confirmations of one property's nights run one after the other; the procedure runs
-- in a transaction of its own (START TRANSACTION ends a caller's open one) and rolls it
-- back on any error, so a refusal writes nothing. No DELIMITER: sqlrunner ends the
-- statement at the END; that closes its body (postgres.sql has the same in PL/pgSQL).
CREATE PROCEDURE confirm_booking(IN wanted CHAR(36))
MODIFIES SQL DATA
BEGIN
    DECLARE booked_property CHAR(36) DEFAULT NULL;
    DECLARE current_status VARCHAR(16) DEFAULT NULL;
    DECLARE first_night DATE;
    DECLARE departure DATE;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
        ROLLBACK;
        RESIGNAL;
    END;
    START TRANSACTION;
    SELECT property_id INTO booked_property FROM bookings WHERE booking_id = wanted;
    IF booked_property IS NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'confirm_booking: no such booking';
    END IF;
    SELECT property_id INTO booked_property FROM properties
    WHERE property_id = booked_property FOR UPDATE;
    SELECT status, start_date, end_date INTO current_status, first_night, departure
    FROM bookings WHERE booking_id = wanted FOR UPDATE;
    IF current_status <> 'pending' THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'confirm_booking: the booking is not pending';
    END IF;
    IF EXISTS (
        SELECT 1 FROM bookings
        WHERE property_id = booked_property AND status = 'confirmed'
          AND booking_id <> wanted AND start_date < departure AND end_date > first_night
    ) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'confirm_booking: the nights are taken';
    END IF;
    UPDATE bookings SET status = 'confirmed' WHERE booking_id = wanted;
    COMMIT;
END;
