-- initial query
SELECT * FROM Booking b
JOIN User u ON u.user_id = b.user_id
JOIN Property p ON p.property_id = b.property_id
JOIN Payment pay ON pay.booking_id = b.booking_id;

-- refactored query
SELECT b.booking_id, u.first_name, p.name, pay.amount FROM Booking b
JOIN User u ON u.user_id = b.user_id
JOIN Property p ON p.property_id = b.property_id
JOIN Payment pay ON pay.booking_id = b.booking_id;
