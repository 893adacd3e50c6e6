EXPLAIN ANALYZE
SELECT *
FROM bookings b
INNER JOIN users u ON u.user_id = b.user_id
INNER JOIN properties p ON p.property_id = b.property_id
LEFT JOIN payments pm ON pm.booking_id = b.booking_id;

SELECT *
FROM bookings b
INNER JOIN users u ON u.user_id = b.user_id
INNER JOIN properties p ON p.property_id = b.property_id
LEFT JOIN payments pm ON pm.booking_id = b.booking_id;

-- refactored
SELECT b.booking_id, u.email, p.name, pm.amount
FROM bookings b
INNER JOIN users u ON u.user_id = b.user_id
INNER JOIN properties p ON p.property_id = b.property_id
LEFT JOIN payments pm ON pm.booking_id = b.booking_id
WHERE b.start_date >= '2025-01-01';
