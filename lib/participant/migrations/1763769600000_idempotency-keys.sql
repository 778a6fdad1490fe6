-- Up Migration
-- One row per Idempotency-Key, written in the same transaction as the request's effect.
CREATE TABLE idempotency_keys (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
  -- "<METHOD> <path> <sha256 of the canonical JSON body>"
  fingerprint text NOT NULL,
  -- Filled before the transaction commits, so a committed row always has its response.
  response_status integer CHECK (response_status BETWEEN 200 AND 599),
  response_content_type text,
  response_body text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE idempotency_keys;
