-- Up Migration
-- Charge events for the merchant's webhook endpoint, written in the same transaction as the
-- charge change they report, delivered (and retried) by the service's relay.
CREATE TABLE webhook_outbox (
  id text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('charge.succeeded', 'charge.failed')),
  charge_id text NOT NULL REFERENCES charges (id),
  -- The exact JSON body sent, so every delivery of an event is byte for byte the same.
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  -- While an attempt runs this is its lease: past it, another relay may deliver the event again.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz
);

CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at, created_at)
  WHERE delivered_at IS NULL;

-- Down Migration
DROP TABLE webhook_outbox;
