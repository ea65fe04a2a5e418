package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.HealthCalculator;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.signals.AccountSignals;

/**
 * {@code ./suite bench churn}: snapshots, training and backtest of the churn model on a generated portfolio, and the
 * scoring of every account, in process (the churn pipeline is plain Java in scoring-service; no server, Kafka or
 * database is involved, so the figures are those of the model's own work). Defaults: 100,000 accounts, 12 monthly
 * cut-offs (the month ends of 2025), a 90-day horizon.
 *
 * <p><b>The generating process</b> (seeded per account, so every run makes the same portfolio):
 * <ul>
 * <li>each account has a plan (basic 60%, premium 30%, enterprise 10%; 4, 8 or 12 entitled features, the premium tiers
 * 3 premium ones), ARR log-normal around 12,000 / 40,000 / 120,000 EUR, a contract start 1-48 months before the
 * history and a yearly renewal on its anniversary;</li>
 * <li>a latent health {@code h ~ N(0, 1)} that drifts each month ({@code N(0, 0.25)}; a fifth of the accounts decline,
 * {@code -0.08} a month); a third are "quiet" customers with a tenth of the usual human contact;</li>
 * <li>events, monthly from {@code h}: active days {@code ~ Poisson(12 + 6h)} (a login each), feature uses (more
 * features for higher {@code h}; a premium account with {@code h < 0} never touches its premium features), inbound
 * contacts {@code ~ Poisson(1.2 sigmoid(h))} (quiet: a tenth), outbound {@code ~ Poisson(0.5)}, tickets
 * {@code ~ Poisson(0.2 + 1.2 sigmoid(-h))} (a fifth high severity, closed within days), marketing clicks, an NPS
 * answer twice a year ({@code 7 + 1.5h + N(0, 2)}, clipped 0-10);</li>
 * <li>churn is decided at the renewal, as in B2B contracts: {@code P = sigmoid(-3.4 - 1.6h + 1.4 quiet90 +
 * 0.8 premiumUnused + 0.6 min(3, recentTickets))} where {@code quiet90} means no human contact in the 90 days before the
 * renewal, {@code premiumUnused} a premium plan none of whose premium features was used since the last renewal, and
 * {@code recentTickets} this month's tickets plus half of the running count before;
 * a small mid-term hazard (0.2% a month) adds churn the renewal date does not announce; a renewal that is not lost
 * contracts by 20-60% with {@code P = 0.15 sigmoid(-h)}. Each is an ARR movement with its CRM facts (inactive after a
 * churn); a renewal brings new facts with the next renewal date.</li>
 * </ul>
 * So churn is driven by things the health score sees only in part (renewal timing, silence, unused premium features)
 * and by noise the model cannot see: a useful model should beat the health score, not reach certainty.
 *
 * <p>Printed: (a) the time to build every snapshot, (b) the time to train and backtest (three time-ordered folds and the
 * final model; fits are sampled to {@code --max-fit-rows}, 200,000), the backtest metrics of the model and of the
 * health score, (c) the time to score every account still a customer as the service does: from the signals its state
 * already holds (folded beforehand, untimed, as {@code account_state} holds them), the health assessment now, the
 * features, the probability and the drivers. Last line:
 * {@code churn_accounts=... train_s=... score_s=... model_auc=... health_score_auc=...}, where {@code train_s} is (a) +
 * (b). Goals: {@code train_s < 120}, {@code score_s < 10}, the model's ROC-AUC above the health score's.
 */
public final class ChurnBenchmark {

    static final Instant HISTORY_START = Instant.parse("2024-10-01T00:00:00Z");
    static final Instant KNOWN_UNTIL = Instant.parse("2026-04-01T00:00:00Z");
    static final HealthModel MODEL = new HealthModel(1, 0.35, 0.25, 0.30, 0.10, 0.15, 70, 40, 30, 90, 30,
            Set.of("premium", "enterprise"));
    private static final Map<String, Object> INBOUND = Map.of("direction", "inbound");
    private static final Map<String, Object> OUTBOUND = Map.of("direction", "outbound");
    private static final String[] FEATURES = {"dashboards", "reports", "exports", "alerts", "api", "sso", "workflows",
        "forecasting", "audit-log", "sandbox", "integrations", "custom-fields"};

