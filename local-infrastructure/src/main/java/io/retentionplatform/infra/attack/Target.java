package io.retentionplatform.infra.attack;

/**
 * One thing the campaign attacks: a REST operation of a service or a root field of the gateway's GraphQL schema.
 * Both say where they live and who may call them.
 */
public sealed interface Target permits RestOperation, GraphQLField {

    /** scoring, segmentation, nurture or gateway. */
    String service();

    Access access();

    /** "POST /events" or "mutation startPilot", for reports. */
    String label();
}
