-- The booking platform's schema for PostgreSQL 13+: mysql.sql in PostgreSQL's dialect.
-- Differences: native UUID and TIMESTAMPTZ types, CREATE TYPE ... AS ENUM for the fixed
-- value lists, a trigger for properties.updated_at (PostgreSQL has no ON UPDATE), and
-- explicit indexes on foreign key columns (PostgreSQL does not add them by itself).

CREATE TYPE user_role AS ENUM ('guest', 'host', 'admin');
CREATE TYPE booking_status AS ENUM ('pending', 'confirmed', 'canceled');
CREATE TYPE payment_method AS ENUM ('credit_card', 'paypal', 'stripe');

CREATE TABLE users (
    user_id UUID NOT NULL,
    first_name VARCHAR(100) NOT NULL,
    last_name VARCHAR(100) NOT NULL,
    email VARCHAR(255) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    phone_number VARCHAR(32) NULL,
    role user_role NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_users PRIMARY KEY (user_id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_email CHECK (email LIKE '%_@_%')
);

CREATE TABLE properties (
    property_id UUID NOT NULL,
    host_id UUID NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    location VARCHAR(200) NOT NULL,
    pricepernight NUMERIC(10, 2) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_properties PRIMARY KEY (property_id),
    CONSTRAINT fk_properties_host FOREIGN KEY (host_id) REFERENCES users (user_id),
    CONSTRAINT ck_properties_price CHECK (pricepernight > 0)
);

CREATE TABLE bookings (
    booking_id UUID NOT NULL,
    property_id UUID NOT NULL,
    user_id UUID NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    total_price NUMERIC(10, 2) NOT NULL,
    status booking_status NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_bookings PRIMARY KEY (booking_id),
    CONSTRAINT fk_bookings_property FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_bookings_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_bookings_dates CHECK (end_date > start_date),
    CONSTRAINT ck_bookings_price CHECK (total_price >= 0)
);

CREATE TABLE payments (
    payment_id UUID NOT NULL,
    booking_id UUID NOT NULL,
    amount NUMERIC(10, 2) NOT NULL,
    payment_date TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    payment_method payment_method NOT NULL,
    CONSTRAINT pk_payments PRIMARY KEY (payment_id),
    CONSTRAINT fk_payments_booking FOREIGN KEY (booking_id) REFERENCES bookings (booking_id),
    CONSTRAINT ck_payments_amount CHECK (amount > 0)
);

CREATE TABLE reviews (
    review_id UUID NOT NULL,
    property_id UUID NOT NULL,
    user_id UUID NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_reviews PRIMARY KEY (review_id),
    CONSTRAINT fk_reviews_property FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_reviews_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_reviews_rating CHECK (rating BETWEEN 1 AND 5)
);

CREATE TABLE messages (
    message_id UUID NOT NULL,
    sender_id UUID NOT NULL,
    recipient_id UUID NOT NULL,
    message_body TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_messages PRIMARY KEY (message_id),
    CONSTRAINT fk_messages_sender FOREIGN KEY (sender_id) REFERENCES users (user_id),
    CONSTRAINT fk_messages_recipient FOREIGN KEY (recipient_id) REFERENCES users (user_id),
    CONSTRAINT ck_messages_not_self CHECK (sender_id <> recipient_id)
);

CREATE INDEX idx_properties_host ON properties (host_id);
CREATE INDEX idx_bookings_property ON bookings (property_id);
CREATE INDEX idx_bookings_user ON bookings (user_id);
CREATE INDEX idx_payments_booking ON payments (booking_id);
CREATE INDEX idx_reviews_property ON reviews (property_id);
CREATE INDEX idx_reviews_user ON reviews (user_id);
CREATE INDEX idx_messages_sender ON messages (sender_id);
CREATE INDEX idx_messages_recipient ON messages (recipient_id);

-- MySQL's ON UPDATE CURRENT_TIMESTAMP, as a trigger that behaves the same way: it fires
-- only when the UPDATE changes a value, and an UPDATE that sets updated_at itself keeps it.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := CURRENT_TIMESTAMP;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER properties_touch_updated_at
    BEFORE UPDATE ON properties
    FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION touch_updated_at();

-- confirm_booking(booking_id), as in mysql.sql: a pending booking becomes confirmed if no
-- confirmed booking of the same property holds any of its nights. Refusals raise
-- SQLSTATE P0001 (no such booking: P0002) with the same messages as on MariaDB. CALL runs
-- it in one transaction, which an error rolls back whole; the property row is locked
-- first, so two confirmations of one property's nights run one after the other.
CREATE PROCEDURE confirm_booking(wanted UUID) LANGUAGE plpgsql AS $$
DECLARE
    booked_property UUID;
    current_status booking_status;
    first_night DATE;
    departure DATE;
BEGIN
    SELECT property_id INTO booked_property FROM bookings WHERE booking_id = wanted;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'confirm_booking: no such booking' USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM 1 FROM properties WHERE property_id = booked_property FOR UPDATE;
    SELECT status, start_date, end_date INTO current_status, first_night, departure
    FROM bookings WHERE booking_id = wanted FOR UPDATE;
    IF current_status <> 'pending' THEN
        RAISE EXCEPTION 'confirm_booking: the booking is not pending';
    END IF;
    IF EXISTS (
        SELECT 1 FROM bookings
        WHERE property_id = booked_property AND status = 'confirmed'
          AND booking_id <> wanted AND start_date < departure AND end_date > first_night
    ) THEN
        RAISE EXCEPTION 'confirm_booking: the nights are taken';
    END IF;
    UPDATE bookings SET status = 'confirmed' WHERE booking_id = wanted;
END;
$$;
