USE airbnb;

-- Users
INSERT INTO User (user_id, first_name, last_name, email, password_hash, phone_number, role, created_at) VALUES
('a1b2c3d4-0000-4000-8000-000000000001', 'John', 'Doe', 'john@example.com', 'hashed_pw_1', '0712345678', 'host', '2024-01-05 10:00:00'),
('a1b2c3d4-0000-4000-8000-000000000002', 'Jane', 'Smith', 'jane@example.com', 'hashed_pw_2', '0723456789', 'guest', '2024-01-06 11:00:00'),
('a1b2c3d4-0000-4000-8000-000000000003', 'Ali', 'Hassan', 'ali@example.com', 'hashed_pw_3', NULL, 'guest', '2024-01-07 12:00:00'),
('a1b2c3d4-0000-4000-8000-000000000004', 'Mary', 'Admin', 'admin@example.com', 'hashed_pw_4', NULL, 'admin', '2024-01-01 09:00:00');

-- Properties
INSERT INTO Property (property_id, host_id, name, description, location, pricepernight, created_at, updated_at) VALUES
('b1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000001', 'Beach House', 'A house by the sea', 'Mombasa', 150.00, '2024-02-01 10:00:00', '2024-02-01 10:00:00'),
('b1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000001', 'City Flat', 'Flat in the centre', 'Nairobi', 80.00, '2024-02-02 10:00:00', '2024-02-02 10:00:00');

-- Bookings
INSERT INTO Booking (booking_id, property_id, user_id, start_date, end_date, total_price, status, created_at) VALUES
('c1b2c3d4-0000-4000-8000-000000000001', 'b1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002', '2024-03-01', '2024-03-04', 450.00, 'confirmed', '2024-02-10 10:00:00'),
('c1b2c3d4-0000-4000-8000-000000000002', 'b1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000003', '2024-04-10', '2024-04-12', 160.00, 'pending', '2024-03-01 10:00:00'),
('c1b2c3d4-0000-4000-8000-000000000003', 'b1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000002', '2024-05-01', '2024-05-02', 80.00, 'canceled', '2024-04-01 10:00:00');

-- Payments
INSERT INTO Payment (payment_id, booking_id, amount, payment_date, payment_method) VALUES
('d1b2c3d4-0000-4000-8000-000000000001', 'c1b2c3d4-0000-4000-8000-000000000001', 450.00, '2024-02-10 10:05:00', 'credit_card');

-- Reviews
INSERT INTO Review (review_id, property_id, user_id, rating, comment, created_at) VALUES
('e1b2c3d4-0000-4000-8000-000000000001', 'b1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002', 5, 'Amazing stay!', '2024-03-05 09:00:00');

-- Messages
INSERT INTO Message (message_id, sender_id, recipient_id, message_body, sent_at) VALUES
('f1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000001', 'Is the beach house free in March?', '2024-02-09 08:00:00');
