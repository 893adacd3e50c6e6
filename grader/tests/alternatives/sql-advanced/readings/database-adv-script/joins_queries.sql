USE airbnb;

-- 1. INNER JOIN: all bookings and the users who made them
SELECT Booking.booking_id, Booking.start_date, Booking.end_date,
       User.user_id, User.first_name, User.last_name
FROM Booking
INNER JOIN User ON Booking.user_id = User.user_id;

-- 2. LEFT JOIN: all properties and their reviews, including properties with no reviews
SELECT Property.property_id, Property.name, Review.rating, Review.comment
FROM Property
LEFT JOIN Review ON Property.property_id = Review.property_id
ORDER BY Property.name;

-- 3. FULL OUTER JOIN: all users and all bookings (MySQL has none: LEFT JOIN UNION RIGHT JOIN)
SELECT User.user_id, User.first_name, Booking.booking_id, Booking.start_date
FROM User
LEFT JOIN Booking ON User.user_id = Booking.user_id
UNION
SELECT User.user_id, User.first_name, Booking.booking_id, Booking.start_date
FROM User
RIGHT JOIN Booking ON User.user_id = Booking.user_id;
