-- Up Migration
CREATE TABLE products (
  sku text PRIMARY KEY,
  name text NOT NULL,
  -- Integer minor units (cents).
  price integer NOT NULL CHECK (price > 0),
  -- Units in the warehouse, held ones included; confirming a reservation takes them out.
  on_hand integer NOT NULL CHECK (on_hand >= 0),
  -- Units held by reservations; available = on_hand - reserved can never go negative.
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  CONSTRAINT products_reserved_within_on_hand CHECK (reserved <= on_hand)
);

CREATE TABLE reservations (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reservations_order_id_idx ON reservations (order_id);
CREATE INDEX reservations_held_expiry_idx ON reservations (expires_at) WHERE status = 'HELD';

CREATE TABLE reservation_lines (
  reservation_id text NOT NULL REFERENCES reservations (id),
  position integer NOT NULL,
  sku text NOT NULL REFERENCES products (sku),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price integer NOT NULL CHECK (unit_price > 0),
  PRIMARY KEY (reservation_id, position),
  UNIQUE (reservation_id, sku)
);

-- Down Migration
DROP TABLE reservation_lines;
DROP TABLE reservations;
DROP TABLE products;
