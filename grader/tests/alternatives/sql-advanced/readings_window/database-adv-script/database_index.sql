USE airbnb_clone;
CREATE INDEX idx_booking_dates ON `Booking` (start_date, end_date);
CREATE INDEX idx_user_names ON `User` (last_name, first_name);
CREATE INDEX idx_property_host_price ON `Property` (host_id, pricepernight);
