package io.retentionplatform.nurture.membership;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Whether an account is in a segment, as of the latest segment change nurture has applied. */
@Entity
@Table(name = "segment_membership")
@IdClass(SegmentMembership.Key.class)
public class SegmentMembership {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    public String segment;

    public boolean member;

    public long version;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String accountId;
        public String segment;

        public Key() {
        }

        public Key(String accountId, String segment) {
            this.accountId = accountId;
            this.segment = segment;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(segment, k.segment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, segment);
        }
    }
}
