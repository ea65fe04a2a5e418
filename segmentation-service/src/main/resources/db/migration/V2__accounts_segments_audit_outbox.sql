-- One row per account: its CRM data (null until the CRM has told us), its latest health score and signals (null
-- until scoring has published one), and its current engagement quadrant. One row keeps the per-account decisions
-- (quadrant, rule segments) to one read and one lock.
CREATE TABLE account (
    account_id              VARCHAR(128)  PRIMARY KEY,
    -- CRM
    crm_known               BOOLEAN       NOT NULL DEFAULT FALSE,
    name                    VARCHAR(300),
    industry                VARCHAR(32)   CHECK (industry IN ('saas', 'professional_services', 'manufacturing', 'other')),
    plan_tier               VARCHAR(64),
    entitled_features       TEXT          NOT NULL DEFAULT '',
    arr                     NUMERIC(16,2) NOT NULL DEFAULT 0,     -- reporting currency (EUR), from the ARR ledger
    contract_arr            NUMERIC(16,2),                        -- in the contract currency, as the CRM gave it
    currency                CHAR(3),
    contract_start          DATE,
    renewal_date            DATE,
    owner                   VARCHAR(200),
    active                  BOOLEAN       NOT NULL DEFAULT TRUE,
    crm_version             BIGINT        NOT NULL DEFAULT 0,
    crm_updated_at          TIMESTAMPTZ,
    -- health, from scoring-service's health-scores
    health_score            SMALLINT,
    health_band             VARCHAR(16),
    adoption                SMALLINT,
    support                 SMALLINT,
    engagement              SMALLINT,
    survey                  SMALLINT,
    engagement_score30      SMALLINT,
    engagement_score90      SMALLINT,
    trend_change7           INTEGER,
    trend_change30          INTEGER,
    trend_direction         VARCHAR(8),
    explanation             TEXT,
    satisfaction_trap       BOOLEAN       NOT NULL DEFAULT FALSE,
    premium_pays_basic_use  BOOLEAN       NOT NULL DEFAULT FALSE,
    score_version           BIGINT        NOT NULL DEFAULT 0,
    score_computed_at       TIMESTAMPTZ,
    model_version           BIGINT,
    -- signals behind the score
    active_days30           INTEGER,
    active_days_previous30  INTEGER,
    features_used30         INTEGER,
    inbound_contacts90      INTEGER,
    outbound_contacts90     INTEGER,
    advocacy_acts90         INTEGER,
    open_tickets            INTEGER,
    last_nps                SMALLINT,
    last_human_contact_at   TIMESTAMPTZ,
    last_inbound_contact_at TIMESTAMPTZ,
    last_engagement_at      TIMESTAMPTZ,
    contact_intensity       DOUBLE PRECISION,
    first_value_at          TIMESTAMPTZ,                          -- time-to-value milestone first reached
    -- current quadrant (its history is in segment_membership)
    quadrant                VARCHAR(32),
    quadrant_since          TIMESTAMPTZ,
    quadrant_reason         TEXT,
    -- per-account counter of published segment changes: the version of each segment-change message
    segment_version         BIGINT        NOT NULL DEFAULT 0,
    updated_at              TIMESTAMPTZ   NOT NULL
);
INSERT INTO account (account_id, health_score, health_band, adoption, support, engagement, score_version,
                     score_computed_at, updated_at)
SELECT account_id, health_score, health_band, adoption, support, engagement, score_version, score_computed_at, updated_at
FROM account_health;
DROP TABLE account_health;
CREATE INDEX account_quadrant ON account (quadrant);
CREATE INDEX account_arr ON account (arr DESC);

-- ARR movements: the ledger. ARR at any date is the sum of the deltas effective on or before it.
CREATE TABLE arr_movement (
    id             BIGSERIAL     PRIMARY KEY,
    account_id     VARCHAR(128)  NOT NULL,
    kind           VARCHAR(16)   NOT NULL CHECK (kind IN ('new', 'expansion', 'contraction', 'churn', 'reactivation', 'renewal')),
    delta          NUMERIC(16,2) NOT NULL,                       -- signed, reporting currency
    arr_after      NUMERIC(16,2) NOT NULL,
    effective_date DATE          NOT NULL,
    source         VARCHAR(16)   NOT NULL CHECK (source IN ('crm', 'event', 'api', 'import')),
    source_ref     VARCHAR(200)  NOT NULL,                       -- event id, request id, import row: idempotency key
    note           TEXT,
    recorded_at    TIMESTAMPTZ   NOT NULL,
    UNIQUE (source, source_ref)
);
CREATE INDEX arr_movement_account ON arr_movement (account_id, effective_date, id);
CREATE INDEX arr_movement_date ON arr_movement (effective_date);

