package io.retentionplatform.infra.attack;

import java.util.Set;

/**
 * One request the campaign sends and how its answer is judged. The body is built just before sending (and dropped
 * right after), so that thousands of generated requests never sit in memory together.
 *
 * @param what        the probe or defect, for reports ("expired admin token", "body: wrong type of weights")
 * @param url         absolute and percent-encoded; may deliberately contain odd but legal escapes
 * @param contentType null for none
 * @param body        null for no body
 */
public record Probe(Target target, String what, String method, String url, String contentType, byte[] body,
        Credential credential, Expect expect) {

    /** How an answer is judged: a refusal (with the statuses that count as the right one) or the rejection of bad input. */
    public record Expect(boolean refusal, Set<Integer> statuses, String graphqlField) {

        public static Expect refusal(Set<Integer> statuses, Target target) {
            return new Expect(true, statuses, target instanceof GraphQLField f ? f.name() : null);
        }

        public static Expect invalidInput(Target target) {
            return new Expect(false, Set.of(), target instanceof GraphQLField f ? f.name() : null);
        }

        public boolean graphql() {
            return graphqlField != null;
        }
    }

    public boolean big() {
        return (body != null && body.length >= 200_000) || url.length() > 4000;
    }
}
