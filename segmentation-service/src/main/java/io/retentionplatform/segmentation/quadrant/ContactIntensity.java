package io.retentionplatform.segmentation.quadrant;

/**
 * The contact axis of the quadrant: communication frequency over the last 90 days, inbound (customer-initiated)
 * contacts weighted above outbound ones (seed 000, step 1: "Communication Frequency / Inbound Contact").
 */
public final class ContactIntensity {

    private ContactIntensity() {
    }

    /** With the default weights: inbound 1.0, outbound 0.5. */
    public static double of(int inbound90, int outbound90) {
        return of(inbound90, outbound90, ContactWeights.DEFAULT);
    }

    /** inbound90 x inboundWeight + outbound90 x outboundWeight; rejects outboundWeight above inboundWeight. */
    public static double of(int inbound90, int outbound90, double inboundWeight, double outboundWeight) {
        return of(inbound90, outbound90, new ContactWeights(inboundWeight, outboundWeight));
    }

    public static double of(int inbound90, int outbound90, ContactWeights weights) {
        if (inbound90 < 0) {
            throw new IllegalArgumentException("inbound90 must be 0 or more, got " + inbound90);
        }
        if (outbound90 < 0) {
            throw new IllegalArgumentException("outbound90 must be 0 or more, got " + outbound90);
        }
        return inbound90 * weights.inbound() + outbound90 * weights.outbound();
    }
}
