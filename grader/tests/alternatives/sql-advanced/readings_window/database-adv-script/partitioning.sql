USE airbnb_clone;

CREATE TABLE Booking_new LIKE Booking;
ALTER TABLE Booking_new DROP PRIMARY KEY, ADD PRIMARY KEY (booking_id, start_date);
ALTER TABLE Booking_new
    PARTITION BY RANGE (YEAR(start_date)) (
        PARTITION p_old VALUES LESS THAN (2024),
        PARTITION p_2024 VALUES LESS THAN (2025),
        PARTITION p_2025 VALUES LESS THAN (2026),
        PARTITION p_new VALUES LESS THAN MAXVALUE
    );
INSERT INTO Booking_new SELECT * FROM Booking;
