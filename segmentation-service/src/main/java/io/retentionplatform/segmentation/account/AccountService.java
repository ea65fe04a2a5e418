package io.retentionplatform.segmentation.account;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.arr.ArrMovementStore;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.retentionplatform.segmentation.kpi.ArrLedger;
import io.retentionplatform.segmentation.kpi.MovementKind;
import io.retentionplatform.segmentation.membership.SegmentAssignment;
import io.retentionplatform.segmentation.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.hibernate.LockMode;

/**
 * Applies the CRM's view of accounts. A changed ARR becomes an ARR movement (the ledger stays the one source of truth
 * for revenue; the CRM's figure wins over what events said, through a correcting movement). Every change is announced
 * on account-changes through the outbox, and the accounts' segments are re-decided, in the same transaction. A record
 * identical to what is held changes nothing (so re-importing a file is harmless).
 */
@ApplicationScoped
public class AccountService {

    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** One account of a batch: its id and the CRM's fields. */
    public record AccountRecord(String id, AccountInput input) {
    }

    private final Outbox outbox;
    private final ArrMovementStore movements;
    private final SegmentAssignment assignment;
    private final SegmentationConfig config;
    private final Clock clock;

    public AccountService(Outbox outbox, ArrMovementStore movements, SegmentAssignment assignment, SegmentationConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.movements = movements;
        this.assignment = assignment;
        this.config = config;
        this.clock = clock;
    }

    /** The ARR in the reporting currency; empty if no rate is configured for the currency. */
    public Optional<BigDecimal> toReporting(BigDecimal amount, String currency) {
        String reporting = config.money().reportingCurrency();
        if (currency == null || currency.equals(reporting)) {
            return Optional.of(amount.setScale(2, RoundingMode.HALF_UP));
        }
        BigDecimal rate = config.money().rates().get(currency);
        return rate == null ? Optional.empty() : Optional.of(amount.multiply(rate).setScale(2, RoundingMode.HALF_UP));
    }

    public boolean knowsCurrency(String currency) {
        return currency == null || currency.equals(config.money().reportingCurrency()) || config.money().rates().containsKey(currency);
    }

    /** Upserts the records (ids unique within the call) in the caller's transaction; outcomes in the same order. */
    public Uni<List<Outcome>> upsertAll(List<AccountRecord> records, String source) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> ids = records.stream().map(AccountRecord::id).toList();
        return Panache.getSession().chain(session -> session
                        .createQuery("FROM Account WHERE accountId IN :ids", Account.class)
                        .setParameter("ids", ids)
                        .setLockMode(LockMode.PESSIMISTIC_WRITE)
                        .getResultList()
                        .chain(found -> movements.accountsWithHistory(ids).map(history -> new Loaded(found, history))))
                .chain(loaded -> {
                    Map<String, Account> byId = new HashMap<>();
                    loaded.accounts().forEach(a -> byId.put(a.accountId, a));
                    List<Outcome> outcomes = new ArrayList<>();
                    List<Account> created = new ArrayList<>();
                    List<Account> changed = new ArrayList<>();
                    List<ArrMovementStore.NewMovement> newMovements = new ArrayList<>();
                    for (AccountRecord record : records) {
                        Account account = byId.get(record.id());
                        boolean isNew = account == null;
                        if (isNew) {
                            account = new Account();
                            account.accountId = record.id();
                            account.updatedAt = now;
                        }
                        AccountInput in = record.input();
                        BigDecimal arr = toReporting(in.arr(), in.currency()).orElseThrow();
                        if (!isNew && account.crmKnown && sameAs(account, in, arr)) {
                            outcomes.add(Outcome.UNCHANGED);
                            continue;
                        }
                        if (arr.compareTo(account.arr) != 0) {
                            Optional<MovementKind> kind = ArrLedger.inferKind(account.arr, arr,
                                    loaded.withHistory().contains(account.accountId));
                            if (kind.isPresent()) {
                                LocalDate effective = in.arrEffectiveDate() != null ? in.arrEffectiveDate()
                                        : account.crmKnown || in.contractStart() == null ? today : in.contractStart();
                                newMovements.add(new ArrMovementStore.NewMovement(account.accountId, kind.get(),
                                        arr.subtract(account.arr), arr, effective, source,
                                        source + ":" + account.accountId + ":v" + (account.crmVersion + 1),
                                        "CRM ARR " + account.arr.toPlainString() + " -> " + arr.toPlainString()));
                            }
                        }
                        apply(account, in, arr, now);
                        outcomes.add(isNew || !account.crmKnown ? Outcome.CREATED : Outcome.UPDATED);
                        account.crmKnown = true;
                        (isNew ? created : changed).add(account);
                    }
                    List<Account> all = new ArrayList<>(created);
                    all.addAll(changed);
                    return persistAll(created)
                            .chain(() -> movements.insert(newMovements))
                            .chain(() -> announce(all))
                            .chain(() -> assignment.reassess(all))
                            .replaceWith(outcomes);
                });
    }

    private record Loaded(List<Account> accounts, Set<String> withHistory) {
    }

    private Uni<Void> persistAll(List<Account> created) {
        if (created.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.persistAll(created.toArray()));
    }

    /** Publishes the accounts' current data on account-changes (through the outbox), with a new account version. */
    public Uni<Void> announce(List<Account> accounts) {
        List<Outbox.Entry> entries = new ArrayList<>();
        Instant now = clock.instant();
        for (Account a : accounts) {
            a.crmVersion++;
            String messageId = UUID.randomUUID().toString();
            Set<String> premium = new HashSet<>(a.entitledFeatures);
            premium.retainAll(Set.copyOf(config.premiumFeatures()));
            entries.add(new Outbox.Entry(Topics.ACCOUNT_CHANGES, a.accountId, messageId, new AccountChangeMessage(
                    AccountChangeMessage.SCHEMA_VERSION, messageId, a.accountId, a.crmVersion, a.name, a.planTier,
                    a.entitledFeatures, premium.stream().sorted().toList(), a.arr.doubleValue(), a.renewalDate, now,
                    a.industry, a.currency, a.contractStart, a.owner, a.active)));
        }
        return outbox.addAll(entries);
    }

    private boolean sameAs(Account a, AccountInput in, BigDecimal arr) {
        return Objects.equals(a.name, in.name()) && Objects.equals(a.industry, in.industry())
                && Objects.equals(a.planTier, in.planTier()) && a.entitledFeatures.equals(in.features())
                && a.arr.compareTo(arr) == 0 && a.contractArr != null && a.contractArr.compareTo(in.arr()) == 0
                && Objects.equals(a.currency, currencyOf(in)) && Objects.equals(a.contractStart, in.contractStart())
                && Objects.equals(a.renewalDate, in.renewalDate()) && Objects.equals(a.owner, in.owner());
    }

    private String currencyOf(AccountInput in) {
        return in.currency() == null ? config.money().reportingCurrency() : in.currency();
    }

    private void apply(Account a, AccountInput in, BigDecimal arr, Instant now) {
        a.name = in.name();
        a.industry = in.industry();
        a.planTier = in.planTier();
        a.entitledFeatures = in.features();
        a.arr = arr;
        a.contractArr = in.arr().setScale(2, RoundingMode.HALF_UP);
        a.currency = currencyOf(in);
        a.contractStart = in.contractStart();
        a.renewalDate = in.renewalDate();
        a.owner = in.owner();
        a.active = arr.signum() > 0;
        a.crmUpdatedAt = now;
        a.updatedAt = now;
    }
}
