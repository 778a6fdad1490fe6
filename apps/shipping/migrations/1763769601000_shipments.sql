-- Up Migration
CREATE TABLE shipments (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED')),
  tracking_number text NOT NULL UNIQUE,
  address jsonb NOT NULL,
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shipments_order_id_idx ON shipments (order_id);

-- Down Migration
DROP TABLE shipments;
