package io.retentionplatform.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

/** Batch calls carry their ids in the query string: long lists are split so that no request line gets too long. */
class BatchChunksTest {

    @Test
    void aPageOfOrdinaryIdsIsOneCallAndALongListSeveralInOrder() {
        List<List<String>> calls = new ArrayList<>();
        List<String> fifty = IntStream.range(0, 50).mapToObj(i -> "gq1a2b3c-noordzee-logistics-" + i).toList();
        List<String> answer = AccountGraphQLApi.inChunks(fifty, chunk -> {
            calls.add(chunk);
            return Uni.createFrom().item(chunk);
        }).await().indefinitely();
        assertThat(calls).hasSize(1);
        assertThat(answer).isEqualTo(fifty);

        calls.clear();
        List<String> long128 = IntStream.range(0, 200).mapToObj(i -> "x".repeat(120) + "-" + i).toList();
        List<String> all = AccountGraphQLApi.inChunks(long128, chunk -> {
            calls.add(chunk);
            return Uni.createFrom().item(chunk);
        }).await().indefinitely();
        assertThat(calls.size()).isGreaterThan(1);
        assertThat(calls).allSatisfy(chunk -> assertThat(chunk.stream().mapToInt(id -> id.length() + 11).sum())
                .isLessThanOrEqualTo(AccountGraphQLApi.MAX_IDS_CHARACTERS));
        assertThat(all).isEqualTo(long128);
    }
}
