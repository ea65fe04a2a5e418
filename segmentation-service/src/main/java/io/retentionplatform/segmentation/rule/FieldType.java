package io.retentionplatform.segmentation.rule;

/** What kind of value a rule field holds; it decides the operators a condition on the field may use. */
public enum FieldType {
    TEXT("text"),
    NUMBER("number"),
    DATE("date"),
    BOOLEAN("boolean"),
    /** A set of texts, such as the plan's entitled features. */
    TEXT_SET("set of texts");

    private final String description;

    FieldType(String description) {
        this.description = description;
    }

    /** For messages: "text", "number", "date", "boolean", "set of texts". */
    public String description() {
        return description;
    }
}
