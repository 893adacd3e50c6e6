USE airbnb_clone;

-- non-correlated
SELECT * FROM `Property`
WHERE property_id IN (SELECT r.property_id FROM `Review` r GROUP BY r.property_id HAVING AVG(r.rating) > 4.0)
ORDER BY name;

-- correlated
SELECT u.* FROM `User` u
WHERE 3 < (SELECT COUNT(b.booking_id) FROM `Booking` b WHERE b.user_id = u.user_id)
ORDER BY u.first_name;
