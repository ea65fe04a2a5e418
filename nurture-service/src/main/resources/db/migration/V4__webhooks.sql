-- Outbound webhooks (Standard Webhooks) to marketing automation, and their delivery log (package webhook).

-- Where messages go. An endpoint answering 410 Gone is disabled (enabled = false, with the reason) until someone
-- enables it again. allow_private lets one endpoint reach a private address, honoured only where the deployment allows
-- private addresses at all (nurture.webhooks.allow-private-addresses).
CREATE TABLE webhook_endpoint (
    id              VARCHAR(40)   PRIMARY KEY,
    url             VARCHAR(2048) NOT NULL,
    description     VARCHAR(500),
    event_types     TEXT[],                       -- NULL: every event type
    enabled         BOOLEAN       NOT NULL,
    disabled_reason VARCHAR(500),
    allow_private   BOOLEAN       NOT NULL DEFAULT false,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL
);

-- Signing secrets (whsec_...). The newest has no expiry; a rotation gives the previous ones an expiry (the overlap), so
-- during it every message carries one signature per active secret and receivers can switch at their own pace.
CREATE TABLE webhook_secret (
    id          BIGSERIAL    PRIMARY KEY,
    endpoint_id VARCHAR(40)  NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    secret      VARCHAR(200) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ
);
CREATE INDEX webhook_secret_endpoint ON webhook_secret (endpoint_id);

-- One message per endpoint and event. The payload is the exact body that is signed, kept as text (not JSONB, which
-- would reformat it): every retry sends the same bytes under the same webhook_id.
CREATE TABLE webhook_message (
    webhook_id      VARCHAR(40)  PRIMARY KEY,
    endpoint_id     VARCHAR(40)  NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_type      VARCHAR(200) NOT NULL,
    account_id      VARCHAR(128),
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'disabled')),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ
);
-- The delivery worker's query: pending messages by due time (partial, so it stays small however long the log grows).
CREATE INDEX webhook_message_due ON webhook_message (next_attempt_at) WHERE status = 'pending';
-- An endpoint's deliveries, newest first; and stopping its pending messages on 410.
CREATE INDEX webhook_message_endpoint ON webhook_message (endpoint_id, created_at DESC);

-- Every attempt, as the receiver answered it (or why it could not be made).
CREATE TABLE webhook_attempt (
    webhook_id       VARCHAR(40)   NOT NULL REFERENCES webhook_message (webhook_id) ON DELETE CASCADE,
    attempt          INT           NOT NULL,
    attempted_at     TIMESTAMPTZ   NOT NULL,
    http_status      INT,
    error            VARCHAR(1000),
    duration_ms      BIGINT        NOT NULL,
    response_excerpt VARCHAR(1000),
    PRIMARY KEY (webhook_id, attempt)
);
