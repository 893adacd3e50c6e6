USE airbnb_clone;

SELECT b.booking_id, b.status, u.email
FROM `Booking` AS b
INNER JOIN `User` AS u ON u.user_id = b.user_id
ORDER BY b.booking_id;

SELECT p.property_id, p.name, r.review_id, r.rating
FROM `Property` AS p
LEFT JOIN `Review` AS r ON r.property_id = p.property_id
ORDER BY p.property_id, r.review_id;

-- FULL OUTER JOIN emulated: LEFT JOIN, then the bookings with no user (UNION ALL)
SELECT u.user_id, b.booking_id FROM `User` u LEFT JOIN `Booking` b ON b.user_id = u.user_id
UNION ALL
SELECT u.user_id, b.booking_id FROM `User` u RIGHT JOIN `Booking` b ON b.user_id = u.user_id
WHERE u.user_id IS NULL;
