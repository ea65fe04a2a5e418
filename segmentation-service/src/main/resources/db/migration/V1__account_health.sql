-- Each account's latest health score as published by scoring-service (topic health-scores).
CREATE TABLE account_health (
    account_id        VARCHAR(128) PRIMARY KEY,
    health_score      SMALLINT     NOT NULL CHECK (health_score BETWEEN 0 AND 100),
    health_band       VARCHAR(16)  NOT NULL,
    adoption          SMALLINT     NOT NULL,
    support           SMALLINT     NOT NULL,
    engagement        SMALLINT     NOT NULL,
    score_version     BIGINT       NOT NULL,
    score_computed_at TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);

-- Idempotent consumers: a message id is recorded in the same transaction as its effect.
CREATE TABLE processed_message (
    consumer     VARCHAR(64)  NOT NULL,
    message_id   VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
