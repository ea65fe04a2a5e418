-- The account's expansion eligibility as nurture-service last decided it (from the expansion-eligibility topic), so
-- account lists can be filtered on it; version is nurture's per-account counter: older decisions are ignored.
ALTER TABLE account ADD COLUMN expansion_eligible BOOLEAN;
ALTER TABLE account ADD COLUMN eligibility_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX account_expansion_eligible ON account (expansion_eligible) WHERE expansion_eligible;
