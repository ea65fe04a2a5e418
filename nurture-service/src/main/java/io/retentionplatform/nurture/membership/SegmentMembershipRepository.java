package io.retentionplatform.nurture.membership;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SegmentMembershipRepository implements PanacheRepositoryBase<SegmentMembership, SegmentMembership.Key> {

    public Uni<List<SegmentMembership>> currentSegments(String accountId) {
        return list("accountId = ?1 and member = true", Sort.by("segment"), accountId);
    }
}
