package io.retentionplatform.scoring.health;

/** The parts of the health score (seed 000, step 2: adoption + support + engagement), plus the capped survey. */
public enum Component {
    ADOPTION, SUPPORT, ENGAGEMENT, SURVEY;

    public String label() {
        return name().toLowerCase();
    }
}