-- Segment membership, current (left_at null) and history, for quadrants, flags, rule segments and pilot cohorts.
CREATE TABLE segment_membership (
    id                 BIGSERIAL    PRIMARY KEY,
    segment_id         VARCHAR(160) NOT NULL,
    kind               VARCHAR(16)  NOT NULL,
    account_id         VARCHAR(128) NOT NULL,
    entered_at         TIMESTAMPTZ  NOT NULL,
    enter_reason       TEXT         NOT NULL,
    left_at            TIMESTAMPTZ,
    leave_reason       TEXT,
    score_version      BIGINT,
    definition_version BIGINT
);
CREATE UNIQUE INDEX segment_membership_current ON segment_membership (segment_id, account_id) WHERE left_at IS NULL;
CREATE INDEX segment_membership_account ON segment_membership (account_id, entered_at);

-- User-defined rule segments; every edit is a new version, kept.
CREATE TABLE rule_segment (
    segment_id        VARCHAR(120) PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    description       TEXT,
    rule_json         TEXT         NOT NULL,
    version           BIGINT       NOT NULL,
    deleted           BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE TABLE rule_segment_version (
    segment_id VARCHAR(120) NOT NULL,
    version    BIGINT       NOT NULL,
    name       VARCHAR(200) NOT NULL,
    rule_json  TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (segment_id, version)
);

-- Silent-customer audit pilots: the cohort is a snapshot taken when the pilot starts.
CREATE TABLE audit_pilot (
    pilot_id        VARCHAR(64)   PRIMARY KEY,
    started_at      TIMESTAMPTZ   NOT NULL,
    silent_days     INTEGER       NOT NULL,
    cohort_share    NUMERIC(5,4)  NOT NULL,
    window_days     INTEGER       NOT NULL,
    silent_accounts INTEGER       NOT NULL,
    silent_arr      NUMERIC(18,2) NOT NULL,
    cohort_size     INTEGER       NOT NULL,
    cohort_arr      NUMERIC(18,2) NOT NULL,
    started_by      VARCHAR(200)
);
CREATE TABLE audit_pilot_member (
    pilot_id                 VARCHAR(64)   NOT NULL REFERENCES audit_pilot (pilot_id),
    account_id               VARCHAR(128)  NOT NULL,
    rank                     INTEGER       NOT NULL,
    arr                      NUMERIC(16,2) NOT NULL,
    days_since_human_contact INTEGER,
    owner                    VARCHAR(200),
    quadrant                 VARCHAR(32),
    reengaged_at             TIMESTAMPTZ,
    PRIMARY KEY (pilot_id, account_id)
);
CREATE INDEX audit_pilot_member_account ON audit_pilot_member (account_id) WHERE reengaged_at IS NULL;

-- CSV imports of CRM exports, with progress and per-row errors.
CREATE TABLE account_import (
    import_id      VARCHAR(64) PRIMARY KEY,
    state          VARCHAR(16) NOT NULL,
    file_sha256    VARCHAR(64) NOT NULL,
    total_rows     INTEGER     NOT NULL DEFAULT 0,
    processed_rows INTEGER     NOT NULL DEFAULT 0,
    created        INTEGER     NOT NULL DEFAULT 0,
    updated        INTEGER     NOT NULL DEFAULT 0,
    unchanged      INTEGER     NOT NULL DEFAULT 0,
    rejected       INTEGER     NOT NULL DEFAULT 0,
    errors_json    TEXT        NOT NULL DEFAULT '[]',
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ
);

-- Transactional outbox: written in the transaction of the change it announces, published by the relay.
CREATE TABLE outbox_message (
    id           BIGSERIAL    PRIMARY KEY,
    message_id   VARCHAR(64)  NOT NULL UNIQUE,
    topic        VARCHAR(120) NOT NULL,
    message_key  VARCHAR(128) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox_message (id) WHERE published_at IS NULL;
