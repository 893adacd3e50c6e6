USE airbnb_clone;

INSERT INTO `User` (`user_id`, `first_name`, `last_name`, `email`, `password_hash`, `role`, `created_at`)
VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'Kofi', 'Boateng', 'kofi@example.org', 'h1', 'host', '2024-06-01 08:00:00');
INSERT INTO `User` (`user_id`, `first_name`, `last_name`, `email`, `password_hash`, `role`, `created_at`)
VALUES ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Lina', 'Haddad', 'lina@example.org', 'h2', 'guest', '2024-06-02 08:00:00');
INSERT INTO `Property` (`property_id`, `host_id`, `name`, `description`, `location`, `pricepernight`)
VALUES ('1e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', '0f8fad5b-d9cb-469f-a165-70867728950e', 'Cedar Cabin', 'Cabin in the woods', 'Kumasi', 55.5);
INSERT INTO `Property` (`property_id`, `host_id`, `name`, `description`, `location`, `pricepernight`)
VALUES ('2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6c', '0f8fad5b-d9cb-469f-a165-70867728950e', 'Sea Studio', 'Studio by the sea', 'Cape Coast', 70);
INSERT INTO `Booking` (`booking_id`, `property_id`, `user_id`, `start_date`, `end_date`, `total_price`, `status`)
VALUES ('3e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6d', '1e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', '7c9e6679-7425-40de-944b-e07fc1f90ae7', '2024-07-01', '2024-07-03', 111, 'confirmed');
INSERT INTO `Booking` (`booking_id`, `property_id`, `user_id`, `start_date`, `end_date`, `total_price`, `status`)
VALUES ('4e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6e', '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6c', '7c9e6679-7425-40de-944b-e07fc1f90ae7', '2024-08-01', '2024-08-02', 70, 'canceled');
INSERT INTO `Payment` (`payment_id`, `booking_id`, `amount`, `payment_method`)
VALUES ('5e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6f', '3e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6d', 111, 'stripe');
INSERT INTO `Review` (`review_id`, `property_id`, `user_id`, `rating`, `comment`)
VALUES ('6e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a70', '1e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 3, 'Cold at night');
INSERT INTO `Message` (`message_id`, `sender_id`, `recipient_id`, `message_body`)
VALUES ('7e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a71', '0f8fad5b-d9cb-469f-a165-70867728950e', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Welcome!');
