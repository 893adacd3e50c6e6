SELECT * FROM Booking INNER JOIN User ON Booking.user_id = User.user_id;

-- properties and their reviews
SELECT p.name, r.rating, r.comment
FROM Property p
LEFT JOIN Review r ON r.property_id = p.property_id
WHERE r.rating >= 1;

SELECT * FROM User LEFT JOIN Booking ON User.user_id = Booking.user_id
UNION
SELECT * FROM User RIGHT JOIN Booking ON User.user_id = Booking.user_id;
