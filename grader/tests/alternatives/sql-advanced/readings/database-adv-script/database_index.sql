-- Indexes for the columns used in WHERE, JOIN and ORDER BY clauses
CREATE INDEX idx_user_email ON User(email);
CREATE INDEX idx_booking_user_id ON Booking(user_id);
CREATE INDEX idx_booking_property_start ON Booking(property_id, start_date);
CREATE INDEX idx_property_location ON Property(location);

EXPLAIN SELECT * FROM Booking WHERE user_id = 'a1b2c3d4-0000-4000-8000-000000000002';
