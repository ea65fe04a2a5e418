package io.retentionplatform.scoring.signals;

import java.util.Set;
import java.util.TreeSet;

/**
 * One day of one account's signals: counts per kind. The feature names used that day are no longer recorded (one entry
 * per feature in {@link AccountSignals#featureLastUsed()} says the same and stays bounded); {@link #features()} holds
 * only what documents written before still carry, until {@link AccountSignals#prune} empties it.
 */
public final class DaySignals {

    int logins;
    int featureUses;
    final Set<String> features = new TreeSet<>();
    int ticketsOpened;
    int ticketsClosed;
    int highSeverityOpened;
    int inboundContacts;
    int outboundContacts;
    int marketingTouches;
    int advocacyActs;

    public boolean active() {
        return logins + featureUses > 0;
    }

    public int logins() {
        return logins;
    }

    public int featureUses() {
        return featureUses;
    }

    public Set<String> features() {
        return features;
    }

    public int ticketsOpened() {
        return ticketsOpened;
    }

    public int ticketsClosed() {
        return ticketsClosed;
    }

    public int highSeverityOpened() {
        return highSeverityOpened;
    }

    public int inboundContacts() {
        return inboundContacts;
    }

    public int outboundContacts() {
        return outboundContacts;
    }

    public int marketingTouches() {
        return marketingTouches;
    }

    public int advocacyActs() {
        return advocacyActs;
    }

    /** Restores a stored day (see the state store's mapping). */
    public static DaySignals of(int logins, int featureUses, Set<String> features, int ticketsOpened, int ticketsClosed,
            int highSeverityOpened, int inboundContacts, int outboundContacts, int marketingTouches, int advocacyActs) {
        DaySignals d = new DaySignals();
        d.logins = logins;
        d.featureUses = featureUses;
        d.features.addAll(features);
        d.ticketsOpened = ticketsOpened;
        d.ticketsClosed = ticketsClosed;
        d.highSeverityOpened = highSeverityOpened;
        d.inboundContacts = inboundContacts;
        d.outboundContacts = outboundContacts;
        d.marketingTouches = marketingTouches;
        d.advocacyActs = advocacyActs;
        return d;
    }
}
