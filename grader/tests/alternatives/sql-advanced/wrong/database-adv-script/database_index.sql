CREATE INDEX idx_user_email ON User(email);
CREATE INDEX idx_booking_date ON Booking(booking_date);
CREATE INDEX idx_property_city ON Property(city);
