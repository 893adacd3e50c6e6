-- inner join
SELECT bookings.*, users.first_name, users.last_name
FROM bookings
JOIN users ON users.user_id = bookings.user_id;

-- left join: properties with their reviews, unreviewed ones too
SELECT p.name, r.rating, r.comment
FROM properties p
LEFT OUTER JOIN reviews r USING (property_id);

-- full outer join
SELECT u.first_name, u.last_name, b.booking_id, b.status
FROM users u
FULL OUTER JOIN bookings b ON b.user_id = u.user_id;
