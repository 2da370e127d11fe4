-- The sample's own tables, migrated by the application's Flyway (history table flyway_schema_history).
-- KanthorQ's registry tables are migrated beside them by the starter (history table kanthorq_schema_history).

CREATE TABLE orders (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_email text          NOT NULL,
    amount         numeric(12, 2) NOT NULL CHECK (amount >= 0),
    status         text          NOT NULL CHECK (status IN ('CREATED', 'CANCELLED', 'FAILED')),
    reason         text,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    updated_at     timestamptz   NOT NULL DEFAULT now()
);

-- The events published for each order, written in the transaction that published them.
CREATE TABLE order_events (
    event_id     text        PRIMARY KEY,
    order_id     bigint      NOT NULL REFERENCES orders (id),
    subject      text        NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order_id ON order_events (order_id);

-- What each consumer did for an order. Delivery is at-least-once, so handlers record an action
-- once per (event, consumer) and skip the work when it is already recorded.
CREATE TABLE order_actions (
    event_id text        NOT NULL,
    consumer text        NOT NULL,
    order_id bigint      NOT NULL REFERENCES orders (id),
    attempt  int         NOT NULL,
    action   text        NOT NULL,
    done_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, consumer)
);
CREATE INDEX order_actions_order_id ON order_actions (order_id);
