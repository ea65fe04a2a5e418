package io.retentionplatform.infra.attack;

/** How the campaign judges one answer. */
public enum Verdict {
    /** Refused or rejected as the probe expects (or the connection closed on an oversized request). */
    REJECTED,
    /** 2xx where a refusal or a rejection was due; for GraphQL, the field ran or no error came back. */
    UNEXPECTED_SUCCESS,
    /** 5xx, no answer in time, or the connection dropped on an ordinary request. */
    SERVER_ERROR,
    /** 429. */
    RATE_LIMITED,
    /** Refused or rejected, but not with the status expected (e.g. 400 where 401 was due, 401 with valid credentials). */
    OTHER_STATUS
}
