package io.retentionplatform.infra.attack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who may call an operation, as its contract declares it: open, or the lowest person role that may (the others
 * included by the ladder), and whether an API key's {@code ingest} role may. The campaign derives from it which
 * credentials must be refused and which ones reach input validation.
 *
 * @param open           no credentials needed (an OpenAPI operation without {@code security})
 * @param minimumRole    the lowest person role allowed; empty if no person may call it
 * @param ingest         whether the ingest role (an API key) may call it
 * @param declared       the roles as declared, for reports (unknown ones included)
 */
public record Access(boolean open, Optional<Role> minimumRole, boolean ingest, List<String> declared) {

    public static final Access OPEN = new Access(true, Optional.empty(), false, List.of());

    /**
     * Authenticated by a request signature the campaign cannot make (an inbound webhook's Standard Webhooks signature:
     * an operation with {@code x-authentication: webhookSignature}, or a security scheme of that name): every credential we hold must be refused, and malformed bodies cannot
     * reach validation (the signature is checked before the body is read).
     */
    public static final String SIGNATURE_SCHEME = "webhookSignature";
    public static final Access SIGNED = new Access(false, Optional.empty(), false, List.of(SIGNATURE_SCHEME));

    /**
     * From the role names an operation declares: the lowest person role is the minimum (["viewer","manager","admin"]
     * gives viewer, ["admin"] admin), {@code ingest} marks an API-key operation. An empty list means "any signed-in
     * person" (viewer). Unknown names are kept for the report but grant nothing we can hold.
     */
    public static Access ofRoles(Collection<String> roles) {
        Role lowest = null;
        boolean ingest = false;
        for (String name : roles) {
            Optional<Role> role = Role.of(name);
            if (role.isEmpty()) {
                continue;
            }
            if (role.get() == Role.INGEST) {
                ingest = true;
            } else if (lowest == null || lowest.covers(role.get())) {
                lowest = role.get();
            }
        }
        if (roles.isEmpty()) {
            lowest = Role.VIEWER;
        }
        return new Access(false, Optional.ofNullable(lowest), ingest, List.copyOf(new TreeSet<>(roles)));
    }

    /** The role whose credentials reach validation: the minimum person role, else ingest; empty if none we hold. */
    public Optional<Role> credentialRole() {
        if (minimumRole.isPresent()) {
            return minimumRole;
        }
        return ingest ? Optional.of(Role.INGEST) : Optional.empty();
    }

    /** Only a signed request may call it: person tokens and API keys are all refused (401). */
    public boolean signedOnly() {
        return !open && !ingest && minimumRole.isEmpty() && declared.contains(SIGNATURE_SCHEME);
    }

    /** Only an API key may call it. */
    public boolean ingestOnly() {
        return !open && ingest && minimumRole.isEmpty();
    }

    /** Person roles that must be refused: those below the minimum, or all of them where no person may call. */
    public List<Role> lowerPersonRoles() {
        if (open) {
            return List.of();
        }
        List<Role> lower = new ArrayList<>();
        for (Role role : Role.PERSON_ROLES) {
            if (minimumRole.isEmpty() || !role.covers(minimumRole.get())) {
                lower.add(role);
            }
        }
        return lower;
    }

    /** "public", "viewer", "admin", "ingest", "viewer+ingest". */
    public String label() {
        if (open) {
            return "public";
        }
        String person = minimumRole.map(Role::id).orElse("");
        if (ingest) {
            return person.isEmpty() ? "ingest" : person + "+ingest";
        }
        return person.isEmpty() ? "none-known" + declared : person;
    }
}
