package io.retentionplatform.infra.attack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The refusal probes: plausible requests (they would succeed with the right credentials) sent with missing, forged,
 * foreign or too-weak credentials. Each category is a list of a few hundred small probes.
 */
final class AuthProbes {

    static final Set<Integer> UNAUTHENTICATED = Set.of(401);
    static final Set<Integer> REFUSED = Set.of(401, 403);
    static final Set<Integer> FORBIDDEN = Set.of(403);

    private AuthProbes() {
    }

    /** Every protected operation without an Authorization header: 401. */
    static List<Probe> noCredentials(List<? extends Target> targets, Random random) {
        List<Probe> probes = new ArrayList<>();
        for (Target target : targets) {
            if (!target.access().open()) {
                probes.add(probe(target, Credential.NONE, "no credentials", UNAUTHENTICATED, random));
            }
        }
        return probes;
    }

    /** Every forgery on every protected operation: 401. */
    static List<Probe> forged(List<? extends Target> targets, List<Forgeries.Forgery> forgeries, Random random) {
        List<Probe> probes = new ArrayList<>();
        for (Forgeries.Forgery forgery : forgeries) {
            for (Target target : targets) {
                if (!target.access().open()) {
                    probes.add(probe(target, forgery.credential(), forgery.what(), UNAUTHENTICATED, random));
                }
            }
        }
        return probes;
    }

    /** The valid ingest key, as bearer token and as Basic user, on every protected operation it is not meant for. */
    static List<Probe> ingestKeyElsewhere(List<? extends Target> targets, Random random) {
        List<Probe> probes = new ArrayList<>();
        for (Target target : targets) {
            if (!target.access().open() && !target.access().ingest()) {
                probes.add(probe(target, new Credential.IngestKey(false, true), "ingest key as bearer token", REFUSED, random));
                probes.add(probe(target, new Credential.IngestKey(true, true), "ingest key as Basic user", REFUSED, random));
            }
        }
        return probes;
    }

    /**
     * Every protected operation with each valid person token below its minimum role: 403 (a person's token on an
     * ingest-only operation may also get 401, as that operation may only know API keys).
     */
    static List<Probe> roleEscalation(List<? extends Target> targets, Random random) {
        List<Probe> probes = new ArrayList<>();
        for (Target target : targets) {
            for (Role role : target.access().lowerPersonRoles()) {
                probes.add(probe(target, new Credential.Jwt(role, null), role.id() + " token",
                        target.access().ingestOnly() || target.access().signedOnly() ? REFUSED : FORBIDDEN, random));
            }
        }
        return probes;
    }

    static Probe probe(Target target, Credential credential, String what, Set<Integer> expected, Random random) {
        Probe.Expect expect = Probe.Expect.refusal(expected, target);
        if (target instanceof GraphQLField field) {
            return new Probe(field, what, "POST", field.endpoint(), "application/json",
                    PlausibleRequests.graphql(field.probe(random), null), credential, expect);
        }
        RestOperation op = (RestOperation) target;
        Instant now = Instant.now();
        PlausibleRequests.Payload body = PlausibleRequests.body(op, random, now).orElse(null);
        return new Probe(op, what, op.method(), PlausibleRequests.url(op, random, now), body == null ? null : body.contentType(),
                body == null ? null : body.bytes(), credential, expect);
    }
}
