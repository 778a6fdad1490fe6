-- Up Migration
CREATE TABLE charges (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  customer_id text NOT NULL,
  -- Integer minor units (cents).
  amount integer NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  token text NOT NULL,
  status text NOT NULL
    CHECK (status IN ('SUCCEEDED', 'REQUIRES_ACTION', 'DECLINED', 'REFUNDED', 'CANCELED')),
  decline_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT charges_decline_code_when_declined
    CHECK ((status = 'DECLINED') = (decline_code IS NOT NULL))
);

CREATE INDEX charges_order_id_idx ON charges (order_id);

CREATE TABLE refunds (
  id text PRIMARY KEY,
  -- UNIQUE: a charge is refunded at most once.
  charge_id text NOT NULL UNIQUE REFERENCES charges (id),
  amount integer NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE refunds;
DROP TABLE charges;
