-- Subqueries on the booking platform: one that runs on its own, one that depends on the
-- outer row. Results are ordered completely so that every engine returns the same rows.

-- Which properties have an average rating above 4.0? Non-correlated: the inner query
-- (average rating per property) does not refer to the outer query, so it is evaluated
-- once and the outer query keeps the properties in its result. A property rated exactly
-- 4.0 on average is not above 4.0; one without reviews has no average at all.
SELECT p.name, p.location
FROM properties AS p
WHERE p.property_id IN (
    SELECT r.property_id
    FROM reviews AS r
    GROUP BY r.property_id
    HAVING AVG(r.rating) > 4.0
)
ORDER BY p.name;

-- Which users have made more than three bookings (whatever their status)? Correlated: the
-- inner COUNT refers to the outer row's u.user_id, so it is evaluated for each user.
SELECT u.first_name, u.last_name, u.email
FROM users AS u
WHERE (
    SELECT COUNT(*)
    FROM bookings AS b
    WHERE b.user_id = u.user_id
) > 3
ORDER BY u.first_name, u.last_name;
