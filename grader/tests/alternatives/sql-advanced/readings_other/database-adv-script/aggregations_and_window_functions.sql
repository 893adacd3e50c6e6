-- bookings per user (users who never booked are not listed)
SELECT users.email, COUNT(*) AS bookings_made
FROM bookings
INNER JOIN users ON users.user_id = bookings.user_id
GROUP BY users.email;

-- properties ranked by bookings received
SELECT name, booking_count,
       ROW_NUMBER() OVER (ORDER BY booking_count DESC, name) AS position
FROM (
    SELECT p.name, COUNT(*) AS booking_count
    FROM bookings b
    JOIN properties p ON p.property_id = b.property_id
    GROUP BY p.name
) AS counted;
