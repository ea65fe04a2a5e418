package io.retentionplatform.infra.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How answers are judged, REST and GraphQL, refusal and malformed probes. */
class JudgeTest {

    private static final Target REST = Fixtures.op(Fixtures.scoring(), "PUT /model");
    private static final Target FIELD = Fixtures.field(Fixtures.gateway(), "startPilot");

    @Test
    void refusalProbes() {
        Probe.Expect expect = Probe.Expect.refusal(Set.of(401), REST);

        assertThat(Judge.judge(expect, 401, null)).isEqualTo(Verdict.REJECTED);
        assertThat(Judge.judge(expect, 202, null)).isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        assertThat(Judge.judge(expect, 400, null)).isEqualTo(Verdict.OTHER_STATUS); // validated before authenticating
        assertThat(Judge.judge(expect, 403, null)).isEqualTo(Verdict.OTHER_STATUS);
        assertThat(Judge.judge(expect, 500, null)).isEqualTo(Verdict.SERVER_ERROR);
        assertThat(Judge.judge(expect, 429, null)).isEqualTo(Verdict.RATE_LIMITED);
    }

    @Test
    void malformedProbes() {
        Probe.Expect expect = Probe.Expect.invalidInput(REST);

        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 422, 431}) {
            assertThat(Judge.judge(expect, status, null)).isEqualTo(Verdict.REJECTED);
        }
        assertThat(Judge.judge(expect, 200, null)).isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        assertThat(Judge.judge(expect, 204, null)).isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        assertThat(Judge.judge(expect, 401, null)).isEqualTo(Verdict.OTHER_STATUS); // valid credentials were refused
        assertThat(Judge.judge(expect, 503, null)).isEqualTo(Verdict.SERVER_ERROR);
    }

    @Test
    void graphQLRefusals() {
        Probe.Expect expect = Probe.Expect.refusal(Set.of(403), FIELD);

        assertThat(Judge.judge(expect, 200, answer("{\"errors\":[{\"message\":\"no\",\"extensions\":{\"code\":\"forbidden\"}}],"
                + "\"data\":{\"startPilot\":null}}", "startPilot"))).isEqualTo(Verdict.REJECTED);
        assertThat(Judge.judge(expect, 200, answer("{\"errors\":[{\"extensions\":{\"code\":\"UNAUTHORIZED\"}}]}", "startPilot")))
                .isEqualTo(Verdict.REJECTED);
        assertThat(Judge.judge(expect, 401, null)).isEqualTo(Verdict.REJECTED);
        assertThat(Judge.judge(expect, 200, answer("{\"data\":{\"startPilot\":{\"__typename\":\"Pilot\"}}}", "startPilot")))
                .isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        // The field ran (null, and an error of its own) without any access error: access was not checked.
        assertThat(Judge.judge(expect, 200, answer("{\"errors\":[{\"extensions\":{\"code\":\"INVALID_ARGUMENT\"}}],"
                + "\"data\":{\"startPilot\":null}}", "startPilot"))).isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        // Refused before it ran, for another reason: says nothing about access.
        assertThat(Judge.judge(expect, 200, answer("{\"errors\":[{\"extensions\":{\"classification\":\"ValidationError\"}}],"
                + "\"data\":null}", "startPilot"))).isEqualTo(Verdict.OTHER_STATUS);
    }

    @Test
    void graphQLMalformedRequestsNeedErrors() {
        Probe.Expect expect = Probe.Expect.invalidInput(FIELD);

        assertThat(Judge.judge(expect, 200, answer("{\"errors\":[{\"message\":\"Syntax\"}]}", "startPilot")))
                .isEqualTo(Verdict.REJECTED);
        assertThat(Judge.judge(expect, 200, answer("{\"data\":{\"a0\":\"Mutation\",\"a1\":\"Mutation\"}}", "startPilot")))
                .isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        assertThat(Judge.judge(expect, 200, answer("<html>ok</html>", "startPilot"))).isEqualTo(Verdict.UNEXPECTED_SUCCESS);
        assertThat(Judge.judge(expect, 413, null)).isEqualTo(Verdict.REJECTED);
    }

    @Test
    void answersAreReadAsAStreamWhateverTheirOrder() {
        GraphQLAnswer answer = answer("{\"data\":{\"a\":[1,2,{\"x\":null}],\"startPilot\":null},\"errors\":[{\"extensions\":"
                + "{\"code\":\"authentication-failed\",\"classification\":\"DataFetchingException\"}}]}", "startPilot");

        assertThat(answer.json()).isTrue();
        assertThat(answer.errors()).isEqualTo(1);
        assertThat(answer.authError()).isTrue();
        assertThat(answer.fieldNonNull()).isFalse();
        assertThat(answer.anyData()).isTrue();
    }

    private static GraphQLAnswer answer(String body, String field) {
        return GraphQLAnswer.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), field);
    }
}
