USE airbnb_clone;

SELECT user_id, COUNT(booking_id) AS total
FROM `Booking`
GROUP BY user_id;

WITH counts AS (
    SELECT property_id, COUNT(*) AS total FROM `Booking` GROUP BY property_id
)
SELECT p.name, c.total,
       DENSE_RANK() OVER (ORDER BY c.total DESC) AS dense_position,
       ROW_NUMBER() OVER (ORDER BY c.total DESC) AS row_position
FROM counts c
JOIN `Property` p ON p.property_id = c.property_id;
