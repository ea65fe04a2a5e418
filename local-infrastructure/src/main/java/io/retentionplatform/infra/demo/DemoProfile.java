package io.retentionplatform.infra.demo;

/**
 * The four engagement quadrants (seed 000, step 1) as behaviour to simulate: product usage against human contact.
 * Ranges are per 30 days unless said otherwise.
 */
enum DemoProfile {
    /** High usage, high contact: case studies, referrals, expansion. */
    ACTIVE_ADVOCATE(16, 24, 4, 6, 3, 6, 0, 1, 9, 10, true),
    /** High usage, no human contact for over 90 days: the biggest hidden risk. NPS 7-8 looks fine. */
    SILENT_SATISFIED(14, 22, 3, 6, 0, 0, 0, 1, 7, 8, false),
    /** Low usage, high contact: many tickets, no value yet. */
    STRUGGLING_NEEDY(2, 6, 1, 2, 3, 5, 4, 8, 4, 6, false),
    /** Low usage, low contact: rescue now. */
    AT_RISK_DISENGAGED(0, 3, 0, 1, 0, 0, 0, 1, 3, 6, false);

    final int minActiveDays;
    final int maxActiveDays;
    final int minFeatures;
    final int maxFeatures;
    final int minContacts;
    final int maxContacts;
    final int minTickets;
    final int maxTickets;
    final int minNps;
    final int maxNps;
    final boolean advocates;

    DemoProfile(int minActiveDays, int maxActiveDays, int minFeatures, int maxFeatures, int minContacts, int maxContacts,
            int minTickets, int maxTickets, int minNps, int maxNps, boolean advocates) {
        this.minActiveDays = minActiveDays;
        this.maxActiveDays = maxActiveDays;
        this.minFeatures = minFeatures;
        this.maxFeatures = maxFeatures;
        this.minContacts = minContacts;
        this.maxContacts = maxContacts;
        this.minTickets = minTickets;
        this.maxTickets = maxTickets;
        this.minNps = minNps;
        this.maxNps = maxNps;
        this.advocates = advocates;
    }
}