    private ChurnBenchmark() {
    }

    public static void main(String[] args) {
        int accounts = intArg(args, "--accounts", 100_000);
        int maxFitRows = intArg(args, "--max-fit-rows", 200_000);
        boolean full = accounts == 100_000;
        List<Instant> cutoffs = ChurnTraining.monthEnds(Instant.parse("2026-01-15T00:00:00Z"), 12);
        System.out.printf(Locale.ROOT, "[churn] %s run: %,d accounts x %d monthly cut-offs (%s .. %s), horizon 90 days, %d cores%n",
                full ? "full-size" : "REDUCED", accounts, cutoffs.size(), cutoffs.get(0), cutoffs.get(cutoffs.size() - 1),
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        AccountHistory[] histories = new AccountHistory[accounts];
        IntStream.range(0, accounts).parallel().forEach(i -> histories[i] = generate(i));
        long events = Arrays.stream(histories).mapToLong(h -> h.events().size()).sum();
        long churns = Arrays.stream(histories).mapToLong(h -> h.movements().stream()
                .filter(m -> ArrMovement.CHURN.equals(m.kind())).count()).sum();
        System.out.printf(Locale.ROOT, "[churn] generated %,d events and %,d churns in %.1f s (not part of any figure)%n",
                events, churns, seconds(t0));

        long t1 = System.nanoTime();
        SnapshotBuilder builder = new SnapshotBuilder(MODEL, LabelRule.DEFAULT);
        List<FeatureSnapshot> snapshots;
        snapshots = Arrays.stream(histories).parallel()
                .flatMap(h -> builder.snapshots(h, cutoffs, KNOWN_UNTIL).stream()).toList();
        double snapshotSeconds = seconds(t1);
        long churned = snapshots.stream().filter(s -> Boolean.TRUE.equals(s.churned())).count();
        System.out.printf(Locale.ROOT, "[churn] (a) snapshots: %,d rows (account x cut-off), %,d churned within 90 days (%.1f%%), in %.1f s%n",
                snapshots.size(), churned, 100.0 * churned / snapshots.size(), snapshotSeconds);

        long t2 = System.nanoTime();
        ChurnBacktest.Result result = new ChurnBacktest(new ChurnTrainer(), 3, maxFitRows)
                .run(ChurnFeature.columns(), snapshots, LabelRule.DEFAULT, 1, KNOWN_UNTIL, "benchmark");
        double trainSeconds = seconds(t2);
        snapshots = null; // no longer needed: the memory goes to (c)
        BacktestReport report = result.report();
        System.out.printf(Locale.ROOT, "[churn] (b) training + backtest: %d folds and the final model in %.1f s%n",
                report.folds().size(), trainSeconds);
        for (BacktestReport.Fold fold : report.folds()) {
            System.out.printf(Locale.ROOT, "[churn]     fold T=%s: trained on %d cut-offs (%,d rows), tested on %,d: model ROC-AUC %.3f, health score %.3f%n",
                    LocalDate.ofInstant(fold.testCutoff(), ZoneOffset.UTC), fold.trainCutoffs(), fold.trainRows(),
                    fold.testRows(), fold.model().rocAuc(), fold.healthScore().rocAuc());
        }
        print("model", report.model());
        print("health score", report.healthScore());
        System.out.println("[churn]     calibration of the model per decile (expected -> observed): " + String.join(", ",
                report.model().calibration().stream().map(d -> String.format(Locale.ROOT, "%.3f->%.3f", d.expected(),
                        d.observed())).toList()));
        System.out.println("[churn]     " + report.verdict());
        ChurnModel model = result.model();
        List<String> top = new ArrayList<>();
        Integer[] order = IntStream.range(0, model.weights().length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(model.weights()[b]), Math.abs(model.weights()[a])));
        for (int k = 0; k < 6; k++) {
            top.add(String.format(Locale.ROOT, "%s %+.2f", model.features().get(order[k]), model.weights()[order[k]]));
        }
        System.out.println("[churn]     largest weights (log-odds per standard deviation): " + String.join(", ", top));

        // (c) as scoring-service scores: each account's events are already folded into its state (account_state) with
        // a daily score 30 days back, so that part is prepared untimed; timed is what a rescore and the churn scoring
        // then do for every account: the health assessment now, the features, the probability, the drivers.
        Instant now = KNOWN_UNTIL.minusSeconds(1);
        Instant monthBefore = now.minus(30, ChronoUnit.DAYS);
        HealthCalculator calculator = new HealthCalculator();
        List<LiveAccount> live = Arrays.stream(histories).parallel()
                .filter(h -> !SnapshotBuilder.churnedBy(h, SnapshotBuilder.latestFacts(h, now), now))
                .map(h -> {
                    AccountSignals signals = new AccountSignals();
                    AccountFacts facts = SnapshotBuilder.latestFacts(h, now);
                    AccountFacts then = SnapshotBuilder.latestFacts(h, monthBefore);
                    int scoreThen = -1;
                    for (HistoricEvent e : h.events()) {
                        if (scoreThen < 0 && e.occurredAt().isAfter(monthBefore)) {
                            scoreThen = calculator.assess(signals, SnapshotBuilder.plan(then), MODEL, monthBefore).score();
                        }
                        if (e.type().category() != io.retentionplatform.contracts.EventCategory.COMMERCIAL) {
                            signals.apply(e.type(), e.occurredAt(), e.attributes());
                        }
                    }
                    signals.prune(LocalDate.ofInstant(now, ZoneOffset.UTC)); // bounded, as every rescore leaves a state
                    return new LiveAccount(h.accountId(), signals, facts, h.movements(), scoreThen);
                }).toList();
        Arrays.fill(histories, null); // the events stay behind, as they do in the service's event store
        long t3 = System.nanoTime();
        long[] bands = new long[3];
        String[] example = new String[1];
        live.parallelStream().forEach(a -> {
            HealthAssessment health = calculator.assess(a.signals(), SnapshotBuilder.plan(a.facts()), MODEL, now);
            double[] vector = ChurnFeatures.vector(health, a.scoreThen() < 0 ? 0 : health.score() - a.scoreThen(), a.facts(),
                    a.movements(), MODEL, now);
            double[] row = model.select(vector);
            double p = model.probability(row);
            List<ChurnModel.Driver> drivers = model.drivers(row, ChurnModel.DRIVERS);
            synchronized (bands) {
                bands[ChurnModel.band(p).equals("high") ? 2 : ChurnModel.band(p).equals("medium") ? 1 : 0]++;
                if (example[0] == null && p >= ChurnModel.HIGH_FROM) {
                    example[0] = String.format(Locale.ROOT, "%s p=%.2f: %s", a.accountId(), p,
                            String.join("; ", drivers.stream().map(ChurnModel.Driver::text).toList()));
                }
            }
        });
        double scoreSeconds = seconds(t3);
        System.out.printf(Locale.ROOT, "[churn] (c) scoring: %,d accounts still customers scored in %.2f s (low %,d, medium %,d, high %,d); the %,d that churned have no risk%n",
                bands[0] + bands[1] + bands[2], scoreSeconds, bands[0], bands[1], bands[2], accounts - live.size());
        System.out.println("[churn]     e.g. " + example[0]);

        double total = snapshotSeconds + trainSeconds;
        double modelAuc = report.model().rocAuc();
        double healthAuc = report.healthScore().rocAuc();
        System.out.printf(Locale.ROOT, "[churn] goals: snapshots + training + backtest %.1f s (< 120: %s); scoring %.2f s (< 10: %s); model ROC-AUC %.3f above the health score's %.3f: %s%s%n",
                total, total < 120 ? "met" : "MISSED", scoreSeconds, scoreSeconds < 10 ? "met" : "MISSED", modelAuc,
                healthAuc, modelAuc > healthAuc ? "met" : "MISSED", full ? "" : " (REDUCED run: not the 100,000-account goal)");
        System.out.printf(Locale.ROOT, "churn_accounts=%d train_s=%.1f score_s=%.2f model_auc=%.3f health_score_auc=%.3f%n",
                accounts, total, scoreSeconds, modelAuc, healthAuc);
    }

