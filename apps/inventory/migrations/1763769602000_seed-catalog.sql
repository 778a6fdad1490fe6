-- Up Migration
-- Deterministic fixtures. SKU-SCARCE has 5 units for oversell tests.
INSERT INTO products (sku, name, price, on_hand) VALUES
  ('SKU-001', 'Espresso machine', 24900, 10000),
  ('SKU-002', 'Burr coffee grinder', 8900, 10000),
  ('SKU-003', 'Milk frother', 3900, 10000),
  ('SKU-004', 'Coffee beans, 1 kg', 1990, 100000),
  ('SKU-SCARCE', 'Limited-edition kettle', 12900, 5);

-- Down Migration
DELETE FROM products WHERE sku IN ('SKU-001', 'SKU-002', 'SKU-003', 'SKU-004', 'SKU-SCARCE');
