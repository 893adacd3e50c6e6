SELECT p.name
FROM properties p
WHERE (SELECT AVG(r.rating) FROM reviews r WHERE r.property_id = p.property_id) > 4;

SELECT first_name, last_name
FROM users
WHERE user_id IN (
    SELECT b.user_id FROM bookings b GROUP BY b.user_id HAVING COUNT(b.booking_id) > 3
);
