-- Up Migration
-- The service's domain events (CloudEvents, JSON structured mode), each written in the same
-- transaction as the effect it reports and published to Kafka by the service's outbox relay.
CREATE TABLE event_outbox (
  -- The event's CloudEvents id: a consumer that sees it twice (a re-send) drops the second.
  id uuid PRIMARY KEY,
  -- Publication order: the relay sends unsent rows by position.
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  topic text NOT NULL,
  -- The partitioning key (the orderId), so that an order's events stay in order.
  key text NOT NULL,
  -- The exact message value, so that a re-send is byte for byte the first.
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

CREATE INDEX event_outbox_unsent_idx ON event_outbox (position) WHERE sent_at IS NULL;
CREATE INDEX event_outbox_sent_at_idx ON event_outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Down Migration
DROP TABLE event_outbox;
