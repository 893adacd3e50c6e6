SELECT user_id, COUNT(*) AS total_bookings FROM Booking GROUP BY user_id;

SELECT p.property_id, p.name, COUNT(b.booking_id) AS total_bookings,
       RANK() OVER (ORDER BY COUNT(b.booking_id)) AS booking_rank
FROM Property p
JOIN Booking b ON b.property_id = p.property_id
GROUP BY p.property_id, p.name;
