-- Nurture cadences (seed 000, step 3), their enrollments and the durable step scheduler.

-- A cadence and the version new enrollments get. Editing a cadence writes a new version; an enrolled account keeps the
-- version it entered with.
CREATE TABLE cadence (
    cadence_id      VARCHAR(64) PRIMARY KEY,
    current_version INT         NOT NULL,
    enabled         BOOLEAN     NOT NULL,
    built_in        BOOLEAN     NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Every version ever written, immutable: the definition (trigger, steps, exits, holdout share) as JSON.
CREATE TABLE cadence_version (
    cadence_id VARCHAR(64) NOT NULL REFERENCES cadence (cadence_id),
    version    INT         NOT NULL,
    definition TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (cadence_id, version)
);

-- One account in one cadence. status: active (steps are sent), control (held out: nothing is sent, re-engagement is
-- still measured until window_ends_at), completed (every step sent), converted (ended by the customer's engagement: a
-- reply, a meeting, an inbound contact), exited (another exit condition, with end_reason). held_out marks the control
-- group for good.
CREATE TABLE enrollment (
    enrollment_id      BIGSERIAL PRIMARY KEY,
    account_id         VARCHAR(128) NOT NULL,
    cadence_id         VARCHAR(64)  NOT NULL,
    cadence_version    INT          NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    held_out           BOOLEAN      NOT NULL,
    trigger_segment    VARCHAR(128),
    trigger_message_id VARCHAR(128),
    next_step          INT          NOT NULL,
    steps_total        INT          NOT NULL,
    next_step_at       TIMESTAMPTZ,
    entered_at         TIMESTAMPTZ  NOT NULL,
    ended_at           TIMESTAMPTZ,
    end_reason         TEXT,
    postponements      INT          NOT NULL DEFAULT 0,
    health_at_entry    INT,
    health_latest      INT,
    reengaged_at       TIMESTAMPTZ,
    reengaged_by       VARCHAR(32),
    window_ends_at     TIMESTAMPTZ  NOT NULL,
    FOREIGN KEY (cadence_id, cadence_version) REFERENCES cadence_version (cadence_id, version)
);
-- At most one running enrollment per account and cadence, whatever the races.
CREATE UNIQUE INDEX enrollment_running ON enrollment (account_id, cadence_id) WHERE status IN ('active', 'control');
-- The scheduler's queue: due active enrollments in time order.
CREATE INDEX enrollment_due ON enrollment (next_step_at) WHERE status = 'active';
CREATE INDEX enrollment_account ON enrollment (account_id);
-- Control-group enrollments end when their measurement window does.
CREATE INDEX enrollment_control_window ON enrollment (window_ends_at) WHERE status = 'control';
CREATE INDEX enrollment_cadence_entered ON enrollment (cadence_id, entered_at);

-- Each step sent (or skipped), once: the primary key is what makes a step impossible to send twice.
CREATE TABLE enrollment_step (
    enrollment_id BIGINT      NOT NULL REFERENCES enrollment (enrollment_id) ON DELETE CASCADE,
    step_index    INT         NOT NULL,
    account_id    VARCHAR(128) NOT NULL,
    channel       VARCHAR(16) NOT NULL,
    content       VARCHAR(32) NOT NULL,
    sent_at       TIMESTAMPTZ NOT NULL,
    skipped       TEXT,
    touch         BOOLEAN     NOT NULL,
    webhook_ids   TEXT[]      NOT NULL DEFAULT '{}',
    last_outcome  VARCHAR(32),
    PRIMARY KEY (enrollment_id, step_index)
);
-- The contact cap counts an account's touches in a window.
CREATE INDEX enrollment_step_touches ON enrollment_step (account_id, sent_at) WHERE touch;
CREATE INDEX enrollment_step_webhooks ON enrollment_step USING GIN (webhook_ids);

-- What nurture knows of each account from the other services' topics: the health-score signals its exit conditions,
-- holdout measurement and eligibility read (health-scores), and the account facts (account-changes).
CREATE TABLE account_signal (
    account_id              VARCHAR(128) PRIMARY KEY,
    health_version          BIGINT,
    health                  INT,
    health_at               TIMESTAMPTZ,
    last_inbound_contact_at TIMESTAMPTZ,
    features_used30         INT,
    feature_target          INT,
    premium_pays_basic_use  BOOLEAN,
    advocacy_acts90         INT,
    account_version         BIGINT,
    account_name            TEXT,
    renewal_date            DATE,
    active                  BOOLEAN,
    unsubscribed_at         TIMESTAMPTZ
);

-- Outcomes received from the marketing tool (inbound webhook), once per inbound webhook id.
CREATE TABLE nurture_outcome (
    webhook_id    VARCHAR(128) PRIMARY KEY,
    account_id    VARCHAR(128) NOT NULL,
    refers_to     VARCHAR(128),
    enrollment_id BIGINT,
    outcome       VARCHAR(32)  NOT NULL,
    occurred_at   TIMESTAMPTZ  NOT NULL,
    received_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX nurture_outcome_account ON nurture_outcome (account_id, occurred_at);

-- Expansion-play eligibility (seed 000, step 4) as last decided and published.
CREATE TABLE expansion_eligibility (
    account_id VARCHAR(128) PRIMARY KEY,
    eligible   BOOLEAN     NOT NULL,
    plays      TEXT        NOT NULL,
    reasons    TEXT        NOT NULL,
    version    BIGINT      NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL
);

-- Transactional outbox: written in the transaction of the change it announces, published by the relay.
CREATE TABLE outbox_message (
    id           BIGSERIAL PRIMARY KEY,
    message_id   VARCHAR(128) NOT NULL UNIQUE,
    topic        VARCHAR(128) NOT NULL,
    message_key  VARCHAR(128) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox_message (id) WHERE published_at IS NULL;
