-- GDPR art. 17 erasure (topic erasure-requests). An erased account keeps only this marker: its id and when it was
-- erased. A message produced before that time that arrives later (a health score, an ARR change in flight) is
-- dropped instead of bringing the account back; a message produced after it is new data.
CREATE TABLE erased_account (
    account_id VARCHAR(128) PRIMARY KEY,
    erased_at  TIMESTAMPTZ  NOT NULL
);

-- Each erasure request handled, once: a redelivered request finds its row, erases nothing and confirms nothing again
-- (the confirmation went into the outbox in the transaction of the deletes).
CREATE TABLE erasure_request (
    request_id    VARCHAR(128) PRIMARY KEY,
    account_id    VARCHAR(128) NOT NULL,
    whole_account BOOLEAN      NOT NULL,
    erased_json   TEXT         NOT NULL,
    erased_at     TIMESTAMPTZ  NOT NULL
);
