package io.retentionplatform.infra.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The malformed-input generator against the services' contracts: the same requests for the same seed, and every one
 * of them invalid as judged by checkers written apart from the generator ({@link RestContractCheck},
 * {@link GraphQLContractCheck}); the refusal probes, on the contrary, are valid requests.
 */
class MalformedRequestsTest {

    private static final List<Target> TARGETS = Fixtures.all();
    private static final int REQUESTS = 6_000;

    @Test
    void theSameSeedGivesTheSameRequests() {
        MalformedRequests first = new MalformedRequests(TARGETS, 42);
        MalformedRequests second = new MalformedRequests(Fixtures.all(), 42);
        MalformedRequests other = new MalformedRequests(TARGETS, 43);

        boolean anyDifferent = false;
        for (long i = 0; i < 1_500; i++) {
            Probe a = first.generate(i);
            Probe b = second.generate(i);
            assertThat(b.method()).isEqualTo(a.method());
            assertThat(b.url()).isEqualTo(a.url());
            assertThat(b.contentType()).isEqualTo(a.contentType());
            assertThat(b.what()).isEqualTo(a.what());
            assertThat(Arrays.equals(a.body(), b.body())).as("body of request %d", i).isTrue();
            assertThat(b.target().label()).isEqualTo(a.target().label());
            Probe c = other.generate(i);
            anyDifferent |= !c.url().equals(a.url()) || !Arrays.equals(a.body(), c.body()) || !c.what().equals(a.what());
        }
        assertThat(anyDifferent).as("another seed gives other requests").isTrue();
    }

    @Test
    void everyGeneratedRequestBreaksTheContract() {
        MalformedRequests generator = new MalformedRequests(TARGETS, 1);
        Map<String, List<RestOperation>> byService = TARGETS.stream().filter(t -> t instanceof RestOperation)
                .map(t -> (RestOperation) t).collect(Collectors.groupingBy(RestOperation::service));
        GraphQLContractCheck graphql = new GraphQLContractCheck(Fixtures.gateway());

        List<String> valid = new ArrayList<>();
        for (long i = 0; i < REQUESTS; i++) {
            Probe probe = generator.generate(i);
            Optional<String> defect = probe.target() instanceof RestOperation op
                    ? RestContractCheck.defect(probe, byService.get(op.service()))
                    : graphql.defect(probe);
            if (defect.isEmpty()) {
                valid.add(i + " " + probe.method() + " " + Tally.shorten(probe.url(), 100) + " [" + probe.what() + "] "
                        + (probe.body() == null ? "" : Tally.shorten(new String(probe.body(), java.nio.charset.StandardCharsets.UTF_8), 300)));
            }
        }
        assertThat(valid).as("requests the contract would accept").isEmpty();
    }

    @Test
    void requestsAreSpreadOverEveryTargetAndEveryDefectThatApplies() {
        MalformedRequests generator = new MalformedRequests(TARGETS, 1);
        Set<Defect> seen = EnumSet.noneOf(Defect.class);
        Map<String, Long> perTarget = new java.util.HashMap<>();
        for (long i = 0; i < REQUESTS; i++) {
            seen.add(generator.defectAt(i));
            perTarget.merge(generator.targetAt(i).label(), 1L, Long::sum);
        }

        assertThat(generator.skipped()).isEmpty();
        assertThat(perTarget.keySet()).containsExactlyInAnyOrderElementsOf(TARGETS.stream().map(Target::label).toList());
        long min = perTarget.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = perTarget.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(seen).containsAll(EnumSet.allOf(Defect.class));
        for (Target target : generator.targets()) {
            assertThat(generator.defects(target)).as(target.label()).isNotEmpty();
        }
    }

    @Test
    void heavyRequestsAreCappedPerTarget() {
        MalformedRequests generator = new MalformedRequests(TARGETS, 1);
        Map<String, Long> heavy = new java.util.HashMap<>();
        for (long i = 0; i < 20_000; i++) {
            if (generator.defectAt(i).heavy()) {
                heavy.merge(generator.targetAt(i).label() + " " + generator.defectAt(i), 1L, Long::sum);
            }
        }
        assertThat(heavy.values()).allMatch(n -> n <= MalformedRequests.HEAVY_ROUNDS + 1);
    }

    @Test
    void eachRequestCarriesCredentialsOfTheMinimumRole() {
        MalformedRequests generator = new MalformedRequests(TARGETS, 1);
        for (long i = 0; i < 500; i++) {
            Probe probe = generator.generate(i);
            Access access = probe.target().access();
            if (access.open()) {
                assertThat(probe.credential()).isInstanceOf(Credential.None.class);
            } else if (access.ingestOnly()) {
                assertThat(probe.credential()).isEqualTo(new Credential.IngestKey(false, true));
            } else {
                assertThat(probe.credential()).isEqualTo(new Credential.Jwt(access.minimumRole().orElseThrow(), null));
            }
            assertThat(probe.expect().refusal()).isFalse();
        }
    }

    @Test
    void refusalProbesAreOtherwiseValidRequests() {
        Map<String, List<RestOperation>> byService = TARGETS.stream().filter(t -> t instanceof RestOperation)
                .map(t -> (RestOperation) t).collect(Collectors.groupingBy(RestOperation::service));
        GraphQLContractCheck graphql = new GraphQLContractCheck(Fixtures.gateway());
        Random random = new Random(5);
        List<String> invalid = new ArrayList<>();
        for (Probe probe : AuthProbes.noCredentials(TARGETS, random)) {
            Optional<String> defect = probe.target() instanceof RestOperation op
                    ? RestContractCheck.defect(probe, byService.get(op.service()))
                    : graphql.defect(probe);
            defect.ifPresent(d -> invalid.add(probe.target().label() + ": " + d));
        }
        assertThat(invalid).isEmpty();
    }
}
