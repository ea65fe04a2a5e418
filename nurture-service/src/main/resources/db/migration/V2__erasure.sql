-- GDPR art. 17 erasure (topic erasure-requests). An erased account keeps only this marker: its id and when it was
-- erased. A segment change decided before that time that arrives later is dropped instead of bringing it back.
CREATE TABLE erased_account (
    account_id VARCHAR(128) PRIMARY KEY,
    erased_at  TIMESTAMPTZ  NOT NULL
);

-- Each erasure request handled, once, and whether its confirmation was acknowledged by Kafka: a redelivered request
-- erases nothing again, and is confirmed again only if the first confirmation never got its ack.
CREATE TABLE erasure_request (
    request_id    VARCHAR(128) PRIMARY KEY,
    account_id    VARCHAR(128) NOT NULL,
    whole_account BOOLEAN      NOT NULL,
    erased_json   TEXT         NOT NULL,
    erased_at     TIMESTAMPTZ  NOT NULL,
    confirmed_at  TIMESTAMPTZ
);
