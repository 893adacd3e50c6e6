-- A small, hand-made data set for the booking platform: 12 users, 8 properties, 24 bookings
-- (2024-2025), 23 payments, 12 reviews, 8 messages. One file for SQLite, MariaDB and
-- PostgreSQL: plain multi-row INSERTs, UUIDs as quoted text, dates 'YYYY-MM-DD',
-- timestamps 'YYYY-MM-DD HH:MM:SS' (daytime hours, away from daylight-saving switches),
-- parents before children. Names are plain ASCII with distinct initials so that ORDER BY
-- name gives the same order under every engine's collation.
--
-- Every query in queries/ has a known answer here (tests/expected/*.json holds them):
--   * users with more than three bookings: Alice (6) and Bruno (5); Chloe, David and Emma
--     have exactly three (the boundary, not included); Hugo (a guest), the three hosts and
--     the admin have none (a user with no booking; FULL OUTER JOIN's unmatched rows).
--   * bookings per property: Alfama 5; Bairro Alto 4 and Canal 4 (a tie); Dune, Eixample
--     and Fjord 3 each (a three-way tie); Garden 2; Harbour 0 (listed late 2025). So
--     ROW_NUMBER gives 1..8 while RANK gives 1,2,2,4,4,4,7,8.
--   * average rating: Alfama 4.67, Bairro Alto 4.50 and Eixample 5.00 (above 4.0); Canal
--     exactly 4.00 (the boundary, not above); Dune 3.50 and Fjord 3.00; Garden (booked)
--     and Harbour (never booked) have no review.
--   * statuses: 22 confirmed, one canceled (b18, Bruno at Fjord, March 2025) and one
--     pending (b24, Chloe at Dune, December 2025); neither of the two has a payment.
--   * payments: one per confirmed booking, except b19 (Emma at Canal, March 2025) paid as
--     a 30% deposit plus the balance: two payments, so joining payments repeats b19.
--   * revenue (confirmed bookings' total_price, = the sum of their payments) runs per
--     property over distinct start dates, so running totals have no ties.
--   * the performance queries' slice, confirmed bookings starting in March 2025: b19 (two
--     payments) and b20; b18 starts that month too but is canceled.
-- Every total_price is the number of nights times the property's price per night.

-- Users. Guests A-H, hosts Ines, Jonas and Kemi, admin Liam. Hugo signed up in
-- September 2025 and has not booked yet.
INSERT INTO users (user_id, first_name, last_name, email, password_hash, phone_number, role, created_at) VALUES
    ('f4c89116-1aaf-42e5-86b6-1b9b64422caf', 'Alice', 'Martin', 'alice.martin@example.com', '$2b$12$Zlz0C66JqsoMCUi1wfi9E2RFEDdDreZNjryI2S5YjS95VJbU7ta0d', '+33 6 12 34 56 78', 'guest', '2023-11-02 09:15:00'),
    ('27bce75d-8bf1-429a-b5a5-55f41848f653', 'Bruno', 'Silva', 'bruno.silva@example.com', '$2b$12$Y6.LKzC6smRfnMvBcKq6dmYUqKTxcgt0XlhtjveQr.7RRDIH1qVzW', '+351 912 345 678', 'guest', '2023-12-14 18:40:00'),
    ('cd1a9ee8-b531-479a-9234-a48320221dd1', 'Chloe', 'Dubois', 'chloe.dubois@example.com', '$2b$12$r7ToIi/890rhmRewvswJzxmhyXc8ji9KTduDG/h5fBW2.mE5Md7qs', NULL, 'guest', '2024-01-20 12:05:00'),
    ('570a0720-343a-4764-90c3-770762d06d48', 'David', 'Okafor', 'david.okafor@example.com', '$2b$12$qVBGPe4yLRgKA58X3dtxICWwiEk/6LaQrzSdu76qAC0/TMFSB.7nF', '+234 803 555 0142', 'guest', '2024-01-28 08:30:00'),
    ('ae0b7937-1c0c-4951-ae6b-43f6045aa218', 'Emma', 'Johansson', 'emma.johansson@example.com', '$2b$12$GSQJjpNnXKNytoGLt1.xd41Zqlj8IRUVxI90yudXrAkOeiieMQoHb', '+46 70 123 45 67', 'guest', '2024-03-03 20:10:00'),
    ('24d84055-4a76-4cce-9f37-b0a434745f48', 'Farid', 'Haddad', 'farid.haddad@example.com', '$2b$12$QJ1SDxlLv7nctriS0ie9dZ.oYzAATtLOoQNKitHI1mDFxjiVJt.Dp', NULL, 'guest', '2024-03-10 11:45:00'),
    ('d39a53aa-3692-40b2-b1c4-526a888e072f', 'Grace', 'Kim', 'grace.kim@example.com', '$2b$12$YTOwqK.nodG7LQoXEvssn242n4D8pqResId6YW0BCw8HcL4VPE2Vo', '+82 10 5555 0199', 'guest', '2024-05-01 07:55:00'),
    ('ffd6747e-2b7a-4049-86b5-7441f7e9997e', 'Hugo', 'Lefevre', 'hugo.lefevre@example.com', '$2b$12$pxoSulLY2i6JXOILBAospOzxOOZqGG8j0rapRCr2RSfeGZiskkS5h', NULL, 'guest', '2025-09-18 21:20:00'),
    ('cca7a470-0a7d-4eb0-81b0-08e064113829', 'Ines', 'Costa', 'ines.costa@example.com', '$2b$12$Z4g0AcJDynzmmPQ4Fh/KITTE5hIIytgGoKM5ml.iZQLbw3R2mB6Fu', '+351 913 000 111', 'host', '2023-06-12 10:00:00'),
    ('7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', 'Jonas', 'Berg', 'jonas.berg@example.com', '$2b$12$uNQ0ggYG6Hiv6t.LmwQD.IBrgMOyeklL/pt56JFCERwQ6ngv3XXoG', '+47 412 34 567', 'host', '2023-07-01 14:30:00'),
    ('5615404a-cc3a-4f46-8c96-7ef7651c8ada', 'Kemi', 'Adeyemi', 'kemi.adeyemi@example.com', '$2b$12$/PaIM9A.4JAGt4u0mwofVHOReCADSLs6Ek9s2/6aI8y66SocifZt6', '+234 802 555 0177', 'host', '2023-09-09 16:00:00'),
    ('75db25bc-a2c2-4f8a-b487-714a17ff08b9', 'Liam', 'Walsh', 'liam.walsh@example.com', '$2b$12$6wgfJt.l9WXFYF2sU7B8WxAv7RzpRWgTjduwyQB7mzLB1pbm9Z7Hu', NULL, 'admin', '2023-05-02 09:00:00');

-- Properties, named A to H. Ines hosts Alfama, Bairro Alto and Garden; Jonas hosts Canal
-- and Fjord; Kemi hosts Dune, Eixample and Harbour (listed in November 2025, no booking).
INSERT INTO properties (property_id, host_id, name, description, location, pricepernight, created_at, updated_at) VALUES
    ('40321af8-cc38-490d-91b7-c67d11a389c2', 'cca7a470-0a7d-4eb0-81b0-08e064113829', 'Alfama Loft', 'Top-floor loft with a river view, two minutes from the tram 28 stop.', 'Lisbon, Portugal', 95.00, '2023-06-15 10:30:00', '2024-02-01 09:00:00'),
    ('838e2a0b-f38e-464f-8255-50b74dba2fb1', 'cca7a470-0a7d-4eb0-81b0-08e064113829', 'Bairro Alto Studio', 'Compact studio above a quiet street, close to the viewpoints.', 'Lisbon, Portugal', 70.00, '2023-06-20 11:00:00', '2023-06-20 11:00:00'),
    ('18cba0f8-a6f7-47d7-8020-d8de34b27f5a', '7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', 'Canal House', 'Narrow 17th-century canal house with three floors and a garden.', 'Amsterdam, Netherlands', 180.00, '2023-07-05 15:00:00', '2024-09-10 08:20:00'),
    ('63e3f339-ea1e-485b-8b53-63851fa7cc7c', '5615404a-cc3a-4f46-8c96-7ef7651c8ada', 'Dune Cabin', 'Wooden cabin behind the dunes, a short walk to the surf beaches.', 'Ericeira, Portugal', 110.00, '2023-09-12 12:00:00', '2023-09-12 12:00:00'),
    ('29b25520-ab99-410b-b8da-1d66eaafb17a', '5615404a-cc3a-4f46-8c96-7ef7651c8ada', 'Eixample Flat', 'Modernist flat with a balcony, near the Passeig de Gracia.', 'Barcelona, Spain', 130.00, '2023-10-01 09:45:00', '2025-01-15 10:00:00'),
    ('147a1a50-78d1-4516-9fdf-efe830c05848', '7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', 'Fjord View Cabin', 'Cabin on the hillside with a view over the fjord and a sauna.', 'Bergen, Norway', 150.00, '2023-08-18 13:15:00', '2023-08-18 13:15:00'),
    ('dea4619a-c95d-44b0-9860-f7d78188d4a4', 'cca7a470-0a7d-4eb0-81b0-08e064113829', 'Garden Suite', 'Ground-floor suite opening on a private garden, near the river.', 'Porto, Portugal', 85.00, '2024-04-02 10:10:00', '2024-04-02 10:10:00'),
    ('d074ae72-edfd-4cff-9854-9e7acc86c20c', '5615404a-cc3a-4f46-8c96-7ef7651c8ada', 'Harbour Penthouse', 'Penthouse with a roof terrace over the harbour; new listing.', 'Porto, Portugal', 240.00, '2025-11-03 09:00:00', '2025-11-03 09:00:00');

-- Bookings b01 to b24 in date order (labels in the trailing comments).
-- Per guest: Alice 6, Bruno 5, Chloe 3, David 3, Emma 3, Farid 2, Grace 2.
-- Per property: Alfama 5, Bairro Alto 4, Canal 4, Dune 3, Eixample 3, Fjord 3, Garden 2.
INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date, total_price, status, created_at) VALUES
    ('4e4785fe-7b7d-415e-aad2-d030f730f9ae', '40321af8-cc38-490d-91b7-c67d11a389c2', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', '2024-01-12', '2024-01-15', 285.00, 'confirmed', '2023-12-01 19:20:00'), -- b01 Alice, Alfama, 3 x 95
    ('67039dec-87ba-4597-8d6a-eda067446cb6', '18cba0f8-a6f7-47d7-8020-d8de34b27f5a', '27bce75d-8bf1-429a-b5a5-55f41848f653', '2024-02-09', '2024-02-12', 540.00, 'confirmed', '2024-01-05 10:05:00'), -- b02 Bruno, Canal, 3 x 180
    ('3e683611-c8dd-4725-b179-46979c70f9c0', '29b25520-ab99-410b-b8da-1d66eaafb17a', '570a0720-343a-4764-90c3-770762d06d48', '2024-03-01', '2024-03-05', 520.00, 'confirmed', '2024-02-02 08:50:00'), -- b03 David, Eixample, 4 x 130
    ('6e7ce3f4-a8c8-41b7-9b1a-e9b9b3fa719d', '40321af8-cc38-490d-91b7-c67d11a389c2', 'cd1a9ee8-b531-479a-9234-a48320221dd1', '2024-03-22', '2024-03-24', 190.00, 'confirmed', '2024-02-25 13:30:00'), -- b04 Chloe, Alfama, 2 x 95
    ('a2a4b010-9458-4891-bf18-80a778d1514e', '838e2a0b-f38e-464f-8255-50b74dba2fb1', '24d84055-4a76-4cce-9f37-b0a434745f48', '2024-04-05', '2024-04-08', 210.00, 'confirmed', '2024-03-12 17:40:00'), -- b05 Farid, Bairro Alto, 3 x 70
    ('3418dadf-f0cb-4995-a782-165dc6525f96', '147a1a50-78d1-4516-9fdf-efe830c05848', 'ae0b7937-1c0c-4951-ae6b-43f6045aa218', '2024-05-17', '2024-05-21', 600.00, 'confirmed', '2024-04-02 20:15:00'), -- b06 Emma, Fjord, 4 x 150
    ('9dbdb5ac-72ac-4006-9fac-9764d962edf7', '18cba0f8-a6f7-47d7-8020-d8de34b27f5a', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', '2024-06-07', '2024-06-10', 540.00, 'confirmed', '2024-05-06 09:10:00'), -- b07 Alice, Canal, 3 x 180
    ('f0270694-8419-4467-8e31-f1a6952e5514', 'dea4619a-c95d-44b0-9860-f7d78188d4a4', 'd39a53aa-3692-40b2-b1c4-526a888e072f', '2024-06-14', '2024-06-16', 170.00, 'confirmed', '2024-05-20 12:25:00'), -- b08 Grace, Garden, 2 x 85
    ('ea2bec6f-89d7-49e1-9a2b-5092a3215131', '40321af8-cc38-490d-91b7-c67d11a389c2', '27bce75d-8bf1-429a-b5a5-55f41848f653', '2024-07-04', '2024-07-09', 475.00, 'confirmed', '2024-05-28 18:00:00'), -- b09 Bruno, Alfama, 5 x 95
    ('281c74e4-892a-47e0-81ca-3951a6323027', '838e2a0b-f38e-464f-8255-50b74dba2fb1', 'cd1a9ee8-b531-479a-9234-a48320221dd1', '2024-07-19', '2024-07-21', 140.00, 'confirmed', '2024-06-30 15:45:00'), -- b10 Chloe, Bairro Alto, 2 x 70
    ('d4ad4bfc-1ea1-4824-8e54-18fed2a05ac2', '18cba0f8-a6f7-47d7-8020-d8de34b27f5a', '570a0720-343a-4764-90c3-770762d06d48', '2024-08-02', '2024-08-06', 720.00, 'confirmed', '2024-06-11 07:35:00'), -- b11 David, Canal, 4 x 180
    ('152291b3-ad8d-4f16-a211-d5fde16929d4', '29b25520-ab99-410b-b8da-1d66eaafb17a', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', '2024-08-23', '2024-08-26', 390.00, 'confirmed', '2024-07-22 21:05:00'), -- b12 Alice, Eixample, 3 x 130
    ('461d3eff-c347-42d4-986c-68f72cf13459', '63e3f339-ea1e-485b-8b53-63851fa7cc7c', '24d84055-4a76-4cce-9f37-b0a434745f48', '2024-09-13', '2024-09-15', 220.00, 'confirmed', '2024-08-30 11:20:00'), -- b13 Farid, Dune, 2 x 110
    ('106df962-49ae-4ec7-855f-54675ea01410', '40321af8-cc38-490d-91b7-c67d11a389c2', 'ae0b7937-1c0c-4951-ae6b-43f6045aa218', '2024-10-11', '2024-10-14', 285.00, 'confirmed', '2024-09-09 16:50:00'), -- b14 Emma, Alfama, 3 x 95
    ('dd3eb627-d13d-4df0-acde-762e81da8437', '838e2a0b-f38e-464f-8255-50b74dba2fb1', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', '2024-11-08', '2024-11-10', 140.00, 'confirmed', '2024-10-15 10:40:00'), -- b15 Alice, Bairro Alto, 2 x 70
    ('2bc8f9b8-9ce3-445a-bfd6-c0ca0fe44a8f', '63e3f339-ea1e-485b-8b53-63851fa7cc7c', '27bce75d-8bf1-429a-b5a5-55f41848f653', '2024-12-27', '2025-01-02', 660.00, 'confirmed', '2024-11-18 19:30:00'), -- b16 Bruno, Dune, 6 x 110 (over New Year)
    ('888adf65-ad81-4477-92ae-b076b8f3a125', '40321af8-cc38-490d-91b7-c67d11a389c2', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', '2025-02-14', '2025-02-16', 190.00, 'confirmed', '2025-01-20 08:15:00'), -- b17 Alice, Alfama, 2 x 95
    ('35c8f577-b369-439b-8c5a-381925f39e52', '147a1a50-78d1-4516-9fdf-efe830c05848', '27bce75d-8bf1-429a-b5a5-55f41848f653', '2025-03-07', '2025-03-10', 450.00, 'canceled', '2025-02-03 14:00:00'), -- b18 Bruno, Fjord, 3 x 150: canceled, no payment
    ('3bb86393-d826-4ea3-8a42-fdc2d4495818', '18cba0f8-a6f7-47d7-8020-d8de34b27f5a', 'ae0b7937-1c0c-4951-ae6b-43f6045aa218', '2025-03-14', '2025-03-18', 720.00, 'confirmed', '2025-02-20 09:30:00'), -- b19 Emma, Canal, 4 x 180: two payments
    ('17456632-2b3a-4bd7-b258-7484ae3a3bcc', '29b25520-ab99-410b-b8da-1d66eaafb17a', 'd39a53aa-3692-40b2-b1c4-526a888e072f', '2025-03-21', '2025-03-24', 390.00, 'confirmed', '2025-02-27 22:10:00'), -- b20 Grace, Eixample, 3 x 130
    ('1386e0c1-ae70-4191-b464-3d257a8e3496', '147a1a50-78d1-4516-9fdf-efe830c05848', '570a0720-343a-4764-90c3-770762d06d48', '2025-05-09', '2025-05-12', 450.00, 'confirmed', '2025-04-01 12:00:00'), -- b21 David, Fjord, 3 x 150
    ('3e81cda3-99d3-42c7-815f-1f4f378d8801', '838e2a0b-f38e-464f-8255-50b74dba2fb1', '27bce75d-8bf1-429a-b5a5-55f41848f653', '2025-06-20', '2025-06-23', 210.00, 'confirmed', '2025-05-25 17:25:00'), -- b22 Bruno, Bairro Alto, 3 x 70
    ('3ec89dd1-64ce-4465-b2c7-01eff2cfa26e', 'dea4619a-c95d-44b0-9860-f7d78188d4a4', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', '2025-08-01', '2025-08-05', 340.00, 'confirmed', '2025-06-14 10:55:00'), -- b23 Alice, Garden, 4 x 85
    ('c0a5a095-fe0b-4d69-a756-d419302cfad1', '63e3f339-ea1e-485b-8b53-63851fa7cc7c', 'cd1a9ee8-b531-479a-9234-a48320221dd1', '2025-12-19', '2025-12-22', 330.00, 'pending', '2025-11-28 18:45:00'); -- b24 Chloe, Dune, 3 x 110: pending, no payment

-- Payments: one per confirmed booking, paid a few minutes after booking, except b19: a
-- 30% deposit (216.00) at booking and the balance (504.00) two weeks before arrival.
-- b18 (canceled) and b24 (pending) have none.
INSERT INTO payments (payment_id, booking_id, amount, payment_date, payment_method) VALUES
    ('c424f969-6994-42e5-9faf-88623a7a5c98', '4e4785fe-7b7d-415e-aad2-d030f730f9ae', 285.00, '2023-12-01 19:24:00', 'credit_card'), -- b01
    ('64abb26a-63f8-41a3-98a7-cb8741abe6ee', '67039dec-87ba-4597-8d6a-eda067446cb6', 540.00, '2024-01-05 10:09:00', 'paypal'), -- b02
    ('09668130-c435-47d1-921c-8cc64de0f30d', '3e683611-c8dd-4725-b179-46979c70f9c0', 520.00, '2024-02-02 08:52:00', 'stripe'), -- b03
    ('4e32a02e-5b27-4df5-aa60-a377bbbf22b5', '6e7ce3f4-a8c8-41b7-9b1a-e9b9b3fa719d', 190.00, '2024-02-25 13:33:00', 'credit_card'), -- b04
    ('de01dabc-217c-47bf-bb3d-608076346dc8', 'a2a4b010-9458-4891-bf18-80a778d1514e', 210.00, '2024-03-12 17:41:00', 'paypal'), -- b05
    ('160a7ac6-0bc2-4e93-b478-8cc40c3c303f', '3418dadf-f0cb-4995-a782-165dc6525f96', 600.00, '2024-04-02 20:18:00', 'credit_card'), -- b06
    ('06bdfd73-8356-4c9c-a116-bb11e9a70b3a', '9dbdb5ac-72ac-4006-9fac-9764d962edf7', 540.00, '2024-05-06 09:12:00', 'credit_card'), -- b07
    ('c1a8943e-1eb6-4d44-a143-9df900d07ff9', 'f0270694-8419-4467-8e31-f1a6952e5514', 170.00, '2024-05-20 12:27:00', 'stripe'), -- b08
    ('3b5573ce-1cd2-4197-b936-c175ebf3bbbd', 'ea2bec6f-89d7-49e1-9a2b-5092a3215131', 475.00, '2024-05-28 18:03:00', 'paypal'), -- b09
    ('de85aab7-30e0-47c3-8cd1-c80a0bdc78f9', '281c74e4-892a-47e0-81ca-3951a6323027', 140.00, '2024-06-30 15:46:00', 'credit_card'), -- b10
    ('ab7ee59a-e666-4bad-97ca-a460d6b86a9e', 'd4ad4bfc-1ea1-4824-8e54-18fed2a05ac2', 720.00, '2024-06-11 07:38:00', 'stripe'), -- b11
    ('13996d49-ab8b-4bbe-ac70-235838f612ba', '152291b3-ad8d-4f16-a211-d5fde16929d4', 390.00, '2024-07-22 21:06:00', 'credit_card'), -- b12
    ('84059155-e286-4c43-a33c-7bf9b0d3d9a6', '461d3eff-c347-42d4-986c-68f72cf13459', 220.00, '2024-08-30 11:22:00', 'paypal'), -- b13
    ('95cff9b0-849f-415a-9625-5128b3093673', '106df962-49ae-4ec7-855f-54675ea01410', 285.00, '2024-09-09 16:53:00', 'stripe'), -- b14
    ('7832a4b5-4c93-4a21-8fb1-f654e78b356d', 'dd3eb627-d13d-4df0-acde-762e81da8437', 140.00, '2024-10-15 10:41:00', 'credit_card'), -- b15
    ('2bf05285-7b11-4f9e-a87c-19f158c62059', '2bc8f9b8-9ce3-445a-bfd6-c0ca0fe44a8f', 660.00, '2024-11-18 19:34:00', 'paypal'), -- b16
    ('bb9869f3-092f-4e7f-86da-62d9022eb863', '888adf65-ad81-4477-92ae-b076b8f3a125', 190.00, '2025-01-20 08:16:00', 'credit_card'), -- b17
    ('228684e0-6be7-40d6-bc58-6d212e6f1cc8', '3bb86393-d826-4ea3-8a42-fdc2d4495818', 216.00, '2025-02-20 09:33:00', 'stripe'), -- b19 deposit
    ('29f10d93-ebd9-40fa-bb05-cdb15793b787', '3bb86393-d826-4ea3-8a42-fdc2d4495818', 504.00, '2025-02-28 10:00:00', 'stripe'), -- b19 balance
    ('bea20ef6-60d3-49b8-9cc0-130c118d19b1', '17456632-2b3a-4bd7-b258-7484ae3a3bcc', 390.00, '2025-02-27 22:12:00', 'paypal'), -- b20
    ('20592d40-791e-4ee1-ac7b-e55d9e6afbb2', '1386e0c1-ae70-4191-b464-3d257a8e3496', 450.00, '2025-04-01 12:04:00', 'credit_card'), -- b21
    ('943c4d7a-31c9-4194-ab99-b347e796b9fe', '3e81cda3-99d3-42c7-815f-1f4f378d8801', 210.00, '2025-05-25 17:27:00', 'credit_card'), -- b22
    ('3b412da5-2995-49f7-8eda-9cba49398d31', '3ec89dd1-64ce-4465-b2c7-01eff2cfa26e', 340.00, '2025-06-14 10:58:00', 'stripe'); -- b23

-- Reviews, each by a guest the day after a stay. Averages: Alfama (5, 4, 5) 4.67,
-- Bairro Alto (5, 4) 4.50, Canal (5, 3) 4.00, Dune (4, 3) 3.50, Eixample (5) 5.00,
-- Fjord (2, 4) 3.00; Garden and Harbour have none.
INSERT INTO reviews (review_id, property_id, user_id, rating, comment, created_at) VALUES
    ('6636a708-f423-4f30-b489-b3a818751e83', '40321af8-cc38-490d-91b7-c67d11a389c2', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', 5, 'Bright loft, wonderful view over the river at sunset.', '2024-01-16 10:12:00'), -- Alice after b01
    ('20e5646b-4992-4e34-b35d-4ce2379fb4b3', '40321af8-cc38-490d-91b7-c67d11a389c2', 'cd1a9ee8-b531-479a-9234-a48320221dd1', 4, 'Lovely place; the stairs are steep with luggage.', '2024-03-25 18:40:00'), -- Chloe after b04
    ('346c64f3-0a48-4f88-9e8b-5417372fef16', '40321af8-cc38-490d-91b7-c67d11a389c2', '27bce75d-8bf1-429a-b5a5-55f41848f653', 5, 'Spotless, and Ines left us a list of the best tascas.', '2024-07-10 09:05:00'), -- Bruno after b09
    ('793a0f6c-fc81-4e4b-a016-131b0679d3ff', '838e2a0b-f38e-464f-8255-50b74dba2fb1', '24d84055-4a76-4cce-9f37-b0a434745f48', 5, 'Small but perfectly arranged, great value.', '2024-04-09 20:30:00'), -- Farid after b05
    ('29bfd76e-35c8-4c48-b428-ff769956b06d', '838e2a0b-f38e-464f-8255-50b74dba2fb1', 'cd1a9ee8-b531-479a-9234-a48320221dd1', 4, 'Noisy on Friday night, otherwise very nice.', '2024-07-22 11:00:00'), -- Chloe after b10
    ('4f3c8b28-1e2d-4343-a230-35751474db7d', '18cba0f8-a6f7-47d7-8020-d8de34b27f5a', '27bce75d-8bf1-429a-b5a5-55f41848f653', 5, 'A real canal house, full of character.', '2024-02-13 08:45:00'), -- Bruno after b02
    ('b1ca6d5d-1d9d-4389-9c05-7df22842f1ae', '18cba0f8-a6f7-47d7-8020-d8de34b27f5a', '570a0720-343a-4764-90c3-770762d06d48', 3, 'Charming, but the heating did not work on the top floor.', '2024-08-07 19:15:00'), -- David after b11
    ('03ca8aec-c10a-4bf2-b39e-5bc593c6b465', '63e3f339-ea1e-485b-8b53-63851fa7cc7c', '24d84055-4a76-4cce-9f37-b0a434745f48', 4, 'Simple cabin, perfect for a surf weekend.', '2024-09-16 12:00:00'), -- Farid after b13
    ('a17ecf59-28cc-41f6-b94e-6ed818ea35ef', '63e3f339-ea1e-485b-8b53-63851fa7cc7c', '27bce75d-8bf1-429a-b5a5-55f41848f653', 3, 'Cold and damp in winter; bring warm clothes.', '2025-01-03 10:30:00'), -- Bruno after b16
    ('a5011c23-b775-45d8-8cc9-951574ce79fd', '29b25520-ab99-410b-b8da-1d66eaafb17a', '570a0720-343a-4764-90c3-770762d06d48', 5, 'Beautiful tiles, high ceilings, and a quiet bedroom.', '2024-03-06 14:20:00'), -- David after b03
    ('00df60ba-7e2d-48c5-9dd8-c9b4ac0acb7e', '147a1a50-78d1-4516-9fdf-efe830c05848', 'ae0b7937-1c0c-4951-ae6b-43f6045aa218', 2, 'Great view, but the road up is not passable without a 4x4.', '2024-05-22 09:50:00'), -- Emma after b06
    ('529cff3e-90ab-4976-904c-75b7070e7d5b', '147a1a50-78d1-4516-9fdf-efe830c05848', '570a0720-343a-4764-90c3-770762d06d48', 4, 'The sauna is wonderful after a day of hiking.', '2025-05-13 17:05:00'); -- David after b21

-- Messages between guests and hosts, and one from the admin.
INSERT INTO messages (message_id, sender_id, recipient_id, message_body, sent_at) VALUES
    ('ea3355bb-20a3-4fd1-b222-7b4074b1fea2', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', 'cca7a470-0a7d-4eb0-81b0-08e064113829', 'Hi Ines, could we check in at noon on the 12th?', '2024-01-05 09:30:00'), -- Alice to Ines
    ('b8e6260f-15cf-4600-81a8-bccfa82247e3', 'cca7a470-0a7d-4eb0-81b0-08e064113829', 'f4c89116-1aaf-42e5-86b6-1b9b64422caf', 'Of course, the loft will be ready from 11:00.', '2024-01-05 11:02:00'), -- Ines to Alice
    ('e4fb9b09-bb22-46a6-b2fa-f5c083efcee7', '27bce75d-8bf1-429a-b5a5-55f41848f653', '7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', 'Is there somewhere to leave bikes at the Canal House?', '2024-02-01 17:45:00'), -- Bruno to Jonas
    ('9147f97f-5428-412a-baba-634977ee110d', '7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', '27bce75d-8bf1-429a-b5a5-55f41848f653', 'Yes, in the garden shed; the code is in the welcome guide.', '2024-02-01 19:10:00'), -- Jonas to Bruno
    ('a6c8ece7-a32b-43fb-a1dc-a09afda62a1f', 'ae0b7937-1c0c-4951-ae6b-43f6045aa218', '7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', 'May I pay a deposit now and the balance later?', '2025-02-19 20:00:00'), -- Emma to Jonas
    ('32355c08-1c66-4109-86b1-8b62ed291e4c', '7eebc2c1-2cb8-4d1f-a157-f20e7bb01604', 'ae0b7937-1c0c-4951-ae6b-43f6045aa218', 'Sure: 30% at booking, the rest two weeks before arrival.', '2025-02-19 21:15:00'), -- Jonas to Emma
    ('6e77ed75-673e-4b66-a2b0-5d41396677da', '75db25bc-a2c2-4f8a-b487-714a17ff08b9', '5615404a-cc3a-4f46-8c96-7ef7651c8ada', 'Your listing Harbour Penthouse has been approved and is live.', '2025-11-03 10:00:00'), -- Liam (admin) to Kemi
    ('6237beac-09fd-4046-bc6e-5224c96a567d', 'ffd6747e-2b7a-4049-86b5-7441f7e9997e', '5615404a-cc3a-4f46-8c96-7ef7651c8ada', 'Is the Harbour Penthouse free for New Year?', '2025-11-20 19:30:00'); -- Hugo to Kemi
