-- Up Migration

-- One row per order, folded from its events. Every column is a function of the set of events
-- applied, whatever their arrival order, so a replay from the topics gives the same rows.
CREATE TABLE orders (
  order_id text PRIMARY KEY,
  -- Unknown until a lifecycle event (checkout.order.*) arrives; such orders are not listed yet.
  customer_id text,
  status text NOT NULL,
  -- Statuses only move up this rank; the final ones share the top rank, so they never regress.
  status_rank smallint NOT NULL,
  -- Integer minor units.
  total_amount bigint,
  currency text,
  -- A lifecycle event's total outranks a participant's (a reservation's or a charge's).
  total_rank smallint NOT NULL DEFAULT 0,
  -- The placed event's time once it has arrived; before that, the earliest event's time.
  created_at timestamptz NOT NULL,
  placed boolean NOT NULL DEFAULT false,
  -- The latest event's time, and that event.
  updated_at timestamptz NOT NULL,
  last_event_id text NOT NULL,
  last_event_type text NOT NULL,
  event_count integer NOT NULL DEFAULT 0,
  -- Wall clock of the last change: how far the projection trails the events.
  projected_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT orders_total_complete CHECK ((total_amount IS NULL) = (currency IS NULL))
);

-- GET /orders: newest first, keyset paging, by customer and/or status.
CREATE INDEX orders_listing_idx ON orders (created_at DESC, order_id DESC)
  WHERE customer_id IS NOT NULL;
CREATE INDEX orders_customer_listing_idx ON orders (customer_id, created_at DESC, order_id DESC);
CREATE INDEX orders_status_listing_idx ON orders (status, created_at DESC, order_id DESC)
  WHERE customer_id IS NOT NULL;

-- Every event applied, once: the primary key is the deduplication.
CREATE TABLE order_events (
  event_id text PRIMARY KEY,
  order_id text NOT NULL,
  type text NOT NULL,
  time timestamptz NOT NULL,
  -- Arrival order, the tie-break between events of the same time.
  arrival_seq bigint GENERATED ALWAYS AS IDENTITY,
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  -- The whole CloudEvent as it was published.
  payload jsonb NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX order_events_order_idx ON order_events (order_id, time, arrival_seq);

-- Messages that are not a valid event of a claimed schema: kept for an operator, never applied,
-- and they do not stop the consumer.
CREATE TABLE rejected_events (
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  reason text NOT NULL,
  value text NOT NULL,
  rejected_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (topic, kafka_partition, kafka_offset)
);

-- Which replay of the topics the projection holds: `npm run read-model:rebuild` empties the
-- tables and moves to the next generation, whose consumer group has no offsets, so it reads every
-- topic from the start.
CREATE TABLE projection_generation (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation integer NOT NULL,
  rebuilt_at timestamptz
);

INSERT INTO projection_generation (generation) VALUES (0);
