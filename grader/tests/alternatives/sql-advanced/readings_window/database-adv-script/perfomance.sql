USE airbnb_clone;

-- initial
EXPLAIN SELECT * FROM `Booking` b, `User` u, `Property` p, `Payment` pay
WHERE b.user_id = u.user_id AND b.property_id = p.property_id AND pay.booking_id = b.booking_id;

SELECT * FROM `Booking` b, `User` u, `Property` p, `Payment` pay
WHERE b.user_id = u.user_id AND b.property_id = p.property_id AND pay.booking_id = b.booking_id;

-- refactored with a CTE of the paid bookings
WITH paid AS (SELECT booking_id, SUM(amount) AS paid FROM `Payment` GROUP BY booking_id)
SELECT b.booking_id, u.email, p.name, paid.paid
FROM `Booking` b
JOIN `User` u ON u.user_id = b.user_id
JOIN `Property` p ON p.property_id = b.property_id
LEFT JOIN paid ON paid.booking_id = b.booking_id;
