package io.retentionplatform.infra.attack;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform's roles. People carry {@link #VIEWER}, {@link #MANAGER} or {@link #ADMIN} in their JWT, each including
 * the ones below it; event senders carry {@link #INGEST} through an API key, and that role is no rank in the ladder.
 */
public enum Role {
    VIEWER(1), MANAGER(2), ADMIN(3), INGEST(0);

    /** The roles a person can hold, lowest first. */
    public static final List<Role> PERSON_ROLES = List.of(VIEWER, MANAGER, ADMIN);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    /** The role's name in tokens and in {@code @RolesAllowed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isPerson() {
        return rank > 0;
    }

    /** Whether a person with this role has at least {@code other}'s rights. */
    public boolean covers(Role other) {
        return isPerson() && other.isPerson() && rank >= other.rank;
    }

    public static Optional<Role> of(String id) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(id.trim())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