    /**
     * An account as scoring-service holds it: its folded signals, its CRM facts and ARR movements (churn_history), and
     * its score 30 days back (-1 if none).
     */
    private record LiveAccount(String accountId, AccountSignals signals, AccountFacts facts, List<ArrMovement> movements,
            int scoreThen) {
    }

    private static void print(String name, ChurnMetrics m) {
        System.out.printf(Locale.ROOT, "[churn]     %-12s over %,d test rows (%,d churned): ROC-AUC %.3f, PR-AUC %.3f, top-decile lift %.2f%n",
                name, m.rows(), m.churned(), m.rocAuc(), m.prAuc(), m.topDecileLift());
    }

    /** One account's 18 months (October 2024 to March 2026), by the process in the class comment. */
    static AccountHistory generate(int index) {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + index);
        String tier = random.nextDouble() < 0.6 ? "basic" : random.nextDouble() < 0.75 ? "premium" : "enterprise";
        int entitledCount = tier.equals("basic") ? 4 : tier.equals("premium") ? 8 : 12;
        Set<String> entitled = Set.of(Arrays.copyOf(FEATURES, entitledCount));
        Set<String> premium = tier.equals("basic") ? Set.of() : Set.of(FEATURES[4], FEATURES[5], FEATURES[6]);
        double arr = Math.round((tier.equals("basic") ? 12_000 : tier.equals("premium") ? 40_000 : 120_000)
                * Math.exp(0.5 * random.nextGaussian()));
        LocalDate contractStart = LocalDate.ofInstant(HISTORY_START, ZoneOffset.UTC).minusMonths(1 + random.nextInt(48));
        double h = random.nextGaussian();
        boolean declining = random.nextDouble() < 0.2;
        boolean quiet = random.nextDouble() < 0.33;
        List<HistoricEvent> events = new ArrayList<>();
        List<AccountFacts> facts = new ArrayList<>();
        List<ArrMovement> movements = new ArrayList<>();
        LocalDate renewal = contractStart.plusYears(1);
        while (!renewal.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(HISTORY_START)) {
            renewal = renewal.plusYears(1);
        }
        facts.add(new AccountFacts(HISTORY_START, tier, entitled, premium, arr, renewal, contractStart, true));
        Instant lastContact = null;
        int recentTickets = 0;
        boolean usedPremium = false;
        int ticket = 0;
        for (Instant month = HISTORY_START; month.isBefore(KNOWN_UNTIL); month = month.plus(30, ChronoUnit.DAYS)) {
            h += 0.25 * random.nextGaussian() - (declining ? 0.08 : 0);
            double s = sigmoid(h);
            int activeDays = Math.min(30, poisson(random, Math.max(0.3, 12 + 6 * h)));
            for (int d = 0; d < activeDays; d++) {
                Instant at = month.plus(random.nextInt(30), ChronoUnit.DAYS).plus(8 + random.nextInt(10), ChronoUnit.HOURS);
                events.add(new HistoricEvent(EngagementEventType.USAGE_LOGIN, at, Map.of()));
                if (random.nextDouble() < 0.3) {
                    int reach = Math.max(1, (int) Math.round(entitledCount * (0.3 + 0.7 * s)));
                    String feature = FEATURES[random.nextInt(Math.min(entitledCount, reach))];
                    if (premium.contains(feature) && h < 0) {
                        feature = FEATURES[random.nextInt(4)];
                    }
                    usedPremium |= premium.contains(feature);
                    events.add(new HistoricEvent(EngagementEventType.USAGE_FEATURE_USED, at, Map.of("feature", feature)));
                }
            }
            int inbound = poisson(random, 1.2 * s * (quiet ? 0.1 : 1));
            int outbound = poisson(random, quiet ? 0.1 : 0.5);
            for (int k = 0; k < inbound + outbound; k++) {
                Instant at = month.plus(random.nextInt(30), ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS);
                events.add(new HistoricEvent(EngagementEventType.CONTACT_CALL, at, k < inbound ? INBOUND : OUTBOUND));
                lastContact = lastContact == null || at.isAfter(lastContact) ? at : lastContact;
            }
            int tickets = poisson(random, 0.2 + 1.2 * sigmoid(-h));
            recentTickets = tickets + recentTickets / 2;
            for (int k = 0; k < tickets; k++) {
                Instant at = month.plus(random.nextInt(30), ChronoUnit.DAYS).plus(11, ChronoUnit.HOURS);
                String id = "t" + ticket++;
                events.add(new HistoricEvent(EngagementEventType.SUPPORT_TICKET_OPENED, at,
                        Map.of("ticketId", id, "severity", random.nextDouble() < 0.2 ? "high" : "normal")));
                events.add(new HistoricEvent(EngagementEventType.SUPPORT_TICKET_CLOSED,
                        at.plus(1 + random.nextInt(6), ChronoUnit.DAYS), Map.of("ticketId", id)));
            }
            for (int k = poisson(random, 1.5 * s); k > 0; k--) {
                events.add(new HistoricEvent(EngagementEventType.MARKETING_EMAIL_CLICK,
                        month.plus(random.nextInt(30), ChronoUnit.DAYS), Map.of()));
            }
            if (random.nextDouble() < 1 / 6.0) {
                int nps = (int) Math.max(0, Math.min(10, Math.round(7 + 1.5 * h + 2 * random.nextGaussian())));
                events.add(new HistoricEvent(EngagementEventType.SURVEY_NPS, month.plus(random.nextInt(30), ChronoUnit.DAYS),
                        Map.of("score", nps)));
            }
            // Mid-term churn: rare, and not announced by the renewal date.
            Instant monthEnd = month.plus(30, ChronoUnit.DAYS);
            if (random.nextDouble() < 0.002) {
                Instant at = month.plus(random.nextInt(30), ChronoUnit.DAYS);
                movements.add(new ArrMovement(at, ArrMovement.CHURN, arr));
                facts.add(new AccountFacts(at, tier, entitled, premium, 0.0, null, contractStart, false));
                return trimmed(index, events, facts, movements, at);
            }
            Instant renewalAt = renewal.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!renewalAt.isBefore(month) && renewalAt.isBefore(monthEnd)) {
                boolean quiet90 = lastContact == null || lastContact.isBefore(renewalAt.minus(90, ChronoUnit.DAYS));
                boolean premiumUnused = !premium.isEmpty() && !usedPremium;
                double p = sigmoid(-3.4 - 1.6 * h + 1.4 * (quiet90 ? 1 : 0) + 0.8 * (premiumUnused ? 1 : 0)
                        + 0.6 * Math.min(3, recentTickets));
                if (random.nextDouble() < p) {
                    movements.add(new ArrMovement(renewalAt, ArrMovement.CHURN, arr));
                    facts.add(new AccountFacts(renewalAt, tier, entitled, premium, 0.0, null, contractStart, false));
                    return trimmed(index, events, facts, movements, renewalAt);
                }
                renewal = renewal.plusYears(1);
                if (random.nextDouble() < 0.15 * sigmoid(-h)) {
                    double cut = Math.round(arr * (0.2 + 0.4 * random.nextDouble()));
                    arr -= cut;
                    movements.add(new ArrMovement(renewalAt, ArrMovement.CONTRACTION, cut));
                } else {
                    movements.add(new ArrMovement(renewalAt, "renewal", 0));
                }
                facts.add(new AccountFacts(renewalAt, tier, entitled, premium, arr, renewal, contractStart, true));
                usedPremium = false;
            }
        }
        return trimmed(index, events, facts, movements, KNOWN_UNTIL);
    }

    /** A churned customer sends nothing after it left. */
    private static AccountHistory trimmed(int index, List<HistoricEvent> events, List<AccountFacts> facts,
            List<ArrMovement> movements, Instant end) {
        events.removeIf(e -> !e.occurredAt().isBefore(end));
        return new AccountHistory("bench-" + index, events, facts, movements);
    }

    private static int poisson(SplittableRandom random, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = random.nextDouble();
        while (p > l && k < 200) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
