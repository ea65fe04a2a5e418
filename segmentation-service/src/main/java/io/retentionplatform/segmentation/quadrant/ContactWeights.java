package io.retentionplatform.segmentation.quadrant;

/**
 * How much one human contact counts towards contact intensity, by who started it. Seed 000 puts the contact axis as
 * "communication frequency / inbound contact": a customer who reaches out says more than one who answers, so inbound
 * weighs at least as much as outbound.
 *
 * @param inbound  weight of a customer-initiated contact (call, meeting, e-mail reply)
 * @param outbound weight of a contact the vendor started; never above {@code inbound}
 */
public record ContactWeights(double inbound, double outbound) {

    public static final ContactWeights DEFAULT = new ContactWeights(1.0, 0.5);

    public ContactWeights {
        if (!Double.isFinite(inbound) || inbound < 0) {
            throw new IllegalArgumentException("inboundWeight must be a number of 0 or more, got " + inbound);
        }
        if (!Double.isFinite(outbound) || outbound < 0) {
            throw new IllegalArgumentException("outboundWeight must be a number of 0 or more, got " + outbound);
        }
        if (outbound > inbound) {
            throw new IllegalArgumentException("outboundWeight (" + outbound + ") must not exceed inboundWeight ("
                    + inbound + "): the axis measures inbound contact first");
        }
    }
}
