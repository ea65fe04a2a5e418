package io.retentionplatform.gateway.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import io.micrometer.core.instrument.Metrics;

/**
 * Counts every call the gateway makes to a service ({@code gateway_downstream_calls_total}, tagged by service host and
 * port and by path template-free method): the figure that shows whether list fields resolve in batches (a page of
 * accounts costs a fixed number of calls, not one per account).
 */
public class DownstreamCalls implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        Metrics.counter("gateway.downstream.calls", "target", request.getUri().getHost() + ":" + request.getUri().getPort())
                .increment();
    }
}
