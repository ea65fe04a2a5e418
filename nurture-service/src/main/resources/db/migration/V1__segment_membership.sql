-- The segments each account is in, as segmentation-service announces them (topic segment-changes).
-- Cadence enrollment starts from these changes.
CREATE TABLE segment_membership (
    account_id  VARCHAR(128) NOT NULL,
    segment     VARCHAR(128) NOT NULL,
    member      BOOLEAN      NOT NULL,
    version     BIGINT       NOT NULL,
    changed_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (account_id, segment)
);

-- Idempotent consumers: a message id is recorded in the same transaction as its effect.
CREATE TABLE processed_message (
    consumer     VARCHAR(64)  NOT NULL,
    message_id   VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
