-- Aggregations and window functions on the booking platform. Results are ordered
-- completely (ties broken by name) so that every engine returns the same rows.

-- How many bookings has each user made, whatever their status? Every user is listed,
-- those who never booked (hosts, the admin, a new guest) with 0: the LEFT JOIN keeps them
-- and COUNT(b.booking_id) counts their NULL row as 0, where COUNT(*) would say 1.
SELECT u.first_name, u.last_name, u.role, COUNT(b.booking_id) AS total_bookings
FROM users AS u
LEFT JOIN bookings AS b ON b.user_id = u.user_id
GROUP BY u.user_id, u.first_name, u.last_name, u.role
ORDER BY total_bookings DESC, u.first_name, u.last_name;

-- How do properties rank by their number of bookings (whatever their status), and how do
-- ROW_NUMBER, RANK and DENSE_RANK treat ties? ROW_NUMBER numbers the rows 1, 2, 3... and
-- needs a tie-breaker (the name) to be deterministic; RANK gives tied rows the same rank
-- and skips the next ones (1, 2, 2, 4); DENSE_RANK does not skip (1, 2, 2, 3). A property
-- never booked ranks last with 0.
SELECT p.name,
       COUNT(b.booking_id) AS total_bookings,
       ROW_NUMBER() OVER (ORDER BY COUNT(b.booking_id) DESC, p.name) AS booking_row_number,
       RANK() OVER (ORDER BY COUNT(b.booking_id) DESC) AS booking_rank,
       DENSE_RANK() OVER (ORDER BY COUNT(b.booking_id) DESC) AS booking_dense_rank
FROM properties AS p
LEFT JOIN bookings AS b ON b.property_id = p.property_id
GROUP BY p.property_id, p.name
ORDER BY booking_row_number;

-- How does each property's revenue grow over time? A running total of the confirmed
-- bookings' total_price per property, in order of arrival date. The frame is explicit:
-- ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW sums the partition's rows up to and
-- including this one. The default frame with an ORDER BY is RANGE ..., which would add
-- rows tied on the ORDER BY all at once; booking_id breaks such ties.
SELECT p.name,
       b.start_date,
       b.total_price,
       SUM(b.total_price) OVER (
           PARTITION BY b.property_id
           ORDER BY b.start_date, b.booking_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS running_revenue
FROM bookings AS b
INNER JOIN properties AS p ON p.property_id = b.property_id
WHERE b.status = 'confirmed'
ORDER BY p.name, b.start_date, b.booking_id;
