USE airbnb;

-- Properties where the average rating is greater than 4.0 (non-correlated)
SELECT property_id, name, location
FROM Property
WHERE property_id IN (
    SELECT property_id FROM Review GROUP BY property_id HAVING AVG(rating) > 4.0
);

-- Users who have made more than 3 bookings (correlated)
SELECT u.user_id, u.first_name, u.last_name, u.email
FROM User u
WHERE (SELECT COUNT(*) FROM Booking b WHERE b.user_id = u.user_id) > 3;
