-- The booking platform's schema for SQLite 3.37+: mysql.sql in SQLite's dialect.
-- Differences: STRICT tables (types are enforced), TEXT for UUIDs, dates and timestamps
-- (ISO 8601; a date must equal itself normalised by a no-op modifier, which turns
-- 2024-02-30 into 2024-03-01, as date() alone lets it through), REAL for money (STRICT
-- has no DECIMAL; results are rounded to cents when compared), CHECK (... IN (...)) for
-- the fixed value lists, CHECK (length(...)) for VARCHAR lengths, and a trigger for
-- properties.updated_at. Foreign keys are enforced only with PRAGMA foreign_keys = ON,
-- which the runner sets on every connection.

CREATE TABLE users (
    user_id TEXT NOT NULL CHECK (length(user_id) = 36),
    first_name TEXT NOT NULL CHECK (length(first_name) <= 100),
    last_name TEXT NOT NULL CHECK (length(last_name) <= 100),
    email TEXT NOT NULL CHECK (length(email) <= 255),
    password_hash TEXT NOT NULL,
    phone_number TEXT NULL,
    role TEXT NOT NULL CHECK (role IN ('guest', 'host', 'admin')),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_users PRIMARY KEY (user_id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_email CHECK (email LIKE '%_@_%')
) STRICT;

CREATE TABLE properties (
    property_id TEXT NOT NULL CHECK (length(property_id) = 36),
    host_id TEXT NOT NULL,
    name TEXT NOT NULL CHECK (length(name) <= 200),
    description TEXT NOT NULL,
    location TEXT NOT NULL CHECK (length(location) <= 200),
    pricepernight REAL NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_properties PRIMARY KEY (property_id),
    CONSTRAINT fk_properties_host FOREIGN KEY (host_id) REFERENCES users (user_id),
    CONSTRAINT ck_properties_price CHECK (pricepernight > 0)
) STRICT;

CREATE TABLE bookings (
    booking_id TEXT NOT NULL CHECK (length(booking_id) = 36),
    property_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    start_date TEXT NOT NULL CHECK (start_date = date(start_date, '+0 days')),
    end_date TEXT NOT NULL CHECK (end_date = date(end_date, '+0 days')),
    total_price REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'canceled')),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_bookings PRIMARY KEY (booking_id),
    CONSTRAINT fk_bookings_property FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_bookings_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_bookings_dates CHECK (end_date > start_date),
    CONSTRAINT ck_bookings_price CHECK (total_price >= 0)
) STRICT;

CREATE TABLE payments (
    payment_id TEXT NOT NULL CHECK (length(payment_id) = 36),
    booking_id TEXT NOT NULL,
    amount REAL NOT NULL,
    payment_date TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    payment_method TEXT NOT NULL CHECK (payment_method IN ('credit_card', 'paypal', 'stripe')),
    CONSTRAINT pk_payments PRIMARY KEY (payment_id),
    CONSTRAINT fk_payments_booking FOREIGN KEY (booking_id) REFERENCES bookings (booking_id),
    CONSTRAINT ck_payments_amount CHECK (amount > 0)
) STRICT;

CREATE TABLE reviews (
    review_id TEXT NOT NULL CHECK (length(review_id) = 36),
    property_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_reviews PRIMARY KEY (review_id),
    CONSTRAINT fk_reviews_property FOREIGN KEY (property_id) REFERENCES properties (property_id),
    CONSTRAINT fk_reviews_user FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT ck_reviews_rating CHECK (rating BETWEEN 1 AND 5)
) STRICT;

CREATE TABLE messages (
    message_id TEXT NOT NULL CHECK (length(message_id) = 36),
    sender_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    message_body TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_messages PRIMARY KEY (message_id),
    CONSTRAINT fk_messages_sender FOREIGN KEY (sender_id) REFERENCES users (user_id),
    CONSTRAINT fk_messages_recipient FOREIGN KEY (recipient_id) REFERENCES users (user_id),
    CONSTRAINT ck_messages_not_self CHECK (sender_id <> recipient_id)
) STRICT;

CREATE INDEX idx_properties_host ON properties (host_id);
CREATE INDEX idx_bookings_property ON bookings (property_id);
CREATE INDEX idx_bookings_user ON bookings (user_id);
CREATE INDEX idx_payments_booking ON payments (booking_id);
CREATE INDEX idx_reviews_property ON reviews (property_id);
CREATE INDEX idx_reviews_user ON reviews (user_id);
CREATE INDEX idx_messages_sender ON messages (sender_id);
CREATE INDEX idx_messages_recipient ON messages (recipient_id);

-- MySQL's ON UPDATE CURRENT_TIMESTAMP, as a trigger that behaves the same way: it fires
-- only when the UPDATE changes a value (list every other column here when adding one), and
-- an UPDATE that sets updated_at itself keeps it. recursive_triggers is off, so the
-- trigger's own UPDATE does not fire it again.
CREATE TRIGGER properties_touch_updated_at
AFTER UPDATE ON properties
FOR EACH ROW
WHEN NEW.updated_at = OLD.updated_at
    AND (NEW.property_id, NEW.host_id, NEW.name, NEW.description, NEW.location,
         NEW.pricepernight, NEW.created_at)
        IS NOT (OLD.property_id, OLD.host_id, OLD.name, OLD.description, OLD.location,
                OLD.pricepernight, OLD.created_at)
BEGIN
    UPDATE properties SET updated_at = CURRENT_TIMESTAMP WHERE property_id = NEW.property_id;
END;
