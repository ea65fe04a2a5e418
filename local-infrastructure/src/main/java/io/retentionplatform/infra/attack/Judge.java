package io.retentionplatform.infra.attack;

/**
 * The rules that turn an answer into a {@link Verdict}. A refusal probe expects 401/403 (GraphQL: those, or an error
 * coded UNAUTHORIZED/FORBIDDEN with no data for the field); a malformed probe expects any 4xx except 401/403 (its
 * credentials are valid, so those mean it never reached validation) and, for GraphQL, an answer with errors.
 */
public final class Judge {

    private Judge() {
    }

    /** {@code answer} is only read for GraphQL probes with a 2xx status. */
    public static Verdict judge(Probe.Expect expect, int status, GraphQLAnswer answer) {
        if (status >= 500) {
            return Verdict.SERVER_ERROR;
        }
        if (status == 429) {
            return Verdict.RATE_LIMITED;
        }
        boolean success = status >= 200 && status < 300;
        if (expect.refusal()) {
            if (!success) {
                return expect.statuses().contains(status) || (expect.graphql() && (status == 401 || status == 403))
                        ? Verdict.REJECTED : Verdict.OTHER_STATUS;
            }
            if (!expect.graphql()) {
                return Verdict.UNEXPECTED_SUCCESS;
            }
            if (answer.fieldNonNull()) {
                return Verdict.UNEXPECTED_SUCCESS;
            }
            if (answer.authError()) {
                return Verdict.REJECTED;
            }
            if (!answer.json() || answer.notExecuted()) {
                return Verdict.OTHER_STATUS; // refused for another reason before it ran: says nothing about access
            }
            return Verdict.UNEXPECTED_SUCCESS; // the field ran (null data, or an error of its own) without an auth error
        }
        if (status == 401 || status == 403) {
            return Verdict.OTHER_STATUS;
        }
        if (!success) {
            return status >= 400 ? Verdict.REJECTED : Verdict.OTHER_STATUS;
        }
        if (!expect.graphql()) {
            return Verdict.UNEXPECTED_SUCCESS;
        }
        if (answer.errors() == 0) {
            return Verdict.UNEXPECTED_SUCCESS;
        }
        return answer.authError() ? Verdict.OTHER_STATUS : Verdict.REJECTED;
    }
}
