-- sample data (plural table names)
INSERT INTO users (user_id, first_name, last_name, email, password_hash, phone_number, role) VALUES
  ('11111111-1111-4111-8111-111111111111', 'Amina', 'Yusuf', 'amina@mail.com', 'x1', NULL, 'host'),
  ('22222222-2222-4222-8222-222222222222', 'Brian', 'Otieno', 'brian@mail.com', 'x2', '0700000000', 'guest'),
  ('33333333-3333-4333-8333-333333333333', 'Carol', 'Mensah', 'carol@mail.com', 'x3', NULL, 'guest');
INSERT INTO properties (property_id, host_id, name, description, location, pricepernight) VALUES
  ('44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111', 'Lake View', 'Cabin', 'Naivasha', 120),
  ('55555555-5555-4555-8555-555555555555', '11111111-1111-4111-8111-111111111111', 'Loft', 'Loft in town', 'Kisumu', 60);
INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date, total_price, status) VALUES
  ('66666666-6666-4666-8666-666666666666', '44444444-4444-4444-8444-444444444444', '22222222-2222-4222-8222-222222222222', '2025-01-10', '2025-01-12', 240, 'confirmed'),
  ('77777777-7777-4777-8777-777777777777', '55555555-5555-4555-8555-555555555555', '33333333-3333-4333-8333-333333333333', '2025-02-01', '2025-02-03', 120, 'pending');
INSERT INTO payments (payment_id, booking_id, amount, payment_method) VALUES
  ('88888888-8888-4888-8888-888888888888', '66666666-6666-4666-8666-666666666666', 240, 'paypal');
INSERT INTO reviews (review_id, property_id, user_id, rating, comment) VALUES
  ('99999999-9999-4999-8999-999999999999', '44444444-4444-4444-8444-444444444444', '22222222-2222-4222-8222-222222222222', 4, 'Quiet and clean');
INSERT INTO messages (message_id, sender_id, recipient_id, message_body) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 'Hi, is parking included?');
