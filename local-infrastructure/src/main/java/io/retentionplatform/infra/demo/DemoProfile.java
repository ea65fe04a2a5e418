package io.retentionplatform.infra.demo;

/**
 * The four engagement quadrants (seed 000, step 1) as behaviour to simulate: product usage against human contact.
 * Usage days are per 30 days (the last 30, and the 30 before), contacts per 90 days. The ranges keep every account
 * clear of segmentation's thresholds and their hysteresis (usage 50 +- 5, contact 2.0 +- 0.5), so the order in which
 * the scores arrive cannot leave an account in another quadrant.
 */
enum DemoProfile {
    /** High usage, high contact: case studies, referrals, expansion. */
    ACTIVE_ADVOCATE("active_advocates", 17, 24, 16, 23, 75, 100, 3, 5, 1, 3, 0, 1, 9, 10, true,
            new String[] {"enterprise", "enterprise", "premium", "premium", "basic"}),
    /** High usage, no human contact for over 90 days: the biggest hidden risk. NPS 7-8 looks fine. */
    SILENT_SATISFIED("silent_satisfieds", 14, 20, 13, 19, 60, 100, 0, 0, 0, 0, 0, 1, 7, 8, false,
            new String[] {"enterprise", "premium", "premium", "basic", "basic"}),
    /** Low usage, high contact: many tickets, no value yet. */
    STRUGGLING_NEEDY("struggling_needy", 2, 5, 3, 7, 25, 50, 3, 5, 0, 2, 4, 8, 4, 6, false,
            new String[] {"enterprise", "premium", "premium", "premium", "basic"}),
    /** Low usage, low contact: rescue now. At most a CSM's unanswered outbound calls. */
    AT_RISK_DISENGAGED("at_risk_disengaged", 0, 3, 2, 6, 0, 25, 0, 0, 0, 2, 0, 1, 3, 6, false,
            new String[] {"premium", "basic", "basic", "basic", "basic"});

    /** The quadrant id segmentation-service uses. */
    final String quadrantId;
    final int minActiveDays;
    final int maxActiveDays;
    final int minActiveDaysBefore;
    final int maxActiveDaysBefore;
    /** Share of the entitled features used, in percent. */
    final int minFeatureShare;
    final int maxFeatureShare;
    final int minInbound;
    final int maxInbound;
    final int minOutbound;
    final int maxOutbound;
    final int minTickets;
    final int maxTickets;
    final int minNps;
    final int maxNps;
    final boolean advocates;
    /** Plan tiers drawn from (repeats weigh). */
    final String[] tiers;

    DemoProfile(String quadrantId, int minActiveDays, int maxActiveDays, int minActiveDaysBefore, int maxActiveDaysBefore,
            int minFeatureShare, int maxFeatureShare, int minInbound, int maxInbound, int minOutbound, int maxOutbound,
            int minTickets, int maxTickets, int minNps, int maxNps, boolean advocates, String[] tiers) {
        this.quadrantId = quadrantId;
        this.minActiveDays = minActiveDays;
        this.maxActiveDays = maxActiveDays;
        this.minActiveDaysBefore = minActiveDaysBefore;
        this.maxActiveDaysBefore = maxActiveDaysBefore;
        this.minFeatureShare = minFeatureShare;
        this.maxFeatureShare = maxFeatureShare;
        this.minInbound = minInbound;
        this.maxInbound = maxInbound;
        this.minOutbound = minOutbound;
        this.maxOutbound = maxOutbound;
        this.minTickets = minTickets;
        this.maxTickets = maxTickets;
        this.minNps = minNps;
        this.maxNps = maxNps;
        this.advocates = advocates;
        this.tiers = tiers;
    }
}
