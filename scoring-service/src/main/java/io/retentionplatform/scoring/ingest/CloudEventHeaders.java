package io.retentionplatform.scoring.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ce-} headers of a CloudEvent in binary content mode (HTTP protocol binding 1.0.2, 3.1.3): each names a
 * context attribute ({@code ce-type} is {@code type}); its value is unquoted if double-quoted (RFC 7230, 3.2.6), then
 * percent-decoded once, and must be valid UTF-8. Written here because the official SDK's HTTP reader neither decodes
 * header values nor reports more than the first missing attribute (see the README).
 */
final class CloudEventHeaders {

    static final String PREFIX = "ce-";

    private CloudEventHeaders() {
    }

    /**
     * @param attributes attribute name (lower case, without {@code ce-}) -> decoded value
     * @param violations headers whose value could not be decoded, by header name
     */
    record Decoded(Map<String, String> attributes, List<FieldViolation> violations) {
    }

    /** True when the request is a CloudEvent in binary mode: it carries {@code ce-specversion}. */
    static boolean isBinaryMode(Map<String, List<String>> headers) {
        return headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(PREFIX + "specversion"));
    }

    static Decoded decode(Map<String, List<String>> headers) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<FieldViolation> violations = new ArrayList<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(PREFIX) || lower.length() == PREFIX.length() || values.isEmpty()) {
                return;
            }
            if (values.size() > 1) {
                violations.add(new FieldViolation(lower, "must be sent once"));
                return;
            }
            try {
                attributes.put(lower.substring(PREFIX.length()), decodeValue(values.get(0)));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(lower, e.getMessage()));
            }
        });
        return new Decoded(attributes, violations);
    }

    /** A header value as the attribute's string: unquoted, then percent-decoded once (strict UTF-8). */
    static String decodeValue(String raw) {
        String value = unquote(raw.strip());
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException("has a '%' not followed by two hexadecimal digits (percent-encoding)");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not valid UTF-8 once percent-decoded");
        }
    }

    /** A double-quoted string without its quotes and backslash escapes; anything else as it is. */
    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder unquoted = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            unquoted.append(c);
        }
        return unquoted.toString();
    }
}
